// The app on this device: its joined federations, the user's profile and language, and the
// federations it has open.
import type { FieldErrors } from '$lib/domain/errors';
import { validateFederation, type FederationInput } from '$lib/domain/federation-input';
import { nowIso } from '$lib/domain/time';
import { newFederationId, newToken, type FederationId } from '$lib/domain/ids';
import { isLocale, pickLocale, setLocale, type Locale } from '$lib/i18n/index.svelte';
import {
  ensureProfile,
  forgetJoined,
  getSetting,
  listJoined,
  openDeviceDb,
  saveJoined,
  setSetting,
  watchJoined,
  type DeviceDb,
  type JoinedFederation,
  type Profile,
} from '$lib/local/db';
import {
  inviteLink,
  parseInvite,
  relayUrlForOrigin,
  type Invite,
  type ParsedInvite,
} from '$lib/sync/invite';
import { parseRelayAddress, type RelayAddress } from '$lib/sync/relay-address';
import type { FederationSession } from './federation.svelte';
import { keepStorage } from './storage.svelte';

export class AppState {
  federations = $state<JoinedFederation[]>([]);
  profile = $state<Profile>() as Profile;
  locale = $state<Locale>('en');

  #db: DeviceDb;
  // A plain cache of open sessions: screens read `federations`, never this map.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #sessions = new Map<FederationId, FederationSession>();
  #unwatch: () => void;

  private constructor(
    db: DeviceDb,
    federations: JoinedFederation[],
    profile: Profile,
    locale: Locale,
  ) {
    this.#db = db;
    this.federations = federations;
    this.profile = profile;
    this.locale = locale;
    this.#unwatch = watchJoined(db, (list) => (this.federations = list));
  }

  /** Opens the device database and the profile (created on first run). */
  static async open(dbName?: string): Promise<AppState> {
    const db = openDeviceDb(dbName);
    const [federations, profile, saved] = await Promise.all([
      listJoined(db),
      ensureProfile(db),
      getSetting<string | null>(db, 'locale', null),
    ]);
    let locale = isLocale(saved)
      ? saved
      : pickLocale(typeof navigator === 'undefined' ? [] : navigator.languages);
    // Before the first screen renders, so it does not flash in English. A catalog that cannot be
    // loaded (a damaged install) leaves the app in English rather than not starting.
    await setLocale(locale).catch(() => (locale = 'en'));
    return new AppState(db, federations, profile, locale);
  }

  /** The relay that serves this app (same origin), used for new federations. */
  get defaultRelayUrl(): string {
    return relayUrlForOrigin(location.origin);
  }

