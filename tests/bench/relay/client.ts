// One benchmark client: a raw ws socket speaking the y-websocket protocol (sync + awareness). Every
// update it sends is a real Yjs update, byte for byte what `map.set` in a Y.Doc produces, but
// encoded directly (stamp.ts). No y-websocket provider: 1,500 of those (timers, BroadcastChannel,
// awareness objects) would cost the load generator more than the servers under test. For the same
// reason a live broadcast is not applied to the client's doc (which only takes the initial sync):
// its stamp is read straight from the update, which costs a fraction of Y.applyUpdate.
import { performance } from 'node:perf_hooks';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as random from 'lib0/random';
import * as syncProtocol from 'y-protocols/sync';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { encodeStamp, readStamp, STAMP_MAP, writerOf, type Stamp } from './stamp';

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_AUTH = 2;
/** Our relay's ack: auth message sub-type 1 (src/lib/domain/ids.ts RELAY_ACK). */
const AUTH_ACK = 1;
const REMOTE = Symbol('remote');
/** y-websocket providers renew their awareness state every 15 s (outdatedTimeout / 2). */
export const AWARENESS_RENEW_MS = 15_000;

/** Where a client reports what it measures (the load generator's counters). */
export interface Sink {
  delivered(phase: number, latencyMs: number): void;
  acked(latencyMs: number): void;
  closed(code: number): void;
}

/**
 * Leaves every frame's mask zero: ws then sends the payload as it is instead of copying it masked
 * with fresh random bytes (a client must mask, but on loopback the mask protects nothing). Both
 * servers unmask the same frames; the load generator spends less CPU per message.
 */
const generateMask = (): void => {};

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

export class BenchClient {
  readonly doc = new Y.Doc();
  readonly #map = this.doc.getMap<Stamp>(STAMP_MAP);
  #key: string;
  #generation = 0;
  #ws: WebSocket | null = null;
  #synced = false;
  #stopped = false;
  #receivedAt = 0;
  #counting = false;
  #awarenessClock = 0;
  /**
   * The Yjs client id of this writer's items: not the doc's own, which the doc would rename when
   * the initial sync brings items of its id that it did not make (it never makes any here). A new
   * id (and key) whenever a server holds less of it than was written (see #resume).
   */
  #writer = random.uint32();
  /** Clock of this writer's next item; from 1 on, each overwrites the one before (stamp.ts). */
  #clock = 0;
  #awarenessTimer: NodeJS.Timeout | undefined;
  /** Send times of messages the relay will ack, oldest first (NaN: a sync step 2, not timed). */
  readonly #unacked: number[] = [];
  #onSynced: (() => void) | null = null;
  /** The other clients of the same federation. */
  peers: BenchClient[] = [];

  /** ws://host:port/sync of the server; set before each connect. */
  base = '';

  constructor(
    /** `/${federation}?token=${token}` */
    readonly path: string,
    readonly index: number,
    private readonly sink: Sink,
    private readonly opts: { expectAcks: boolean; awareness: boolean },
  ) {
    this.#key = `w${index}`;
    this.#map.observe((event) => {
      if (!this.#counting) return;
      for (const key of event.keysChanged) {
        const stamp = this.#map.get(key);
        if (stamp !== undefined) this.sink.delivered(stamp[0], this.#receivedAt - stamp[2]);
      }
    });
  }

  get ready(): boolean {
    return this.#synced && this.#ws?.readyState === WebSocket.OPEN;
  }

