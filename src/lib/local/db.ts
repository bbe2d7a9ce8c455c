// What belongs to this device, not to a federation: which federations it joined, their relay and
// secret, the user's profile and settings.
import Dexie, { liveQuery, type EntityTable } from 'dexie';
import { newId, type FederationId, type PersonId } from '$lib/domain/ids';

export type Role = 'member' | 'observer';

/** A federation this device has joined or created. */
export interface JoinedFederation {
  id: FederationId;
  /** Last known name, shown before the document is open or synced. */
  name: string;
  /** ws:// or wss:// base URL of the relay. */
  relayUrl: string;
  /** The member or observer secret; never leaves the device except in an invite link. */
  token: string;
  role: Role;
  addedAt: string;
  lastSyncedAt: string | null;
  /** The person of this federation this device's user chose to be ("this is me"), if any. */
  personId?: PersonId;
  /** What the relay was last known to hold (Yjs client id → clock). */
  relayClocks?: Record<string, number>;
  /** A demo federation filled with sample data: never connects to a relay. */
  demo?: boolean;
}

/** Where this device last looked at a federation, for the "what changed" feed. */
export interface SeenMarker {
  federationId: FederationId;
  /** `Y.encodeStateVector` of the document when the user marked everything seen; null: not yet. */
  stateVector: Uint8Array | null;
  seenAt: string;
  /** Every Yjs client id this device has written this federation with (one per session that edited). */
  ownClients: number[];
}

/** A stored home screen and what it was read from. */
export interface HomeSnapshot {
  federationId: FederationId;
  /** Key of the newest update in the federation's stored copy when the screen was read. */
  storedKey: number;
  /** What else the screen depends on (day, language, this device's person, feed marker). */
  stamp: string;
  view: unknown;
}

/** This device's user: the person id that signs edits. */
export interface Profile {
  personId: PersonId;
  name: string;
}

interface Setting {
  key: string;
  value: unknown;
}

/** The device database (Dexie over IndexedDB). */
export class DeviceDb extends Dexie {
  federations!: EntityTable<JoinedFederation, 'id'>;
  settings!: EntityTable<Setting, 'key'>;
  seen!: EntityTable<SeenMarker, 'federationId'>;
  homes!: EntityTable<HomeSnapshot, 'federationId'>;

  constructor(name = 'federation-planner') {
    super(name);
    this.version(1).stores({ federations: 'id, addedAt', settings: 'key' });
    // Additive: version 2 adds the feed's markers and leaves the other tables as they are.
    this.version(2).stores({ seen: 'federationId' });
    // Version 3 adds each federation's last home screen (local/home-snapshot.ts).
    this.version(3).stores({ homes: 'federationId' });
  }
}

/** Opens the device database. */
export function openDeviceDb(name?: string): DeviceDb {
  return new DeviceDb(name);
}

/** Federations on this device, oldest first. */
export function listJoined(db: DeviceDb): Promise<JoinedFederation[]> {
  return db.federations.orderBy('addedAt').toArray();
}

/** Calls `onChange` with the joined federations now and after every change; returns the unsubscribe. */
export function watchJoined(
  db: DeviceDb,
  onChange: (list: JoinedFederation[]) => void,
): () => void {
  const sub = liveQuery(() => listJoined(db)).subscribe({
    next: onChange,
    error: (e) => console.error(e),
  });
  return () => sub.unsubscribe();
}

/** One joined federation, or undefined. */
export function getJoined(db: DeviceDb, id: FederationId): Promise<JoinedFederation | undefined> {
  return db.federations.get(id);
}

/** Adds or replaces a joined federation. */
export async function saveJoined(db: DeviceDb, row: JoinedFederation): Promise<void> {
  await db.federations.put(row);
}

/** Updates some fields of a joined federation. */
export async function patchJoined(
  db: DeviceDb,
  id: FederationId,
  patch: Partial<Omit<JoinedFederation, 'id'>>,
): Promise<void> {
  await db.federations.update(id, patch);
}

/** Forgets a federation on this device (its document copy is removed separately). */
export async function forgetJoined(db: DeviceDb, id: FederationId): Promise<void> {
  await db.transaction('rw', db.federations, db.seen, db.homes, async () => {
    await db.federations.delete(id);
    await db.seen.delete(id);
    await db.homes.delete(id);
  });
}

/** Where this device last looked at a federation, or undefined before it first did. */
export function getSeen(db: DeviceDb, id: FederationId): Promise<SeenMarker | undefined> {
  return db.seen.get(id);
}

/** Moves the marker: everything in `stateVector` counts as seen from now on. */
export async function saveSeen(
  db: DeviceDb,
  id: FederationId,
  stateVector: Uint8Array,
  seenAt: string,
): Promise<void> {
  await db.transaction('rw', db.seen, async () => {
    const row = await db.seen.get(id);
    await db.seen.put({ ownClients: [], ...row, federationId: id, stateVector, seenAt });
  });
}

/** Remembers a Yjs client id this device wrote with, so its own edits never show as others'. */
export async function addOwnClient(db: DeviceDb, id: FederationId, client: number): Promise<void> {
  await db.transaction('rw', db.seen, async () => {
    const row = await db.seen.get(id);
    if (row?.ownClients.includes(client)) return;
    await db.seen.put({
      federationId: id,
      stateVector: row?.stateVector ?? null,
      seenAt: row?.seenAt ?? '',
      ownClients: [...(row?.ownClients ?? []), client],
    });
  });
}

/** A setting's value, or `fallback`. */
export async function getSetting<T>(db: DeviceDb, key: string, fallback: T): Promise<T> {
  const row = await db.settings.get(key);
  return row ? (row.value as T) : fallback;
}

/** Stores a setting. */
export async function setSetting(db: DeviceDb, key: string, value: unknown): Promise<void> {
  await db.settings.put({ key, value });
}

/** The device's profile, created with a fresh person id on first use. */
export async function ensureProfile(db: DeviceDb): Promise<Profile> {
  return db.transaction('rw', db.settings, async () => {
    const existing = await getSetting<Profile | null>(db, 'profile', null);
    if (existing) return existing;
    const profile: Profile = { personId: newId<PersonId>(), name: '' };
    await setSetting(db, 'profile', profile);
    return profile;
  });
}
