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

  constructor(name = 'federation-planner') {
    super(name);
    this.version(1).stores({ federations: 'id, addedAt', settings: 'key' });
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
  await db.federations.delete(id);
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
