// y-indexeddb's store of a federation document: one row per stored update, under increasing keys.
import * as Y from 'yjs';

/** y-indexeddb's object store of updates (autoincrement keys). */
export const UPDATES = 'updates';
/** Rows stored in one session after which they are merged into one. */
export const MERGE_EVERY = 500;
/** Updates this large are left as they are (the relay sends a first sync in 512 KiB chunks). */
export const LARGE_ROW = 256 * 1024;

/** The key of the newest stored update, read in a transaction opened now, in call order. */
export function newestKeyIn(db: IDBDatabase): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const request = db
      .transaction(UPDATES, 'readonly')
      .objectStore(UPDATES)
      .openKeyCursor(null, 'prev');
    request.onsuccess = () => {
      const key = request.result?.key;
      resolve(typeof key === 'number' ? key : null);
    };
    request.onerror = () => reject(request.error ?? new Error('IndexedDB read failed'));
  });
}

/** Adds one update as a row. */
export function addRow(db: IDBDatabase, update: Uint8Array): void {
  db.transaction(UPDATES, 'readwrite').objectStore(UPDATES).add(update);
}

/**
 * Merges the rows after key `after` into one, stored under the newest of their keys, in one
 * transaction; resolves with that key (or `after` if there was nothing to merge). What the rows
 * hold together is unchanged: only how many rows hold it.
 */
export function mergeRowsAfter(db: IDBDatabase, after: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(UPDATES, 'readwrite');
    const store = tx.objectStore(UPDATES);
    const range = IDBKeyRange.lowerBound(after, true);
    const keys = store.getAllKeys(range);
    const rows = store.getAll(range);
    let last = after;
    rows.onsuccess = () => {
      const at = keys.result as number[];
      if (at.length < 2) return;
      last = at[at.length - 1] as number;
      store.put(Y.mergeUpdates(rows.result as Uint8Array[]), last);
      store.delete(IDBKeyRange.bound(after, last, true, true));
    };
    tx.oncomplete = () => resolve(last);
    tx.onerror = tx.onabort = () => reject(tx.error ?? new Error('IndexedDB aborted'));
  });
}

/**
 * Stores a loaded document's updates, one row each, and merges them every MERGE_EVERY rows.
 * y-indexeddb instead reads every row and stores the whole document encoded anew: at five-year
 * scale a freeze of seconds every few hundred keystrokes. Only the rows stored since the last merge
 * are merged here, a cost that grows with those rows, not with the document.
 */
export class RowWriter {
  #db: IDBDatabase;
  /** Rows up to this key are not this writer's to merge. */
  #mergedUpTo: Promise<number>;
  #rows = 0;
  #merging = false;

  /** Create it once the copy is loaded, before the first update: later rows are its own. */
  constructor(db: IDBDatabase) {
    this.#db = db;
    this.#mergedUpTo = this.#newest();
  }

  /** Stores one update. */
  add(update: Uint8Array): void {
    addRow(this.#db, update);
    if (update.length >= LARGE_ROW) {
      // A whole document or a chunk of one (an import, a first sync): merged again, it would cost
      // the very seconds this avoids. Later merges start after it.
      const at = this.#newest();
      this.#mergedUpTo = Promise.all([this.#mergedUpTo, at]).then(([a, b]) => Math.max(a, b));
      this.#rows = 0;
    } else if (++this.#rows >= MERGE_EVERY && !this.#merging) {
      this.#rows = 0;
      this.#merge();
    }
  }

  #merge(): void {
    this.#merging = true;
    this.#mergedUpTo = this.#mergedUpTo
      .then((after) => mergeRowsAfter(this.#db, after))
      .catch((e: unknown) => {
        console.warn('could not merge stored updates', e);
        return this.#newest();
      })
      .finally(() => (this.#merging = false));
  }

  #newest(): Promise<number> {
    return newestKeyIn(this.#db).then((key) => key ?? 0);
  }
}
