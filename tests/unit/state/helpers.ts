// Sessions on fake-indexeddb for state tests: device databases and sessions a test opens are
// closed and deleted after it.
import { afterEach } from 'vitest';
import type { FederationId } from '$lib/domain/ids';
import { openDeviceDb, saveJoined, type DeviceDb, type JoinedFederation } from '$lib/local/db';
import { FederationSession } from '$lib/state/federation.svelte';
import { ALICE } from '../domain/helpers';

const dbs: DeviceDb[] = [];
const sessions: FederationSession[] = [];

afterEach(async () => {
  for (const s of sessions.splice(0)) s.destroy();
  for (const db of dbs.splice(0)) await db.delete();
});

/** A new, empty device database. */
export function deviceDb(): DeviceDb {
  const db = openDeviceDb(`test-${crypto.randomUUID()}`);
  dbs.push(db);
  return db;
}

/**
 * A loaded session of federation `id` on `db` as ALICE (a cold start when the copy exists). No
 * relay: nothing but IndexedDB holds the federation.
 */
export async function startSession(db: DeviceDb, id: FederationId): Promise<FederationSession> {
  const row: JoinedFederation = {
    id,
    name: 'Nordic federation',
    relayUrl: '',
    token: '',
    role: 'member',
    addedAt: new Date().toISOString(),
    lastSyncedAt: null,
  };
  await saveJoined(db, row);
  const s = new FederationSession(row, db, () => ALICE);
  sessions.push(s);
  await s.ready;
  return s;
}
