// The federations in memory: loaded on the first socket, unloaded (and compacted) when idle.
import { RELAY_CLOSE } from '../src/lib/domain/ids';
import { REASONS } from './auth';
import { Room, type RoomDeps } from './room';

/** Options of the room registry: what every room needs, and when idle rooms unload. */
export interface RoomsOptions extends RoomDeps {
  unloadAfterMs: number;
}

/** Loads, tracks and unloads federations. */
export class Rooms {
  readonly #rooms = new Map<string, Room>();
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #loading = new WeakMap<Room, Promise<void>>();

  constructor(private readonly options: RoomsOptions) {}

  /**
   * The room of a federation, loading it from the store if needed (it may come back failed); with
   * Redis the load is asynchronous and sockets that arrive meanwhile wait for the same one.
   */
  async acquire(federationId: string): Promise<Room> {
    const existing = this.#rooms.get(federationId);
    // A failed room keeps its unload timer: that is when the next connection may retry the load.
    if (existing?.failed === false) this.#cancelUnload(federationId);
    if (existing !== undefined) {
      await this.#loading.get(existing);
      return existing;
    }
    const room = new Room(federationId, this.options, (r) => this.#scheduleUnload(r));
    this.#rooms.set(federationId, room);
    const loading = room.load();
    if (loading !== undefined) {
      this.#loading.set(room, loading);
      await loading;
      this.#loading.delete(room);
    }
    // A failed room stays a while so reconnecting clients do not reread it every time.
    if (room.failed && !room.destroyed) this.#scheduleUnload(room);
    return room;
  }

  /** Unloads a room no socket joined after all (its sockets closed while it loaded). */
  release(room: Room): void {
    if (room.connections.size === 0 && this.#rooms.get(room.id) === room) {
      this.#scheduleUnload(room);
    }
  }

  /** How many federations are loaded (failed ones excluded) and how many sockets they hold. */
  stats(): { federations: number; connections: number } {
    let federations = 0;
    let connections = 0;
    for (const room of this.#rooms.values()) {
      if (!room.failed) federations += 1;
      connections += room.connections.size;
    }
    return { federations, connections };
  }

  /** Closes the sockets of a loaded federation that opened with this token hash (hex). */
  closeToken(federationId: string, tokenHash: string, why: string, code: number, reason: string) {
    return this.#rooms.get(federationId)?.closeToken(tokenHash, why, code, reason) ?? 0;
  }

  /** Compacts and frees every room, closing its sockets with a code (used on shutdown). */
  closeAll(code: number = RELAY_CLOSE.goingAway, reason: string = REASONS.goingAway): void {
    for (const id of [...this.#rooms.keys()]) this.#unload(id, code, reason);
  }

  #scheduleUnload(room: Room): void {
    this.#cancelUnload(room.id);
    const timer = setTimeout(() => {
      this.#timers.delete(room.id);
      const current = this.#rooms.get(room.id) === room;
      if (current && room.connections.size === 0) this.#unload(room.id, RELAY_CLOSE.goingAway, '');
    }, this.options.unloadAfterMs);
    timer.unref();
    this.#timers.set(room.id, timer);
  }

  #cancelUnload(federationId: string): void {
    const timer = this.#timers.get(federationId);
    if (timer !== undefined) clearTimeout(timer);
    this.#timers.delete(federationId);
  }

  #unload(federationId: string, code: number, reason: string): void {
    const room = this.#rooms.get(federationId);
    if (room === undefined) return;
    this.#cancelUnload(federationId);
    this.#rooms.delete(federationId);
    try {
      room.compact();
    } finally {
      room.destroy(code, reason);
    }
    this.options.log({
      event: 'federation.unloaded',
      federation: federationId,
      failed: room.failed,
    });
  }
}
