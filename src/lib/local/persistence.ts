// The device's copy of each federation document: y-indexeddb, one IndexedDB database per federation.
import { IndexeddbPersistence } from 'y-indexeddb';
import type * as Y from 'yjs';
import type { FederationId } from '$lib/domain/ids';
import { addRow, mergeRowsAfter, newestKeyIn } from './rows';

/** Rows stored in one session after which they are merged into one. */
export const MERGE_EVERY = 500;
/** Updates this large are left as they are (the relay sends a first sync in 512 KiB chunks). */
export const LARGE_ROW = 256 * 1024;

/** A federation document bound to its IndexedDB copy. */
export interface LocalCopy {
  /** Resolves once every update stored so far is committed (a page closed before that loses them). */
  flush(): Promise<void>;
  /** Stops persisting (the stored copy stays). */
  destroy(): Promise<void>;
  /**
   * The key of the newest stored update, asked now: it covers every update of the document so
   * far, as y-indexeddb queues each one's write as it happens.
   */
  newestKey(): Promise<number | null>;
}

/** The IndexedDB database name of a federation's document. */
export function localCopyName(id: FederationId): string {
  return `federation:${id}`;
}

/** Loads the stored copy into `doc` and keeps storing every update; resolves once loaded. */
export async function openLocalCopy(id: FederationId, doc: Y.Doc): Promise<LocalCopy> {
  const persistence = new IndexeddbPersistence(localCopyName(id), doc);
  // Yjs encodes a transaction as an update message only while someone listens for 'update'. The
  // load is one transaction holding the whole document, which y-indexeddb would encode only to skip
  // as its own (a quarter of a cold start), so its listener waits until the load is applied. Nothing
  // is missed: y-indexeddb stores the document's state as it stands just before the load, and
  // 'synced' is emitted synchronously right after it.
  doc.off('update', persistence._storeUpdate);
  // y-indexeddb, every 500 rows, reads them all and stores the whole document encoded anew: at
  // five-year scale a freeze of seconds every few hundred keystrokes. Here only the rows stored
  // since the last merge are merged, a cost that grows with those rows, not with the document.
  let mergedUpTo: Promise<number> = Promise.resolve(0);
  let rows = 0;
  let merging = false;
  const merge = (db: IDBDatabase) => {
    merging = true;
    mergedUpTo = mergedUpTo
      .then((after) => mergeRowsAfter(db, after))
      .catch((e: unknown) => {
        console.warn('could not merge stored updates', e);
        return newestKeyIn(db).then((key) => key ?? 0);
      })
      .finally(() => (merging = false));
  };
  // In y-indexeddb's place, so its destroy() detaches this one.
  persistence._storeUpdate = (update: Uint8Array, origin: unknown) => {
    const db = persistence.db;
    if (origin === persistence || persistence._destroyed || !db) return;
    addRow(db, update);
    if (update.length >= LARGE_ROW) {
      // A whole document or a chunk of one (an import, a first sync): merged again, it would cost
      // the very seconds this avoids. Later merges start after it.
      const key = newestKeyIn(db);
      mergedUpTo = Promise.all([mergedUpTo, key]).then(([after, at]) => Math.max(after, at ?? 0));
      rows = 0;
      return;
    }
    if (++rows >= MERGE_EVERY && !merging) {
      rows = 0;
      merge(db);
    }
  };
  persistence.once('synced', () => {
    if (persistence._destroyed || !persistence.db) return;
    // Asked before this session's first row: the rows after it are this session's to merge.
    mergedUpTo = newestKeyIn(persistence.db).then((key) => key ?? 0);
    doc.on('update', persistence._storeUpdate);
  });
  await persistence.whenSynced;
  const db = persistence.db as IDBDatabase;
  return {
    // IndexedDB starts a read only after every earlier read-write transaction on its store has
    // finished, so this read completes after y-indexeddb's writes so far.
    flush: async () => void (await newestKeyIn(db)),
    destroy: () => persistence.destroy(),
    newestKey: () => newestKeyIn(db),
  };
}

/** Deletes a federation's stored copy from this device. */
export async function deleteLocalCopy(id: FederationId, doc: Y.Doc): Promise<void> {
  const persistence = new IndexeddbPersistence(localCopyName(id), doc);
  await persistence.whenSynced;
  await persistence.clearData();
}
