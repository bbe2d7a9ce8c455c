// One loaded federation: its Y.Doc, awareness and sockets; stores every client update as it arrives.
import type { WebSocket } from 'ws';
import { Awareness, removeAwarenessStates } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { RELAY_CLOSE } from '../src/lib/domain/ids';
import { REASONS } from './auth';
import { closeSocket, send } from './sockets';
import { errorMessage, type Log } from './log';
import {
  encodeAwareness,
  encodeSyncStep1,
  encodeUpdate,
  handleMessage,
  MalformedMessage,
  ReadOnlyWrite,
} from './protocol';
import type { Store } from './store';

/** Transaction origin of updates read from the store, which must not be stored again. */
const FROM_STORE = Symbol('from-store');

interface Connection {
  /** Awareness client ids this socket announced, removed when it closes. */
  clients: Set<number>;
  readOnly: boolean;
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

/** A federation held in memory while it has sockets (and a while after). */
export class Room {
  readonly doc = new Y.Doc();
  readonly awareness = new Awareness(this.doc);
  readonly connections = new Map<WebSocket, Connection>();
  /** Set when the stored copy could not be read or written: the room never writes again. */
  failed = false;
  #rowCount = 0;

  constructor(
    readonly id: string,
    private readonly store: Store,
    private readonly log: Log,
    private readonly compactEvery: number,
    private readonly onEmpty: (room: Room) => void,
  ) {
    this.awareness.setLocalState(null);
    this.awareness.on('update', (change: AwarenessChange, origin: unknown) =>
      this.#onAwareness(change, origin),
    );
  }

  /** Applies the stored rows to the fresh doc; marks the room failed if one cannot be read. */
  load(): void {
    const rows = this.store.rows(this.id);
    for (const row of rows) {
      try {
        Y.applyUpdate(this.doc, row.data, FROM_STORE);
      } catch (err) {
        this.#fail('load', err, { row: row.id });
        return;
      }
    }
    this.#rowCount = rows.length;
    // Attached after the synchronous load, so nothing can slip in between.
    this.doc.on('update', (update: Uint8Array, origin: unknown) => this.#onUpdate(update, origin));
    this.log({ event: 'federation.loaded', federation: this.id, rows: rows.length });
  }

  /** Adds an authorized socket and starts the sync handshake, like the reference server. */
  join(ws: WebSocket, readOnly: boolean): void {
    this.connections.set(ws, { clients: new Set(), readOnly });
    send(ws, encodeSyncStep1(this.doc));
    const states = [...this.awareness.getStates().keys()];
    if (states.length > 0) send(ws, encodeAwareness(this.awareness, states));
  }

  /** Handles one frame from a socket of this room; closes that socket if it is malformed. */
  receive(ws: WebSocket, frame: Uint8Array): void {
    const connection = this.connections.get(ws);
    if (connection === undefined || this.failed) return;
    try {
      const reply = handleMessage(this, ws, frame, connection.readOnly);
      if (reply !== null) send(ws, reply);
    } catch (err) {
      if (err instanceof ReadOnlyWrite) {
        this.log({ event: 'refused', reason: 'read-only', federation: this.id });
        closeSocket(ws, RELAY_CLOSE.readOnly, REASONS.readOnly);
        return;
      }
      const detail = errorMessage(err);
      const known = err instanceof MalformedMessage;
      this.log({ event: 'refused', reason: 'malformed', federation: this.id, detail, known });
      closeSocket(ws, RELAY_CLOSE.badRequest, `Malformed message: ${detail}`);
    }
  }

  /** Removes a closed socket and the awareness states it controlled. */
  leave(ws: WebSocket): void {
    const connection = this.connections.get(ws);
    if (connection === undefined) return;
    this.connections.delete(ws);
    if (!this.failed) removeAwarenessStates(this.awareness, [...connection.clients], null);
    if (this.connections.size === 0) this.onEmpty(this);
  }

  /** Merges stored rows into one snapshot; never touches a failed federation. */
  compact(): void {
    if (this.failed) return;
    try {
      this.#rowCount = this.store.compact(this.id);
    } catch (err) {
      this.log({
        event: 'error',
        during: 'compact',
        federation: this.id,
        error: errorMessage(err),
      });
    }
  }

  /** Closes every socket with a code and frees the doc. */
  destroy(code: number, reason: string): void {
    for (const ws of [...this.connections.keys()]) closeSocket(ws, code, reason);
    this.connections.clear();
    this.awareness.destroy();
    this.doc.destroy();
  }

  #onUpdate(update: Uint8Array, origin: unknown): void {
    if (origin === FROM_STORE || this.failed) return;
    try {
      // Stored before anyone else sees it: a broadcast update is always a durable one.
      this.store.append(this.id, update);
      this.#rowCount += 1;
    } catch (err) {
      this.#fail('write', err, {});
      return;
    }
    const message = encodeUpdate(update);
    for (const ws of this.connections.keys()) if (ws !== origin) send(ws, message);
    if (this.#rowCount > this.compactEvery) this.compact();
  }

  #onAwareness({ added, updated, removed }: AwarenessChange, origin: unknown): void {
    const connection = origin === null ? undefined : this.connections.get(origin as WebSocket);
    if (connection !== undefined) {
      for (const client of added) connection.clients.add(client);
      for (const client of removed) connection.clients.delete(client);
    }
    const message = encodeAwareness(this.awareness, [...added, ...updated, ...removed]);
    for (const ws of this.connections.keys()) if (ws !== origin) send(ws, message);
  }

  #fail(during: 'load' | 'write', err: unknown, extra: Record<string, unknown>): void {
    this.failed = true;
    const error = errorMessage(err);
    this.log({ event: 'federation.failed', federation: this.id, during, error, ...extra });
    const reason = during === 'load' ? REASONS.storeFailure : REASONS.writeFailure;
    for (const ws of [...this.connections.keys()])
      closeSocket(ws, RELAY_CLOSE.storeFailure, reason);
  }
}
