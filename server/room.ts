// One loaded federation: its Y.Doc, awareness and sockets; stores every client update as it arrives.
import { performance } from 'node:perf_hooks';
import type { WebSocket } from 'ws';
import { Awareness, removeAwarenessStates } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { RELAY_CLOSE } from '../src/lib/domain/ids';
import { REASONS } from './auth';
import type { Awaitable, Compacted } from './backend';
import { errorMessage } from './log';
import {
  encodeAck,
  encodeAwareness,
  encodeSyncStep1,
  encodeUpdate,
  handleMessage,
  MalformedMessage,
  MAX_AWARENESS_STATES,
  ReadOnlyWrite,
  TooManyStates,
} from './protocol';
import type { AwarenessChange, Connection, RoomDeps } from './room-types';
import { closeSocket, send } from './sockets';

export type { Refuse, RoomDeps } from './room-types';

/** Transaction origin of updates read from the store, which must not be stored again. */
const FROM_STORE = Symbol('from-store');
/** Transaction origin of other relay processes' updates: already in the shared log. */
const FROM_LOG = Symbol('from-log');

/** A federation held in memory while it has sockets (and a while after). */
export class Room {
  readonly doc = new Y.Doc();
  readonly awareness = new Awareness(this.doc);
  readonly connections = new Map<WebSocket, Connection>();
  /** Set when the stored copy could not be read or written: the room never writes again. */
  failed = false;
  #rowCount = 0;
  #compactTimer: NodeJS.Timeout | undefined;
  #compacting = false;
  #destroyed = false;
  /** Settles when the last append is durable (true) or failed; null while stores are synchronous. */
  #durable: Promise<boolean> | null = null;

  constructor(
    readonly id: string,
    private readonly deps: RoomDeps,
    private readonly onEmpty: (room: Room) => void,
  ) {
    this.awareness.setLocalState(null);
    this.awareness.on('update', (change: AwarenessChange, origin: unknown) =>
      this.#onAwareness(change, origin),
    );
  }

