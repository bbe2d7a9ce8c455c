// The device's copy of each federation document: y-indexeddb, one IndexedDB database per federation.
import { IndexeddbPersistence } from 'y-indexeddb';
import type * as Y from 'yjs';
import type { FederationId } from '$lib/domain/ids';
import { newestKeyIn, RowWriter } from './rows';

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
  let rows: RowWriter | null = null;
  // In y-indexeddb's place (see rows.ts), so its destroy() detaches this one.
  persistence._storeUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin !== persistence && !persistence._destroyed) rows?.add(update);
  };
  persistence.once('synced', () => {
    if (persistence._destroyed || !persistence.db) return;
    rows = new RowWriter(persistence.db);
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
