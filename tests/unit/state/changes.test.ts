// The feed as a device keeps it: its marker and own client ids in the real Dexie schema
// (fake-indexeddb), across a reload, with two real Yjs documents exchanging updates.
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { newFederationId, newToken, type FederationId } from '$lib/domain/ids';
import { addOrganization, updateOrganization } from '$lib/domain/organizations';
import { getJoined, getSeen, openDeviceDb, type DeviceDb } from '$lib/local/db';
import { ChangesState } from '$lib/state/changes.svelte';
import { ALICE, BOB, fork, newFederationDoc, orgInput, sync } from '../domain/helpers';

const dbs: DeviceDb[] = [];
const states: ChangesState[] = [];

function freshDb(name = `test-${crypto.randomUUID()}`): DeviceDb {
  const db = openDeviceDb(name);
  dbs.push(db);
  return db;
}

function feedOf(doc: Y.Doc, db: DeviceDb, id: FederationId): ChangesState {
  const state = new ChangesState(doc, db, id);
  states.push(state);
  return state;
}

/** Waits until the marker was read from the device database. */
async function settled(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 10));
}

afterEach(async () => {
  for (const s of states.splice(0)) s.destroy();
  for (const db of dbs.splice(0)) await db.delete();
});

describe('ChangesState', () => {
  it('starts from what the device first had, shows others’ changes, and forgets them when marked', async () => {
    const db = freshDb();
    const id = newFederationId();
    const a = newFederationDoc();
    addOrganization(a, orgInput({ name: 'Oslo Commons' }), ALICE);
    const b = fork(a);
    const feed = feedOf(b, db, id);
    await settled();
    // What the device already had when it first looked is not news.
    expect(feed.changes).toEqual([]);

    const lund = addOrganization(a, orgInput({ name: 'Lund' }), ALICE);
    addOrganization(b, orgInput({ name: 'Bergen' }), BOB);
    sync(a, b);
    expect(feed.changes.map((c) => [c.id, c.kind])).toEqual([[lund, 'new']]);

    await feed.markAllSeen();
    expect(feed.changes).toEqual([]);
    expect(feed.seenAt).not.toBeNull();
    expect((await getSeen(db, id))?.ownClients).toEqual([b.clientID]);
  });

  it('keeps the marker and this device’s own edits across a reload', async () => {
    const db = freshDb();
    const id = newFederationId();
    const a = newFederationDoc();
    const org = addOrganization(a, orgInput(), ALICE);
    const b = fork(a);
    const first = feedOf(b, db, id);
    await settled();
    updateOrganization(b, org, { city: 'Lund' }, BOB);
    await settled();

    // The app reloads: a new document (a new Yjs client id) over the same stored state.
    first.destroy();
    const b2 = fork(b);
    const second = feedOf(b2, db, id);
    await settled();
    updateOrganization(b2, org, { city: 'Malmö' }, BOB);
    updateOrganization(a, org, { stage: 'growing' }, ALICE);
    sync(a, b2);
    const [change, ...rest] = second.changes;
    expect(rest).toEqual([]);
    expect(change?.fields).toContain('stage');
    expect(change?.fields).not.toContain('city');
    await settled();
    expect((await getSeen(db, id))?.ownClients).toEqual([b.clientID, b2.clientID]);
  });
});

describe('device database versions 2 and 3', () => {
  it('add the markers and the home snapshots, and keep what version 1 stored', async () => {
    const name = `test-${crypto.randomUUID()}`;
    const old = new Dexie(name);
    old.version(1).stores({ federations: 'id, addedAt', settings: 'key' });
    const id = newFederationId();
    await old.table('federations').put({
      id,
      name: 'Nordic',
      relayUrl: 'ws://localhost:8787',
      token: newToken(),
      role: 'member',
      addedAt: '2026-01-01T00:00:00.000Z',
      lastSyncedAt: null,
    });
    old.close();

    const db = freshDb(name);
    expect((await getJoined(db, id))?.name).toBe('Nordic');
    expect(await getSeen(db, id)).toBeUndefined();
    expect(await db.homes.get(id)).toBeUndefined();
    expect(db.verno).toBe(3);
  });
});