  /** Applies the stored updates to the fresh doc (at once, or later with Redis); failed if unreadable. */
  load(): void | Promise<void> {
    let where: Record<string, unknown> = {};
    const apply = (update: Uint8Array, at: Record<string, unknown>) => {
      where = at;
      Y.applyUpdate(this.doc, update, FROM_STORE);
    };
    const failed = (err: unknown) => this.#fail('load', err, where);
    let rows: Awaitable<number>;
    try {
      rows = this.deps.docs.load(this.id, apply);
    } catch (err) {
      return failed(err);
    }
    if (typeof rows === 'number') return this.#loaded(rows);
    return rows.then((n) => this.#loaded(n), failed);
  }

  /** Whether the room was unloaded (a socket that waited for its load must not join it). */
  get destroyed(): boolean {
    return this.#destroyed;
  }

  /** Adds an authorized socket and starts the sync handshake, like the reference server. */
  join(ws: WebSocket, readOnly: boolean, tokenHash: string): void {
    this.connections.set(ws, { clients: [], readOnly, tokenHash, replyBytes: 0 });
    send(ws, encodeSyncStep1(this.doc));
    const states = [...this.awareness.getStates().keys()];
    if (states.length > 0) send(ws, encodeAwareness(this.awareness, states));
  }

  /** Handles one frame from a socket of this room; closes that socket if it is malformed. */
  receive(ws: WebSocket, frame: Uint8Array): void {
    const connection = this.connections.get(ws);
    if (connection === undefined || this.failed) return;
    const { refuse, metrics } = this.deps;
    const federation = this.id;
    // A socket that does not read its replies cannot make the relay queue more of them.
    if (this.#tooSlow(ws, connection)) return;
    try {
      const { reply, applied } = handleMessage(this, ws, frame, connection.readOnly);
      if (reply !== null) {
        connection.replyBytes = Math.max(connection.replyBytes, reply.length);
        send(ws, reply);
      }
      // Acked only once stored: #onUpdate wrote it synchronously, or once its append (and every
      // earlier one) is durable; the clocks are taken now, so later writes are not claimed.
      if (applied !== null && !this.failed) {
        const ack = encodeAck(this.doc, applied);
        const acked = (ok: boolean) => {
          if (!ok) return;
          send(ws, ack);
          metrics.acks += 1;
        };
        if (this.#durable === null) acked(true);
        else void this.#durable.then(acked);
      }
      if (connection.clients.length > MAX_AWARENESS_STATES) throw new TooManyStates();
    } catch (err) {
      if (err instanceof ReadOnlyWrite) {
        return refuse(ws, 'read-only', RELAY_CLOSE.readOnly, REASONS.readOnly, { federation });
      }
      if (err instanceof TooManyStates) {
        return refuse(ws, 'awareness', RELAY_CLOSE.badRequest, REASONS.awareness, { federation });
      }
      const detail = errorMessage(err);
      const known = err instanceof MalformedMessage;
      const reason = `Malformed message: ${detail}`;
      refuse(ws, 'malformed', RELAY_CLOSE.badRequest, reason, { federation, detail, known });
    }
  }

  /** Removes a closed socket and the awareness states it controlled. */
  leave(ws: WebSocket): void {
    const connection = this.connections.get(ws);
    if (connection === undefined) return;
    this.connections.delete(ws);
    if (!this.failed && !this.#destroyed) {
      removeAwarenessStates(this.awareness, connection.clients, null);
      // Forget their clocks too: otherwise every client id ever announced stays in memory.
      for (const client of connection.clients) this.awareness.meta.delete(client);
    }
    if (this.connections.size === 0) this.onEmpty(this);
  }

  /** Closes every socket that opened with the token of this hash (hex), for cause. */
  closeToken(tokenHash: string, why: string, code: number, reason: string): number {
    let closed = 0;
    for (const [ws, connection] of [...this.connections]) {
      if (connection.tokenHash !== tokenHash) continue;
      this.deps.refuse(ws, why, code, reason, { federation: this.id });
      closed += 1;
    }
    return closed;
  }

  /** Merges stored rows into one snapshot; never touches a failed federation. */
  compact(): void {
    clearTimeout(this.#compactTimer);
    this.#compactTimer = undefined;
    if (this.failed || this.#destroyed || this.#compacting) return;
    const started = performance.now();
    const before = this.#rowCount;
    const done = ({ merged, remaining }: Compacted) => {
      // Rows counted while an asynchronous compaction ran are not in it.
      this.#rowCount = remaining + (this.#rowCount - before);
      if (merged === 0) return;
      this.deps.metrics.compactions += 1;
      const ms = Math.round((performance.now() - started) * 10) / 10;
      this.deps.log({ event: 'federation.compacted', federation: this.id, merged, remaining, ms });
    };
    const failed = (err: unknown) => {
      const error = errorMessage(err);
      this.deps.log({ event: 'error', during: 'compact', federation: this.id, error });
    };
    try {
      const result = this.deps.docs.compact(this.id);
      if (!(result instanceof Promise)) return done(result);
      this.#compacting = true;
      void result.then(done, failed).finally(() => (this.#compacting = false));
    } catch (err) {
      failed(err);
    }
  }

  /** Closes every socket with a code and frees the doc. */
  destroy(code: number, reason: string): void {
    this.#destroyed = true;
    clearTimeout(this.#compactTimer);
    for (const ws of [...this.connections.keys()]) closeSocket(ws, code, reason);
    this.connections.clear();
    this.deps.docs.unfollow?.(this.id);
    this.awareness.destroy();
    this.doc.destroy();
  }

  #loaded(rows: number): void {
    if (this.#destroyed) return;
    this.#rowCount = rows;
    // Attached after the load, before any socket's frame is handled, so nothing slips in between.
    this.doc.on('update', (update: Uint8Array, origin: unknown) => this.#onUpdate(update, origin));
    this.deps.docs.follow?.(this.id, {
      apply: (update) => {
        if (!this.failed) Y.applyUpdate(this.doc, update, FROM_LOG);
      },
      revoked: (hash) => this.closeToken(hash, 'revoked', RELAY_CLOSE.revoked, REASONS.revoked),
    });
    this.deps.log({ event: 'federation.loaded', federation: this.id, rows });
  }

  #onUpdate(update: Uint8Array, origin: unknown): void {
    if (origin === FROM_STORE || this.failed) return;
    if (origin === FROM_LOG) {
      // Another process stored it: this process only passes it on to its own sockets.
      this.#rowCount += 1;
      this.#broadcast(encodeUpdate(update), null);
      return this.#scheduleCompaction();
    }
    let durable: Promise<void> | null;
    try {
      durable = this.deps.docs.append(this.id, update);
    } catch (err) {
      return this.#fail('write', err, {});
    }
    // Passed on at once, acked to its writer only once durable (receive() waits for #durable). A
    // crash in between loses nothing: the writer holds it unacked and sends it again on reconnect,
    // as does every device that received it.
    this.#broadcast(encodeUpdate(update), origin);
    const stored = () => {
      this.#rowCount += 1;
      this.deps.metrics.updated(update.length);
      this.#scheduleCompaction();
    };
    if (durable === null) return stored();
    const written = this.deps.intake.hold(update.length);
    this.#durable = durable.then(
      () => {
        written();
        if (this.failed) return false;
        stored();
        return true;
      },
      (err: unknown) => {
        written();
        this.#fail('write', err, {});
        return false;
      },
    );
  }

  #scheduleCompaction(): void {
    // Off the hot path: this update's broadcast and ack never wait for a compaction.
    if (this.#rowCount > this.deps.compactEvery && this.#compactTimer === undefined) {
      this.#compactTimer = setTimeout(() => this.compact(), this.deps.compactDelayMs);
      this.#compactTimer.unref();
    }
  }

  #broadcast(message: Uint8Array, except: unknown): void {
    for (const [ws, connection] of this.connections) {
      if (ws === except || ws.readyState !== ws.OPEN) continue;
      // A client that cannot keep up is dropped (it resyncs on reconnect), never silently skipped.
      if (!this.#tooSlow(ws, connection)) send(ws, message);
    }
  }

  /** Drops a socket whose send queue is over the cap (plus its initial sync); true if it did. */
  #tooSlow(ws: WebSocket, connection: Connection): boolean {
    const buffered = ws.bufferedAmount;
    if (buffered <= this.deps.maxBufferedBytes + connection.replyBytes) return false;
    const fields = { federation: this.id, buffered };
    this.deps.refuse(ws, 'slow', RELAY_CLOSE.limited, REASONS.slow, fields);
    // The close frame waits behind the backlog: give it a moment, then free the memory.
    setTimeout(() => ws.terminate(), 1_000).unref();
    return true;
  }

  #onAwareness({ added, updated, removed }: AwarenessChange, origin: unknown): void {
    const connection = origin === null ? undefined : this.connections.get(origin as WebSocket);
    if (connection !== undefined) {
      for (const client of added) {
        if (!connection.clients.includes(client)) connection.clients.push(client);
      }
      if (removed.length > 0) {
        connection.clients = connection.clients.filter((client) => !removed.includes(client));
      }
    }
    const message = encodeAwareness(this.awareness, [...added, ...updated, ...removed]);
    this.#broadcast(message, origin);
  }

  #fail(during: 'load' | 'write', err: unknown, extra: Record<string, unknown>): void {
    this.failed = true;
    const error = errorMessage(err);
    this.deps.log({ event: 'federation.failed', federation: this.id, during, error, ...extra });
    const reason = during === 'load' ? REASONS.storeFailure : REASONS.writeFailure;
    for (const ws of [...this.connections.keys()]) {
      this.deps.refuse(ws, 'store-failure', RELAY_CLOSE.storeFailure, reason, {
        federation: this.id,
      });
    }
  }
}