  /**
   * The open session of a joined federation (opened on first use); null if not joined. Loaded on
   * demand: Yjs and the sync code are not needed for the first screen.
   */
  async session(id: FederationId): Promise<FederationSession | null> {
    const open = this.#sessions.get(id);
    if (open) return open;
    const row = this.federations.find((f) => f.id === id);
    if (!row) return null;
    const { FederationSession } = await import('./federation.svelte');
    // Another call may have opened it while the module loaded.
    const raced = this.#sessions.get(id);
    if (raced) return raced;
    const session = new FederationSession(row, this.#db, () => this.profile.personId);
    this.#sessions.set(id, session);
    return session;
  }

  /** Creates a federation on this device (works offline); the relay is claimed on first sync. */
  async createFederation(input: FederationInput): Promise<FederationId> {
    const row: JoinedFederation = {
      id: newFederationId(),
      name: input.name.trim(),
      relayUrl: this.defaultRelayUrl,
      token: newToken(),
      role: 'member',
      addedAt: nowIso(),
      lastSyncedAt: null,
    };
    await this.#save(row);
    void keepStorage();
    const session = await this.#loaded(row.id);
    const { initFederation } = await import('$lib/domain/federation');
    initFederation(session.doc, input, this.profile.personId);
    return row.id;
  }

  /**
   * Adds a federation from a backup file to this device: it has no relay and no secret yet, so it
   * syncs by files until an invite is used or a relay is set; returns its (loaded) session.
   */
  async adoptFromBackup(id: FederationId, name: string): Promise<FederationSession> {
    const row: JoinedFederation = {
      id,
      name,
      relayUrl: '',
      token: '',
      role: 'member',
      addedAt: nowIso(),
      lastSyncedAt: null,
    };
    await this.#save(row);
    void keepStorage();
    return this.#loaded(row.id);
  }

  /** Joins the federation of an invite; a newer invite for a joined federation replaces its secret. */
  async join(invite: Invite): Promise<FederationId> {
    const existing = this.federations.find((f) => f.id === invite.federationId);
    if (existing && existing.token === invite.token && existing.relayUrl === invite.relayUrl)
      return existing.id;
    // A read-only invite never takes away the member secret this device already has.
    if (existing?.role === 'member' && invite.role === 'observer') return existing.id;
    const row: JoinedFederation = {
      id: invite.federationId,
      name: existing?.name || invite.name,
      relayUrl: invite.relayUrl,
      token: invite.token,
      role: invite.role,
      addedAt: existing?.addedAt ?? nowIso(),
      lastSyncedAt: existing?.lastSyncedAt ?? null,
    };
    await this.#save(row);
    void keepStorage();
    // An open session still holds the old secret: reopen it with the new one.
    this.#sessions.get(row.id)?.destroy();
    this.#sessions.delete(row.id);
    return row.id;
  }

  /** Opens the demo federation, building it on first use: sample data on this device only. */
  async openDemo(name: string): Promise<FederationId> {
    const existing = this.federations.find((f) => f.demo);
    if (existing) return existing.id;
    const row: JoinedFederation = {
      id: newFederationId(),
      name,
      relayUrl: '',
      token: '',
      role: 'member',
      addedAt: nowIso(),
      lastSyncedAt: null,
      demo: true,
    };
    await this.#save(row);
    const session = await this.#loaded(row.id);
    const { fillDemo } = await import('./demo');
    await session.claimPerson(fillDemo(session.doc, name));
    return row.id;
  }

  /** Saves a federation's row on this device and shows it in the device's list. */
  async #save(row: JoinedFederation): Promise<void> {
    await saveJoined(this.#db, row);
    // The device list's watcher may have added it already.
    this.federations = [...this.federations.filter((f) => f.id !== row.id), row];
  }

  /** The session of a federation just saved, once its document is loaded. */
  async #loaded(id: FederationId): Promise<FederationSession> {
    const session = await this.session(id);
    if (!session) throw new Error('federation was not saved');
    await session.ready;
    return session;
  }

  /** Removes the demo federation and its copy from this device. */
  async removeDemo(id: FederationId): Promise<void> {
    if (!this.federations.find((f) => f.id === id)?.demo) return;
    this.#sessions.get(id)?.destroy();
    this.#sessions.delete(id);
    await forgetJoined(this.#db, id);
    this.federations = this.federations.filter((f) => f.id !== id);
    const { deleteDemoCopy } = await import('./demo');
    await deleteDemoCopy(id);
  }

  /** Changes on this device that no relay has confirmed storing, over every open federation. */
  get unsynced(): number {
    let n = 0;
    for (const s of this.#sessions.values()) n += s.sync.unsynced ?? 0;
    return n;
  }

  /** Reads an invite link, saying what is wrong with it when it is not one. */
  readInvite(text: string): ParsedInvite {
    return parseInvite(text);
  }

  /** Reads a relay address a person typed ("192.168.1.20:8787"), saying what is wrong with it. */
  readRelayAddress(text: string): RelayAddress {
    return parseRelayAddress(text, location.protocol);
  }

  /** Field errors (message keys) of a federation form. */
  validateFederation(input: FederationInput): FieldErrors<keyof FederationInput> {
    return validateFederation(input);
  }

  /** Whether this device has joined `id`. */
  hasJoined(id: string): boolean {
    return this.federations.some((f) => f.id === id);
  }

  /** An invite link to a joined federation on this app's address: the member one, or for `observerToken`. */
  inviteLink(id: FederationId, name: string, observerToken?: string): string | null {
    const row = this.federations.find((f) => f.id === id);
    if (!row || row.role !== 'member' || !row.relayUrl || row.demo) return null;
    const token = observerToken ?? row.token;
    const role = observerToken ? 'observer' : 'member';
    return inviteLink(location.origin, {
      federationId: row.id,
      token,
      relayUrl: row.relayUrl,
      name,
      role,
    });
  }

  /** Saves the user's display name. */
  async saveProfile(name: string): Promise<void> {
    this.profile = { ...this.profile, name: name.trim() };
    await setSetting(this.#db, 'profile', $state.snapshot(this.profile));
  }

  /** Switches the language and remembers it on this device. */
  async chooseLocale(locale: Locale): Promise<void> {
    if (!(await setLocale(locale))) return;
    this.locale = locale;
    await setSetting(this.#db, 'locale', locale);
  }

  /** Closes everything (tests, page unload). */
  destroy(): void {
    this.#unwatch();
    for (const s of this.#sessions.values()) s.destroy();
    this.#sessions.clear();
  }
}
