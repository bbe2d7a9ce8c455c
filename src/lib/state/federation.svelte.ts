// One open federation: its document, the device's copy of it, its relay connection, and the
// reactive reads every screen of that federation uses.
import * as Y from 'yjs';
import {
  observeMeta,
  readMeta,
  updateFederation,
  type FederationInput,
  type FederationMeta,
} from '$lib/domain/federation';
import { newToken, type FederationId, type PersonId } from '$lib/domain/ids';
import { isWritable } from '$lib/domain/schema';
import { getLocale } from '$lib/i18n/index.svelte';
import { getSeen, patchJoined, type DeviceDb, type JoinedFederation } from '$lib/local/db';
import { readHomeSnapshot, saveHomeSnapshot } from '$lib/local/home-snapshot';
import { openLocalCopy, type LocalCopy } from '$lib/local/persistence';
import { RelayConnection, type ConnectionState } from '$lib/sync/connection';
import { ChangesState } from './changes.svelte';
import { CouncilsState } from './councils.svelte';
import { FundState } from './fund.svelte';
import { GatheringsState } from './gatherings.svelte';
import { HOME_VIEW_VERSION, homeOn, homeToday, type HomeView } from './home';
import { MaterialsState } from './materials.svelte';
import { MeetingsState } from './meetings.svelte';
import { ProposalsState } from './proposals.svelte';
import { OrganizationsState } from './organizations.svelte';
import { memo } from './fund-derive';
import type { Organization } from '$lib/domain/organizations';
import { PeopleState } from './people.svelte';
import { RequestsState } from './requests.svelte';
import { TasksState } from './tasks.svelte';

export type { ConnectionState, SyncStatus } from '$lib/sync/connection';
import { DocQuery } from './query.svelte';

/** Saving "last synced" to the device database at most this often. */
const SAVE_SYNC_TIME_MS = 10_000;

export class FederationSession {
  readonly id: FederationId;
  readonly doc = new Y.Doc();
  readonly organizations: OrganizationsState;
  readonly people: PeopleState;
  readonly requests: RequestsState;
  readonly gatherings: GatheringsState;
  readonly councils: CouncilsState;
  readonly tasks: TasksState;
  readonly materials: MaterialsState;
  readonly proposals: ProposalsState;
  readonly meetings: MeetingsState;
  /** What others changed since this device last looked. */
  readonly changes: ChangesState;
  readonly fund: FundState;
  /** Resolves when the device's copy is loaded into `doc`. */
  readonly ready: Promise<void>;
  loaded = $state(false);
  loadError = $state<string | null>(null);
  sync = $state<ConnectionState>({
    status: 'connecting',
    lastSyncedAt: null,
    refusal: null,
    retrying: null,
    unsynced: null,
  });
  row = $state<JoinedFederation>() as JoinedFederation;
  /**
   * The home screen as this device last showed it, while a large document loads; null once it is
   * loaded, or if the stored copy has changed since.
   */
  homeSnapshot = $state<HomeView | null>(null);

  #db: DeviceDb;
  #local: LocalCopy | null = null;
  #connection: RelayConnection | null = null;
  #disconnect: () => void = () => {};
  #meta = new DocQuery(this.doc, observeMeta, readMeta);
  #writable = new DocQuery(this.doc, observeMeta, isWritable);
  #cleanups: Array<() => void> = [];
  #destroyed = false;
  /** The newest home screen to keep, with the stored copy's key asked for when it was read. */
  #homeToSave: { view: HomeView; stamp: string; key: Promise<number | null> } | null = null;
  #savingHome = false;
  /** The home screen last kept (or found still valid at open): its stamp and stored copy's key. */
  #homeKept: { view: HomeView; stamp: string; key: Promise<number | null> } | null = null;
  #checkingHome = false;

  #personId: () => PersonId;

