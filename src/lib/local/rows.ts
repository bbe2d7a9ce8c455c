// y-indexeddb's store of a federation document: one row per stored update, under increasing keys.
import * as Y from 'yjs';

/** y-indexeddb's object store of updates (autoincrement keys). */
export const UPDATES = 'updates';

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
