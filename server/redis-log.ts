// Federations' updates in Redis, shared by every relay process: an ordered log per federation
// (a Stream, `fp:log:<id>`) and a snapshot beside it (`fp:snap:<id>`: data, and the stream id it
// covers). The log is trimmed only up to what the snapshot covers, and only once entries are older
// than a grace period, so a process reading a little behind never misses one.
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import * as Y from 'yjs';
import type { Compacted, DocStore, RemoteSink } from './backend';
import { errorMessage, type Log } from './log';
import type { Metrics } from './metrics';
import {
  compareIds,
  logKey,
  parseEntry,
  redisMs,
  Tail,
  type Entry,
  type Follower,
  type RawEntry,
} from './redis-tail';

/** `fp:snap:<federation>`: a hash with `data` (a merged update) and `upTo` (the last stream id in it). */
export const snapKey = (federationId: string): string => `fp:snap:${federationId}`;

// KEYS: snap, log. ARGV: upTo, data ('' to only trim), grace ms. Returns {wrote, stream length}.
// Writes only a snapshot that covers more than the stored one; trims entries it covers that are
// older than the grace period (MINID evicts ids below the threshold).
const COMPACT = `
local function parse(id)
  local ms, seq = string.match(id, '^(%d+)-(%d+)$')
  return tonumber(ms), tonumber(seq)
end
local cur = redis.call('HGET', KEYS[1], 'upTo')
local upTo = cur or '0-0'
local wrote = 0
if ARGV[2] ~= '' then
  local am, as = parse(ARGV[1])
  local bm, bs = parse(upTo)
  if am > bm or (am == bm and as > bs) then
    redis.call('HSET', KEYS[1], 'data', ARGV[2], 'upTo', ARGV[1])
    upTo = ARGV[1]
    wrote = 1
  end
end
local um, us = parse(upTo)
local t = redis.call('TIME')
local old = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) - tonumber(ARGV[3])
local min
if um < old then min = string.format('%.0f-%.0f', um, us + 1) else min = string.format('%.0f-0', old) end
redis.call('XTRIM', KEYS[2], 'MINID', min)
return {wrote, redis.call('XLEN', KEYS[2])}`;

const toBuffer = (data: Uint8Array): Buffer =>
  Buffer.from(data.buffer, data.byteOffset, data.byteLength);

/** What one atomic read of a federation found: its snapshot, and the entries after it. */
interface Stored {
  snapshot: Buffer | null;
  upTo: string;
  entries: Entry[];
  /** The last stream id read (snapshot or entry): where following starts. */
  cursor: string;
  /** Redis's time (ms) when it was read. */
  at: number;
}

/** Options of the Redis store. */
export interface RedisDocsOptions {
  graceMs: number;
  metrics: Metrics;
  log: Log;
}

