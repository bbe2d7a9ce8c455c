// The home screen as this device last showed it, kept so that a large federation's home appears
// before its document has loaded. It counts only for exactly the stored copy it was read from:
// up to the key of that copy's newest stored update then, with nothing but empty rows after it
// (any write — a local edit, a sync, another tab, y-indexeddb's own merge — adds a row that is not).
import type { FederationId } from '$lib/domain/ids';
import type { DeviceDb } from './db';
import { localCopyName } from './persistence';
import { UPDATES } from './rows';

/**
 * Whether a federation's stored copy holds nothing beyond its update `key`: that row is there and
 * every later one is empty (y-indexeddb stores the empty document it opens into, on every open).
 * False if there is no copy; none is created.
 */
function unchangedSince(id: FederationId, key: number): Promise<boolean> {
  return new Promise((resolve) => {
    const open = indexedDB.open(localCopyName(id));
    // No such database: opening it would create an empty one that y-indexeddb could not use.
    open.onupgradeneeded = () => open.transaction?.abort();
    open.onerror = () => resolve(false);
    open.onblocked = () => resolve(false);
    open.onsuccess = () => {
      const db = open.result;
      const done = (unchanged: boolean) => {
        db.close();
        resolve(unchanged);
      };
      if (!db.objectStoreNames.contains(UPDATES)) return done(false);
      const store = db.transaction(UPDATES, 'readonly').objectStore(UPDATES);
      // The row itself by its key only: it may be the whole document (an import, 80 MiB).
      const there = store.count(key);
      const after = store.openCursor(IDBKeyRange.lowerBound(key, true));
      there.onerror = after.onerror = () => done(false);
      after.onsuccess = () => {
        const at = after.result;
        if (there.result !== 1) return done(false);
        if (!at) return done(true);
        if (!isEmptyUpdate(at.value)) return done(false);
        at.continue();
      };
    };
  });
}

/** An update that changes nothing: Yjs's encoding of an empty document (no structs, no deletes). */
function isEmptyUpdate(value: unknown): boolean {
  return value instanceof Uint8Array && value.length === 2 && value[0] === 0 && value[1] === 0;
}

/** The view stored for this federation if it was read from the copy as it is now, else null. */
export async function readHomeSnapshot(
  db: DeviceDb,
  id: FederationId,
  stamp: string,
): Promise<unknown> {
  const row = await db.homes.get(id);
  if (row === undefined || row.stamp !== stamp) return null;
  return (await unchangedSince(id, row.storedKey)) ? row.view : null;
}

/** Stores the view read when the copy's newest key was `storedKey` (asked for at that moment). */
export async function saveHomeSnapshot(
  db: DeviceDb,
  id: FederationId,
  stamp: string,
  view: unknown,
  storedKey: Promise<number | null>,
): Promise<void> {
  const key = await storedKey;
  if (key === null) return;
  await db.homes.put({ federationId: id, storedKey: key, stamp, view });
}
