// One federation's connection to its relay: a standard y-websocket provider plus the status the
// app shows (offline / connecting / synced / refused) and when this device last synced.
import { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { RELAY_CLOSE, type FederationId } from '$lib/domain/ids';
import { countUnsynced, trackRelayClocks } from './relay-clocks';
import { chunkUploads, DEFAULT_UPLOAD, type UploadLimits } from './upload';

/** `noRelay`: the federation came from a backup file and syncs by files until a relay is set. */
export type SyncStatus = 'offline' | 'connecting' | 'synced' | 'refused' | 'noRelay';

/** The relay closed the connection for good (a 44xx code): reconnecting cannot fix it. */
export interface Refusal {
  code: number;
  reason: string;
  kind: 'wrongToken' | 'revoked' | 'other';
}

/** 44xx: the relay decided, and y-websocket stops retrying; every other close is for now. */
export function isFinal(code: number): boolean {
  return code >= 4400 && code < 4500;
}

/** What a relay close code means for the person holding the device. */
export function refusalKind(code: number): Refusal['kind'] {
  if (code === RELAY_CLOSE.wrongToken || code === RELAY_CLOSE.noToken) return 'wrongToken';
  if (code === RELAY_CLOSE.revoked) return 'revoked';
  return 'other';
}

export interface ConnectionState {
  status: SyncStatus;
  /** Operations on this device the relay has not confirmed storing; null before it is known. */
  unsynced: number | null;
  /** ISO time of the last moment this device was known to be in sync with the relay. */
  lastSyncedAt: string | null;
  refusal: Refusal | null;
  /** Why the relay last closed the connection for now (a limit, a restart); cleared once synced. */
  retrying: { code: number; reason: string } | null;
}

export interface ConnectOptions {
  relayUrl: string;
  federationId: FederationId;
  token: string;
  lastSyncedAt?: string | null;
  /** Clocks the relay was last known to hold (client id → clock), kept across reloads. */
  relayClocks?: Record<string, number>;
  /** Node has no global WebSocket: tests pass the `ws` package here. */
  WebSocketPolyfill?: typeof WebSocket;
  /** Tests disable BroadcastChannel so that two providers in one process sync only through the relay. */
  disableBc?: boolean;
  /** Chunk size and pace of large uploads; tests against a relay with small limits lower them. */
  upload?: Partial<UploadLimits>;
}

/** A live connection of one document to its relay; `destroy()` closes it. */
export class RelayConnection {
  readonly provider: WebsocketProvider;
  #state: ConnectionState;
  #listeners = new Set<(s: ConnectionState) => void>();
  #offsync: Array<() => void> = [];
  #doc: Y.Doc;
  #relayClocks = new Map<number, number>();
  #known = false;

  constructor(doc: Y.Doc, opts: ConnectOptions) {
    this.#doc = doc;
    this.#state = {
      status: 'connecting',
      lastSyncedAt: opts.lastSyncedAt ?? null,
      refusal: null,
      retrying: null,
      unsynced: null,
    };
    for (const [client, clock] of Object.entries(opts.relayClocks ?? {}))
      this.#relayClocks.set(Number(client), clock);
    this.#known = !!opts.relayClocks;
    this.provider = new WebsocketProvider(`${opts.relayUrl}/sync`, opts.federationId, doc, {
      params: { token: opts.token },
      WebSocketPolyfill: opts.WebSocketPolyfill,
      disableBc: opts.disableBc,
      maxBackoffTime: 5000,
      shouldReconnect: (event) => !isFinal(event.code),
    });
    const p = this.provider;
    const refresh = () => this.#refresh();
    // First: the clock tracker below wraps the handler this installs, and so sees every step 1.
    this.#offsync.push(chunkUploads(p, { ...DEFAULT_UPLOAD, ...opts.upload }));
    trackRelayClocks(p, this.#relayClocks, () => {
      this.#known = true;
      this.#count();
    });
    p.on('status', refresh);
    p.on('sync', refresh);
    p.on('connection-close', (event) => {
      refresh();
      // A close with a reason that y-websocket retries (not 44xx) is worth saying while it does.
      if (event?.reason && !isFinal(event.code)) {
        this.#set({ retrying: { code: event.code, reason: event.reason } });
      }
    });
    p.on('closed', (event) =>
      this.#set({
        status: 'refused',
        refusal: { code: event.code, reason: event.reason, kind: refusalKind(event.code) },
      }),
    );
    // While in sync, every local or remote update that went through the socket is a sync moment.
    const onUpdate = () => {
      if (this.#state.status === 'synced') this.#set({ lastSyncedAt: new Date().toISOString() });
      this.#count();
    };
    doc.on('update', onUpdate);
    this.#offsync.push(() => doc.off('update', onUpdate));
    if (typeof window !== 'undefined') {
      // A socket can look open for ~30 s after the network is gone: trust the browser's word.
      const online = () => this.reconnect();
      window.addEventListener('online', online);
      window.addEventListener('offline', refresh);
      this.#offsync.push(() => {
        window.removeEventListener('online', online);
        window.removeEventListener('offline', refresh);
      });
    }
    this.#refresh();
    this.#count();
  }

  /** The current status. */
  get state(): ConnectionState {
    return this.#state;
  }

  /** Calls `listener` on every change of state; returns the unsubscribe. */
  subscribe(listener: (s: ConnectionState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The clocks the relay is known to hold, to be kept for the next start. */
  get relayClocks(): Record<string, number> {
    return Object.fromEntries(this.#relayClocks);
  }

  /** Tries again now (after the network came back, or after a refusal was dealt with). */
  reconnect(): void {
    this.#set({ refusal: null, retrying: null });
    this.provider.disconnect();
    this.provider.connect();
  }

  /** Closes the connection; the document and its local copy are untouched. */
  destroy(): void {
    for (const off of this.#offsync) off();
    this.#listeners.clear();
    this.provider.destroy();
  }

  #refresh(): void {
    if (this.#state.refusal) return;
    const p = this.provider;
    const online = typeof navigator === 'undefined' || navigator.onLine !== false;
    let status: SyncStatus;
    if (!online) status = 'offline';
    else if (p.wsconnected && p.synced) status = 'synced';
    else if (!p.wsconnected && p.wsUnsuccessfulReconnects > 0) status = 'offline';
    else status = 'connecting';
    const synced = status === 'synced';
    const lastSyncedAt = synced ? new Date().toISOString() : this.#state.lastSyncedAt;
    // Only a new sync answers the last close: the close itself is seen while still 'synced'.
    const answered = synced && this.#state.status !== 'synced';
    this.#set({ status, lastSyncedAt, ...(answered ? { retrying: null } : {}) });
  }

  #count(): void {
    if (this.#known) this.#set({ unsynced: countUnsynced(this.#doc, this.#relayClocks) });
  }

  #set(patch: Partial<ConnectionState>): void {
    const next = { ...this.#state, ...patch };
    const same = (Object.keys(next) as (keyof ConnectionState)[]).every(
      (k) => next[k] === this.#state[k],
    );
    if (same) return;
    this.#state = next;
    for (const l of this.#listeners) l(next);
  }
}
