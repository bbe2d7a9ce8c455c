// Follows the Redis Streams of the federations this process has loaded: one blocking XREAD over
// all of them, on a connection of its own, woken with CLIENT UNBLOCK when the set changes.
import type Redis from 'ioredis';
import type { RemoteSink } from './backend';
import { errorMessage, type Log } from './log';

/** `fp:log:<federation>`: the federation's ordered update log (a Redis Stream). */
export const logKey = (federationId: string): string => `fp:log:${federationId}`;

/** One stream entry: an update (`u`) or a revoked token (`r`), tagged with the room that wrote it (`o`). */
export interface Entry {
  id: string;
  origin: string;
  update?: Buffer;
  revoked?: string;
}

/** A raw XRANGE / XREAD entry, with Buffer replies. */
export type RawEntry = [id: Buffer, fields: Buffer[]];

/** Decodes a raw stream entry; unknown fields are ignored. */
export function parseEntry([id, fields]: RawEntry): Entry {
  const entry: Entry = { id: id.toString(), origin: '' };
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const name = fields[i]?.toString();
    const value = fields[i + 1] as Buffer;
    if (name === 'u') entry.update = value;
    else if (name === 'r') entry.revoked = value.toString();
    else if (name === 'o') entry.origin = value.toString();
  }
  return entry;
}

/** Milliseconds of a Redis TIME reply (seconds, microseconds). */
export function redisMs([seconds = 0, micros = 0]: (number | string)[]): number {
  return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
}

/** Orders stream ids (`<ms>-<seq>`): negative, zero or positive like a sort comparator. */
export function compareIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am === bm ? as - bs : am - bm;
}

/** A loaded federation's place in its stream. */
export interface Follower {
  /** The last stream id this process has seen (applied, or written itself). */
  cursor: string;
  /** Redis's time (ms) by which a read, or the load, had covered everything up to `cursor`. */
  since: number;
  /** Written into every entry this room appends, so the tail skips its own. */
  tag: string;
  sink?: RemoteSink;
}

/** What the tail needs: where to deliver entries, and how to catch up after a long gap. */
export interface TailOptions {
  /** Entries are trimmed only once older than this, so a reader behind by less misses nothing. */
  graceMs: number;
  log: Log;
  deliver(federationId: string, follower: Follower, entries: Entry[], now: number): void;
  catchUp(federationId: string, follower: Follower): Promise<void>;
}

/** The blocking reader of one relay process. */
export class Tail {
  readonly followers = new Map<string, Follower>();
  readonly #blockMs: number;
  #clientId: number | undefined;
  #reading = 0;
  #stopped = false;
  #idle: (() => void) | undefined;
  readonly #done: Promise<void>;

  constructor(
    private readonly conn: Redis,
    private readonly cmd: Redis,
    private readonly options: TailOptions,
  ) {
    // Each read returns at least this often, so a lost unblock or a stall is noticed in time.
    this.#blockMs = Math.max(10, Math.min(5_000, Math.floor(options.graceMs / 4)));
    this.#done = this.#run();
  }

  /** Starts passing a loaded federation's new entries to its sink. */
  follow(federationId: string, follower: Follower): void {
    this.followers.set(federationId, follower);
    this.#wake();
  }

  /** Stops following; a read in flight for it is ignored when it returns. */
  unfollow(federationId: string): void {
    this.followers.delete(federationId);
  }

  /** Stops the loop and closes its connection. */
  async close(): Promise<void> {
    this.#stopped = true;
    this.#idle?.();
    this.conn.disconnect();
    // A catch-up still waiting on a lost Redis must not hold the shutdown.
    await Promise.race([this.#done, new Promise((done) => setTimeout(done, 1_000).unref())]);
  }

  /** Makes a blocked read return at once, so the next one covers the new set of streams. */
  #wake(tries = 0): void {
    if (this.#idle !== undefined) return this.#idle();
    const reading = this.#reading;
    if (reading === 0 || this.#clientId === undefined) return;
    this.cmd.client('UNBLOCK', this.#clientId).then(
      // 0: the read is not blocked yet (still on its way): try again shortly.
      (n) => {
        if (n === 0 && this.#reading === reading && tries < 20) {
          setTimeout(() => this.#wake(tries + 1), 5).unref();
        }
      },
      () => {},
    );
  }

  async #run(): Promise<void> {
    let seq = 0;
    while (!this.#stopped) {
      const followed = [...this.followers].filter(([, f]) => f.sink !== undefined);
      if (followed.length === 0) {
        await new Promise<void>((done) => (this.#idle = done));
        this.#idle = undefined;
        continue;
      }
      const keys = followed.map(([id]) => logKey(id));
      const ids = followed.map(([, f]) => f.cursor);
      this.#reading = ++seq;
      let reply: [Buffer, RawEntry[]][] | null;
      let times: [number, number];
      try {
        // Sent before the read on the same connection, so it is answered before the read blocks.
        void this.conn.client('ID').then(
          (id) => (this.#clientId = id),
          () => {},
        );
        // Redis's clock just before the read runs and just after it returns: gaps between reads
        // are measured where trimming measures age, whatever stalls this process.
        const before = this.conn.time();
        const read = this.conn.callBuffer(
          'XREAD',
          'BLOCK',
          this.#blockMs,
          'STREAMS',
          ...keys,
          ...ids,
        );
        const after = this.conn.time();
        const [t0, result, t1] = await Promise.all([before, read, after]);
        reply = result as [Buffer, RawEntry[]][] | null;
        times = [redisMs(t0), redisMs(t1)];
      } catch (err) {
        if (this.#stopped) break;
        this.options.log({ event: 'error', during: 'redis.tail', error: errorMessage(err) });
        await new Promise((done) => setTimeout(done, 250));
        continue;
      } finally {
        this.#reading = 0;
      }
      await this.#handle(followed, reply ?? [], ...times);
    }
  }

  async #handle(
    followed: [string, Follower][],
    reply: [Buffer, RawEntry[]][],
    readAt: number,
    doneAt: number,
  ) {
    const now = Date.now();
    const byKey = new Map(reply.map(([key, entries]) => [key.toString(), entries]));
    for (const [id, follower] of followed) {
      // Unloaded (or unloaded and loaded again) while the read was out: not ours any more.
      if (this.followers.get(id) !== follower) continue;
      const raw = byKey.get(logKey(id));
      if (raw !== undefined && raw.length > 0) {
        this.options.deliver(id, follower, raw.map(parseEntry), now);
      }
      // Entries older than graceMs may be trimmed: if this read ran long after the last one
      // returned (a stall, a reconnect), it may have started past entries already gone.
      if (readAt - follower.since > this.options.graceMs / 2) {
        try {
          await this.options.catchUp(id, follower);
        } catch (err) {
          const error = errorMessage(err);
          this.options.log({ event: 'error', during: 'redis.catch-up', federation: id, error });
          continue; // Still behind: tried again after the next read.
        }
      }
      follower.since = doneAt;
    }
  }
}