  constructor(row: JoinedFederation, db: DeviceDb, personId: () => PersonId) {
    this.id = row.id;
    // This device's user may have claimed a person of this federation ("this is me").
    this.#personId = () => this.row.personId ?? personId();
    this.row = row;
    this.#db = db;
    this.sync.lastSyncedAt = row.lastSyncedAt;
    this.organizations = new OrganizationsState(this.doc, this.#personId);
    this.people = new PeopleState(this.doc, this.#personId);
    this.requests = new RequestsState(this.doc, this.#personId);
    this.gatherings = new GatheringsState(this.doc, this.#personId);
    this.councils = new CouncilsState(this.doc, this.#personId);
    this.tasks = new TasksState(this.doc, this.#personId);
    this.materials = new MaterialsState(this.doc, this.#personId);
    this.meetings = new MeetingsState(this.doc, this.#personId);
    this.changes = new ChangesState(this.doc, db, row.id);
    this.proposals = new ProposalsState(this.doc, this.#personId, () => ({
      organizations: this.organizations.all,
      people: this.people.all,
      councils: this.councils.all,
    }));
    this.fund = new FundState(this.doc, this.#personId, {
      baseCurrency: () => this.meta?.baseCurrency ?? '',
      councils: () => this.councils.byId,
      proposals: () => this.proposals.byId,
      decision: (p) => this.proposals.decision(p),
      removedOrganizations: () => this.#removedOrganizations(this.organizations.all),
    });
    this.#cleanups.push(() => this.fund.destroy());
    this.ready = this.#open();
  }

  /** Name, region, currency and languages; null until the document has them (not yet synced). */
  // Organizations' removal days, made again only when the list of organizations changed.
  #removedOrganizations = memo(
    (all: readonly Organization[]): ReadonlyMap<string, string> =>
      // A fresh map per list of organizations, never mutated: memo gives the reactivity.
      // eslint-disable-next-line svelte/prefer-svelte-reactivity
      new Map(all.flatMap((o) => (o.deletedAt ? [[o.id, o.deletedAt.slice(0, 10)] as const] : []))),
  );

  get meta(): FederationMeta | null {
    return this.#meta.current;
  }

  /** False when a newer app version wrote the document: screens show it read-only. */
  get writable(): boolean {
    return this.#writable.current && this.row.role !== 'observer';
  }

  /** Changes the federation's name, region, currency or languages. */
  updateMeta(patch: Partial<FederationInput>): void {
    updateFederation(this.doc, patch, this.#personId());
  }

  /** The person id that signs this device's edits in this federation. */
  get me(): PersonId {
    return this.#personId();
  }

  /** Makes this device's user the given person of the federation (signs edits as them). */
  async claimPerson(personId: PersonId): Promise<void> {
    // Stored first: the screen confirms only what a reload right after will still show.
    await patchJoined(this.#db, this.id, { personId });
    this.row = { ...this.row, personId };
  }

  /**
   * Keeps `view`, read from the document just now, as the home screen of the next cold start.
   * Call it right after reading: the stored copy's newest key is asked for at once, and covers
   * exactly the updates the view was read from.
   */
  keepHome(view: HomeView): void {
    if (!this.#local || this.#destroyed) return;
    const kept = { view, stamp: this.#homeStamp(view.seenAt), key: this.#local.newestKey() };
    this.#homeToSave = this.#homeKept = kept;
    if (!this.#savingHome) void this.#saveHome();
  }

  /**
   * Keeps the home screen `read` returns (read from the document now), unless the one kept is
   * still current: nothing stored in the device's copy since, same day, language, person and
   * last look. For the moment the page is hidden, where a phone app is left or closed. Resolves
   * once decided (the keeping itself goes on).
   */
  async keepHomeIfStale(read: () => HomeView | null): Promise<void> {
    if (!this.#local || !this.loaded || this.#destroyed || this.#checkingHome) return;
    this.#checkingHome = true;
    try {
      if ((await this.#homeIsKept()) || this.#destroyed) return;
      const view = read();
      if (view) this.keepHome(view);
    } catch (e) {
      console.warn('could not keep the home screen', e);
    } finally {
      this.#checkingHome = false;
    }
  }

  /** Whether the home screen kept last was read from the stored copy as it is now. */
  async #homeIsKept(): Promise<boolean> {
    const kept = this.#homeKept;
    if (!kept || !this.#local || kept.stamp !== this.#homeStamp(this.changes.seenAt)) return false;
    // Kept days ago, its events may have run out: then the next cold start could not show it.
    if (!homeOn(kept.view, homeToday())) return false;
    const [now, then] = await Promise.all([this.#local.newestKey(), kept.key]);
    return now !== null && now === then;
  }

  // One write at a time; views that came while it ran are skipped for the newest.
  async #saveHome(): Promise<void> {
    this.#savingHome = true;
    try {
      for (let next = this.#homeToSave; next; next = this.#homeToSave) {
        this.#homeToSave = null;
        await saveHomeSnapshot(this.#db, this.id, next.stamp, next.view, next.key);
      }
    } catch (e) {
      // Only a head start for the next cold start is lost; the document is untouched.
      this.#homeKept = null;
      console.warn('could not keep the home screen', e);
    } finally {
      this.#savingHome = false;
    }
  }

  /** What the home screen depends on besides the document. */
  #homeStamp(seenAt: string | null): string {
    // Not the day: homeOn shows a view kept on an earlier day as that day's read would.
    return JSON.stringify([HOME_VIEW_VERSION, getLocale(), this.me, seenAt]);
  }

  /** Tries the relay again now. */
  reconnect(): void {
    this.#connection?.reconnect();
  }

  /** Uses a new secret from now on (after the member token was rotated) and reconnects with it. */
  async useToken(token: string): Promise<void> {
    await patchJoined(this.#db, this.id, { token });
    this.row = { ...this.row, token };
    this.#connect();
  }

  /**
   * Syncs through another relay from now on (a laptop at the meeting, a new server). A relay that
   * has never seen the federation is claimed by this device's secret on first connection, and the
   * device sends it everything it holds. A federation from a backup file gets a new secret here.
   */
  async changeRelay(relayUrl: string): Promise<void> {
    // An observer's secret would claim the new relay as its member: only members move relays.
    if (this.row.role !== 'member') throw new Error('only a member can change the relay');
    await this.ready;
    if (this.#destroyed) return;
    const token = this.row.token || newToken();
    const patch = { relayUrl, token, lastSyncedAt: null, relayClocks: undefined };
    await patchJoined(this.#db, this.id, patch);
    this.row = { ...this.row, ...patch };
    this.#connect();
  }

  #connect(): void {
    this.#disconnect();
    // A federation imported from a backup file has no relay until one is set or an invite is used.
    if (!this.row.relayUrl || !this.row.token) {
      this.sync = {
        status: 'noRelay',
        lastSyncedAt: null,
        refusal: null,
        retrying: null,
        unsynced: null,
      };
      return;
    }
    const connection = new RelayConnection(this.doc, {
      relayUrl: this.row.relayUrl,
      federationId: this.id,
      token: this.row.token,
      lastSyncedAt: this.row.lastSyncedAt,
      relayClocks: this.row.relayClocks,
    });
    let savedAt = 0;
    const save = () => {
      savedAt = Date.now();
      const { lastSyncedAt } = connection.state;
      void patchJoined(this.#db, this.id, { lastSyncedAt, relayClocks: connection.relayClocks });
    };
    const off = connection.subscribe((s) => {
      this.sync = s;
      // What the relay holds is kept across reloads, so "not yet on the relay" survives them.
      if (Date.now() - savedAt > SAVE_SYNC_TIME_MS) save();
    });
    if (typeof window !== 'undefined') window.addEventListener('pagehide', save);
    // Each connection's listeners go with it: an old relay's clocks must not be saved for a new one.
    this.#disconnect = () => {
      off();
      if (typeof window !== 'undefined') window.removeEventListener('pagehide', save);
      connection.destroy();
      this.#connection = null;
      this.#disconnect = () => {};
    };
    this.#connection = connection;
    this.sync = connection.state;
  }

  /** Resolves once everything written to the document so far is in the device's copy. */
  async saved(): Promise<void> {
    await this.ready;
    await this.#local?.flush();
  }

  /** Stops syncing and persisting; the device's copy stays. */
  destroy(): void {
    this.#destroyed = true;
    for (const c of this.#cleanups) c();
    this.#disconnect();
    this.changes.destroy();
    void this.#local?.destroy();
    this.doc.destroy();
  }

  /** Shows the last home screen if the stored copy is still the one it was read from. */
  async #readHome(): Promise<{ view: HomeView; stamp: string } | null> {
    try {
      const seenAt = (await getSeen(this.#db, this.id))?.seenAt || null;
      const stamp = this.#homeStamp(seenAt);
      const view = (await readHomeSnapshot(this.#db, this.id, stamp)) as HomeView | null;
      if (!this.#destroyed && !this.loaded) this.homeSnapshot = view;
      return view && { view, stamp };
    } catch (e) {
      console.warn('could not read the last home screen', e);
      return null;
    }
  }

  async #open(): Promise<void> {
    // First: y-indexeddb adds a row when it opens, so the key must be read before that.
    const kept = await this.#readHome();
    try {
      this.#local = await openLocalCopy(this.id, this.doc);
    } catch (e) {
      this.loadError = e instanceof Error ? e.message : String(e);
      return;
    }
    if (this.#destroyed) return;
    // The valid kept screen was read from what just loaded; y-indexeddb added only an empty row.
    if (kept) this.#homeKept = { ...kept, key: this.#local.newestKey() };
    // The benchmark tells loading the device's copy (y-indexeddb and Yjs) from our own reads by it.
    performance.mark('federation-loaded');
    this.loaded = true;
    this.homeSnapshot = null;
    // Connect after the local copy is loaded, so the first sync exchanges only what differs.
    // A demo lives on this device only: it never meets a relay.
    if (!this.row.demo) this.#connect();
    // Keep the device's list showing the federation's current name.
    const rememberName = () => {
      const name = readMeta(this.doc)?.name;
      if (name && name !== this.row.name) {
        this.row = { ...this.row, name };
        void patchJoined(this.#db, this.id, { name });
      }
    };
    rememberName();
    this.#cleanups.push(observeMeta(this.doc, rememberName));
  }
}
