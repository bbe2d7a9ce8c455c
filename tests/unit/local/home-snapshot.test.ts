// The home screen kept for the next cold start (fake-indexeddb, real y-indexeddb): shown only for
// exactly the stored copy it was read from, never for one that changed since.
import { afterEach, describe, expect, it } from 'vitest';
import { IndexeddbPersistence, storeState } from 'y-indexeddb';
import * as Y from 'yjs';
import { newFederationId } from '$lib/domain/ids';
import { forgetJoined, openDeviceDb, type DeviceDb } from '$lib/local/db';
import { readHomeSnapshot, saveHomeSnapshot } from '$lib/local/home-snapshot';
import { localCopyName } from '$lib/local/persistence';
import { openCopy as open } from './helpers';

const dbs: DeviceDb[] = [];
function freshDb(): DeviceDb {
  const db = openDeviceDb(`test-${crypto.randomUUID()}`);
  dbs.push(db);
  return db;
}

afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

const view = { figure: 3 };

describe('the home snapshot', () => {
  it('is shown for the copy it was read from, and not once anything was stored after it', async () => {
    const db = freshDb();
    const id = newFederationId();
    const { doc, copy } = await open(id);
    doc.getMap('organizations').set('a', 'Oslo');
    // Read right after the write, as the home page does: the key covers that write.
    await saveHomeSnapshot(db, id, 'stamp', view, copy.newestKey());
    expect(await readHomeSnapshot(db, id, 'stamp')).toEqual(view);
    expect(await readHomeSnapshot(db, id, 'another day')).toBeNull();
    doc.getMap('organizations').set('b', 'Malmö');
    await copy.newestKey(); // the write above is stored once this later read has run
    expect(await readHomeSnapshot(db, id, 'stamp')).toBeNull();
  });

  it('still holds after cold starts that changed nothing (y-indexeddb stores an empty row each)', async () => {
    const db = freshDb();
    const id = newFederationId();
    const first = await open(id);
    first.doc.getMap('organizations').set('a', 'Oslo');
    await saveHomeSnapshot(db, id, 'stamp', view, first.copy.newestKey());
    await first.copy.destroy();
    for (let start = 0; start < 3; start++) {
      expect(await readHomeSnapshot(db, id, 'stamp')).toEqual(view);
      const again = await open(id);
      expect(again.doc.getMap('organizations').get('a')).toBe('Oslo');
      await again.copy.destroy();
    }
    expect(await readHomeSnapshot(db, id, 'stamp')).toEqual(view);
    // A start that wrote something ends it.
    const last = await open(id);
    last.doc.getMap('organizations').set('b', 'Malmö');
    await last.copy.newestKey();
    expect(await readHomeSnapshot(db, id, 'stamp')).toBeNull();
  });

  it('does not hold once y-indexeddb merged the rows it was read from', async () => {
    const db = freshDb();
    const id = newFederationId();
    const { doc, copy } = await open(id);
    doc.getMap('organizations').set('a', 'Oslo');
    await saveHomeSnapshot(db, id, 'stamp', view, copy.newestKey());
    await copy.destroy();
    // The merge stores the same content as one new row and deletes the rows before it.
    const persistence = new IndexeddbPersistence(localCopyName(id), new Y.Doc());
    await persistence.whenSynced;
    await storeState(persistence, true);
    await persistence.destroy();
    expect(await readHomeSnapshot(db, id, 'stamp')).toBeNull();
  });

  it('a snapshot for a federation with no stored copy shows nothing and creates no database', async () => {
    const db = freshDb();
    const id = newFederationId();
    await db.homes.put({ federationId: id, storedKey: 1, stamp: 'stamp', view });
    expect(await readHomeSnapshot(db, id, 'stamp')).toBeNull();
    const names = (await indexedDB.databases()).map((d) => d.name);
    expect(names).not.toContain(localCopyName(id));
    // The copy opens normally afterwards.
    const { doc } = await open(id);
    doc.getMap('m').set('k', 1);
    expect(doc.getMap('m').get('k')).toBe(1);
  });

  it('is forgotten with the federation', async () => {
    const db = freshDb();
    const id = newFederationId();
    const { copy } = await open(id);
    await saveHomeSnapshot(db, id, 'stamp', view, copy.newestKey());
    await forgetJoined(db, id);
    expect(await db.homes.get(id)).toBeUndefined();
  });
});
