import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addOrganization, blankOrganization, listOrganizations } from '$lib/domain/organizations';
import { newFederationId, newToken, type PersonId } from '$lib/domain/ids';
import {
  ensureProfile,
  forgetJoined,
  getJoined,
  listJoined,
  openDeviceDb,
  patchJoined,
  saveJoined,
  watchJoined,
  type DeviceDb,
  type JoinedFederation,
} from '$lib/local/db';
import { deleteLocalCopy, openLocalCopy } from '$lib/local/persistence';
import { IndexeddbPersistence } from 'y-indexeddb';

const by = 'person-1' as PersonId;
const dbs: DeviceDb[] = [];

function freshDb(): DeviceDb {
  const db = openDeviceDb(`test-${crypto.randomUUID()}`);
  dbs.push(db);
  return db;
}

function row(over: Partial<JoinedFederation> = {}): JoinedFederation {
  return {
    id: newFederationId(),
    name: 'Nordic',
    relayUrl: 'ws://localhost:8787',
    token: newToken(),
    role: 'member',
    addedAt: new Date().toISOString(),
    lastSyncedAt: null,
    ...over,
  };
}

afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

describe('device database', () => {
  it('keeps joined federations in the order they were added', async () => {
    const db = freshDb();
    const a = row({ addedAt: '2026-01-01T00:00:00.000Z' });
    const b = row({ addedAt: '2025-01-01T00:00:00.000Z' });
    await saveJoined(db, a);
    await saveJoined(db, b);
    expect((await listJoined(db)).map((r) => r.id)).toEqual([b.id, a.id]);
    await patchJoined(db, a.id, { lastSyncedAt: '2026-02-02T00:00:00.000Z' });
    expect((await getJoined(db, a.id))?.lastSyncedAt).toBe('2026-02-02T00:00:00.000Z');
    await forgetJoined(db, b.id);
    expect((await listJoined(db)).map((r) => r.id)).toEqual([a.id]);
  });

  it('creates the profile once and keeps it', async () => {
    const db = freshDb();
    const [p1, p2] = await Promise.all([ensureProfile(db), ensureProfile(db)]);
    expect(p1.personId).toBe(p2.personId);
    expect((await ensureProfile(db)).personId).toBe(p1.personId);
  });

  it('tells watchers about changes', async () => {
    const db = freshDb();
    const seen: number[] = [];
    const off = watchJoined(db, (list) => seen.push(list.length));
    await saveJoined(db, row());
    await new Promise((r) => setTimeout(r, 50));
    off();
    expect(seen.at(-1)).toBe(1);
  });
});

describe('the device copy of a federation', () => {
  it('survives closing and reopening', async () => {
    const id = newFederationId();
    const doc = new Y.Doc();
    const copy = await openLocalCopy(id, doc);
    addOrganization(doc, { ...blankOrganization(), name: 'Malmö chapter' }, by);
    await new Promise((r) => setTimeout(r, 50));
    await copy.destroy();

    const again = new Y.Doc();
    const copy2 = await openLocalCopy(id, again);
    expect(listOrganizations(again).map((o) => o.name)).toEqual(['Malmö chapter']);
    await copy2.destroy();
    await deleteLocalCopy(id, new Y.Doc());
    const empty = new Y.Doc();
    const copy3 = await openLocalCopy(id, empty);
    expect(listOrganizations(empty)).toEqual([]);
    await copy3.destroy();
  });

  it('loads without encoding the whole copy as an update, and stores what is written around the load', async () => {
    const id = newFederationId();
    const first = new Y.Doc();
    const copy = await openLocalCopy(id, first);
    addOrganization(first, { ...blankOrganization(), name: 'Stored' }, by);
    await new Promise((r) => setTimeout(r, 50));
    await copy.destroy();

    const doc = new Y.Doc();
    // Yjs encodes a transaction's update only while an 'update' listener is registered.
    const listenedDuringLoad: boolean[] = [];
    doc.on('afterTransaction', (tr) => {
      if (tr.origin instanceof IndexeddbPersistence)
        listenedDuringLoad.push(doc._observers.has('update'));
    });
    const opening = openLocalCopy(id, doc);
    addOrganization(doc, { ...blankOrganization(), name: 'Before the load' }, by);
    const copy2 = await opening;
    addOrganization(doc, { ...blankOrganization(), name: 'After the load' }, by);
    await new Promise((r) => setTimeout(r, 50));
    await copy2.destroy();
    expect(listenedDuringLoad).toEqual([false]);

    const again = new Y.Doc();
    const copy3 = await openLocalCopy(id, again);
    expect(listOrganizations(again).map((o) => o.name)).toEqual([
      'After the load',
      'Before the load',
      'Stored',
    ]);
    await copy3.destroy();
  });
});