/** The Redis-backed DocStore of one relay process, with its tail of the loaded federations. */
export class RedisDocs implements DocStore {
  readonly #proc = randomBytes(6).toString('hex');
  #rooms = 0;
  readonly #tail: Tail;
  /** Appends and compactions in flight, awaited before the connections close. */
  readonly #pending = new Set<Promise<unknown>>();

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisDocsOptions,
  ) {
    const reader = redis.duplicate();
    reader.on('error', () => {}); // As for the main connection: the read loop logs and retries.
    this.#tail = new Tail(reader, redis, {
      graceMs: options.graceMs,
      log: options.log,
      deliver: (id, follower, entries, now) => this.#deliver(id, follower, entries, now),
      catchUp: (id, follower) => this.#catchUp(id, follower),
    });
  }

  /** Reads the snapshot and the log after it in one transaction, and starts a follower. */
  async load(id: string, apply: (u: Uint8Array, where: Record<string, unknown>) => void) {
    const stored = await this.#read(id);
    if (stored.snapshot !== null) apply(stored.snapshot, { snapshot: stored.upTo });
    let count = stored.snapshot === null ? 0 : 1;
    for (const entry of stored.entries) {
      if (entry.update === undefined) continue;
      apply(entry.update, { entry: entry.id });
      count += 1;
    }
    const tag = `${this.#proc}.${(this.#rooms += 1)}`;
    this.#tail.followers.set(id, { cursor: stored.cursor, since: stored.at, tag });
    return count;
  }

  /** XADDs an update; the promise settles once Redis holds it. */
  append(id: string, update: Uint8Array): Promise<void> {
    const tag = this.#tail.followers.get(id)?.tag ?? this.#proc;
    return this.#track(
      this.redis.xadd(logKey(id), '*', 'o', tag, 'u', toBuffer(update)).then(() => {
        this.options.metrics.redisAppends += 1;
      }),
    );
  }

  /** Tells every process that has this federation loaded that a token (hex hash) was revoked. */
  revoked(id: string, tokenHash: string): Promise<void> {
    const tag = this.#tail.followers.get(id)?.tag ?? this.#proc;
    return this.#track(this.redis.xadd(logKey(id), '*', 'o', tag, 'r', tokenHash).then(() => {}));
  }

  /** Starts passing other processes' entries of a loaded federation to `sink`. */
  follow(id: string, sink: RemoteSink): void {
    const follower = this.#tail.followers.get(id);
    if (follower === undefined) return;
    follower.sink = sink;
    this.#tail.follow(id, follower);
  }

  /** Stops following an unloaded federation. */
  unfollow(id: string): void {
    this.#tail.unfollow(id);
  }

  /** Merges the snapshot and the entries after it into a new snapshot, then trims what it covers. */
  compact(id: string): Promise<Compacted> {
    return this.#track(
      (async () => {
        const stored = await this.#read(id);
        const updates = stored.entries.flatMap((e) => (e.update === undefined ? [] : [e.update]));
        const parts = stored.snapshot === null ? updates : [stored.snapshot, ...updates];
        // Nothing new since the snapshot: the script only trims.
        const merge = updates.length > 0;
        const data = merge ? toBuffer(Y.mergeUpdates(parts)) : '';
        const upTo = merge ? stored.cursor : stored.upTo;
        const [wrote] = (await this.redis.eval(
          COMPACT,
          2,
          snapKey(id),
          logKey(id),
          upTo,
          data,
          this.options.graceMs,
        )) as [number, number];
        return { merged: wrote === 1 ? parts.length : 0, remaining: 0 };
      })(),
    );
  }

  /** Waits (a while, if Redis is gone) for appends and compactions in flight, then disconnects. */
  async close(): Promise<void> {
    const patience = (ms: number) => new Promise((done) => setTimeout(done, ms).unref());
    // Unacked appends that Redis never confirms are resent by their clients: no need to wait long.
    await Promise.race([Promise.allSettled([...this.#pending]), patience(5_000)]);
    await this.#tail.close();
    await Promise.race([this.redis.quit().catch(() => {}), patience(1_000)]);
    this.redis.disconnect();
  }

  async #read(id: string): Promise<Stored> {
    const results = await this.redis
      .multi()
      .hgetallBuffer(snapKey(id))
      .xrangeBuffer(logKey(id), '-', '+')
      .time()
      .exec();
    if (results === null) throw new Error('the Redis transaction was aborted');
    for (const [err] of results) if (err) throw err;
    const snap = results[0]?.[1] as Record<string, Buffer>;
    const all = (results[1]?.[1] as RawEntry[]).map(parseEntry);
    const upTo = snap.upTo?.toString() ?? '0-0';
    const snapshot = snap.data ?? null;
    // Entries the snapshot covers may still be there (the grace period): skip them.
    const entries = all.filter((e) => compareIds(e.id, upTo) > 0);
    const last = all.at(-1)?.id;
    const cursor = last !== undefined && compareIds(last, upTo) > 0 ? last : upTo;
    const at = redisMs(results[2]?.[1] as string[]);
    return { snapshot, upTo, entries, cursor, at };
  }

  #deliver(id: string, follower: Follower, entries: Entry[], now: number): void {
    const { metrics, log } = this.options;
    for (const entry of entries) {
      follower.cursor = entry.id;
      if (entry.origin === follower.tag || follower.sink === undefined) continue;
      try {
        if (entry.update !== undefined) {
          metrics.redisApplied += 1;
          metrics.redisLagMs = Math.max(0, now - Number(entry.id.split('-')[0]));
          follower.sink.apply(entry.update);
        } else if (entry.revoked !== undefined) {
          follower.sink.revoked(entry.revoked);
        }
      } catch (err) {
        log({ event: 'error', during: 'redis.apply', federation: id, error: errorMessage(err) });
      }
    }
  }

  /** Applies everything stored again (Yjs ignores what the doc has): after a read came too late. */
  async #catchUp(id: string, follower: Follower): Promise<void> {
    const stored = await this.#read(id);
    if (this.#tail.followers.get(id) !== follower || follower.sink === undefined) return;
    if (stored.snapshot !== null) follower.sink.apply(stored.snapshot);
    for (const entry of stored.entries) if (entry.update) follower.sink.apply(entry.update);
    if (compareIds(stored.cursor, follower.cursor) > 0) follower.cursor = stored.cursor;
    this.options.log({ event: 'federation.caught-up', federation: id });
  }

  #track<T>(promise: Promise<T>): Promise<T> {
    this.#pending.add(promise);
    const forget = () => this.#pending.delete(promise);
    promise.then(forget, forget);
    return promise;
  }
}

/** Connects to Redis; rejects if it cannot be reached at start. */
export async function connectRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 20 });
  redis.on('error', () => {}); // Reported by the commands that fail; ioredis reconnects.
  await redis.connect();
  return redis;
}