  /** Opens the socket; resolves once the server answered our sync step 1 (rejects on close). */
  connect(): Promise<void> {
    this.#stopped = false;
    this.#synced = false;
    this.#unacked.length = 0;
    const ws = new WebSocket(this.base + this.path, { perMessageDeflate: false, generateMask });
    this.#ws = ws;
    return new Promise((resolve, reject) => {
      this.#onSynced = resolve;
      ws.on('open', () => {
        this.#send(frame((e) => (encoding.writeVarUint(e, MESSAGE_SYNC), syncStep1(e, this.doc))));
        if (this.opts.awareness) this.#announce();
      });
      ws.on('message', (data: Buffer) => this.#receive(data));
      ws.on('error', () => {});
      ws.on('close', (code, reason) => {
        clearTimeout(this.#awarenessTimer);
        if (this.#ws !== ws) return;
        this.#ws = null;
        const wasSynced = this.#synced;
        this.#synced = false;
        if (!wasSynced) reject(new Error(`closed with ${code} ${reason.toString()} before sync`));
        if (this.#stopped) return;
        this.sink.closed(code);
        // Like a provider: reconnect (and resync) after a moment.
        setTimeout(() => {
          if (!this.#stopped) this.connect().catch(() => {});
        }, 500);
      });
    });
  }

  /** Writes a stamped value under this client's key; false if the socket is not ready. */
  write(phase: number, seq: number): boolean {
    if (!this.ready) return false;
    const now = performance.now();
    if (this.opts.expectAcks) this.#unacked.push(now);
    const stamp: Stamp = [phase, seq, now];
    const update = encodeStamp(this.#writer, this.#clock, this.#key, stamp, this.#clock > 0);
    this.#clock += 1;
    this.#send(frame((e) => writeUpdateMessage(e, update)));
    return true;
  }

  /** Closes for good; resolves when the socket is closed. */
  close(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#awarenessTimer);
    const ws = this.#ws;
    if (ws === null || ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((done) => {
      const timer = setTimeout(() => (ws.terminate(), done()), 3_000);
      ws.once('close', () => (clearTimeout(timer), done()));
      ws.close();
    });
  }

  #send(message: Uint8Array): void {
    if (this.#ws?.readyState === WebSocket.OPEN) this.#ws.send(message);
  }

  /**
   * A server that holds fewer of this writer's items than it wrote (writes lost with a closed
   * socket, or a server still loading its copy) would hold every next write back, waiting for
   * them: the writer goes on as a new client under a new key, whose first item needs nothing.
   */
  #resume(held: number): void {
    if (held === this.#clock) return;
    this.#writer = random.uint32();
    this.#clock = 0;
    this.#key = `w${this.index}.${++this.#generation}`;
  }

  /** One awareness state, as a provider sends it, renewed every 15 s like a provider does. */
  #announce(): void {
    this.#awarenessClock += 1;
    const state = JSON.stringify({ user: { name: this.#key } });
    this.#send(
      frame((e) => {
        encoding.writeVarUint(e, MESSAGE_AWARENESS);
        const inner = encoding.createEncoder();
        encoding.writeVarUint(inner, 1);
        encoding.writeVarUint(inner, this.doc.clientID);
        encoding.writeVarUint(inner, this.#awarenessClock);
        encoding.writeVarString(inner, state);
        encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
      }),
    );
    // First renewal at a random phase so 1,500 clients do not renew in lockstep.
    const delay =
      this.#awarenessClock === 1 ? Math.random() * AWARENESS_RENEW_MS : AWARENESS_RENEW_MS;
    this.#awarenessTimer = setTimeout(() => this.#announce(), delay);
    this.#awarenessTimer.unref();
  }

  #receive(data: Buffer): void {
    const receivedAt = performance.now();
    const decoder = decoding.createDecoder(data);
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE_SYNC) {
      const kind = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (kind === syncProtocol.messageYjsSyncStep1) {
        this.#resume(Y.decodeStateVector(payload).get(this.#writer) ?? 0);
        this.#send(
          frame((e) => {
            encoding.writeVarUint(e, MESSAGE_SYNC);
            syncProtocol.writeSyncStep2(e, this.doc, payload);
          }),
        );
        if (this.opts.expectAcks) this.#unacked.push(NaN);
        return;
      }
      // Only live broadcasts (sync update) count as deliveries; a resync's step 2 does not.
      if (kind === syncProtocol.messageYjsUpdate) {
        // The reference server echoes an update to its sender: not a delivery.
        if (writerOf(payload) === this.#writer) return;
        const stamp = readStamp(payload, this.#writer);
        if (stamp !== null) return this.sink.delivered(stamp[0], receivedAt - stamp[2]);
      }
      this.#counting = kind === syncProtocol.messageYjsUpdate;
      this.#receivedAt = receivedAt;
      try {
        Y.applyUpdate(this.doc, payload, REMOTE);
      } finally {
        this.#counting = false;
      }
      if (kind === syncProtocol.messageYjsSyncStep2 && !this.#synced) {
        this.#synced = true;
        this.#onSynced?.();
        this.#onSynced = null;
      }
    } else if (type === MESSAGE_AUTH && decoding.readVarUint(decoder) === AUTH_ACK) {
      const sentAt = this.#unacked.shift();
      if (sentAt !== undefined && !Number.isNaN(sentAt)) this.sink.acked(receivedAt - sentAt);
    }
    // Awareness from others: a provider would apply it; nothing here depends on it.
  }
}

function syncStep1(encoder: encoding.Encoder, doc: Y.Doc): void {
  syncProtocol.writeSyncStep1(encoder, doc);
}

function writeUpdateMessage(encoder: encoding.Encoder, update: Uint8Array): void {
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeUpdate(encoder, update);
}
