// Opens where the relay keeps its data: the SQLite store in dataDir, or Redis when a URL is given.
import type { Awaitable, DocStore, TokenStore } from './backend';
import { errorMessage, type Log } from './log';
import type { Metrics } from './metrics';
import { connectRedis, RedisDocs } from './redis-log';
import { RedisTokens } from './redis-tokens';
import { sqliteDocs } from './sqlite-docs';
import { Store } from './store';
import { startWriter } from './writer';

/** The relay's storage, whichever it is. */
export interface Backend {
  tokens: TokenStore;
  docs: DocStore;
  /** Bytes stored: the SQLite file, or the memory Redis uses. */
  storedBytes(): Awaitable<number>;
  /** Has every other process close the sockets of a revoked token (Redis only). */
  announceRevoked?: (federationId: string, tokenHash: Buffer) => Promise<void>;
  /** Logs a warning if the store would lose acknowledged updates on a restart (Redis only). */
  checkDurability?: () => Promise<void>;
  close(): Promise<void>;
}

/** Where and how to store. */
export interface BackendOptions {
  dataDir: string;
  redisUrl?: string;
  redisTrimGraceMs: number;
}

/** Opens the SQLite store, or connects to Redis (rejecting if it cannot be reached). */
export async function openBackend(
  opts: BackendOptions,
  metrics: Metrics,
  log: Log,
): Promise<Backend> {
  if (opts.redisUrl === undefined) {
    const store = new Store(opts.dataDir);
    const writer = await startWriter(store.file, log).catch((err: unknown) => {
      store.close();
      throw err;
    });
    const docs = sqliteDocs(store, writer);
    return {
      tokens: store,
      docs,
      storedBytes: () => store.storedBytes(),
      close: async () => {
        // Everything posted to the writer is committed before the last checkpoint.
        await writer.close();
        store.close();
      },
    };
  }
  const redis = await connectRedis(opts.redisUrl);
  const docs = new RedisDocs(redis, { graceMs: opts.redisTrimGraceMs, metrics, log });
  return {
    tokens: new RedisTokens(redis),
    docs,
    storedBytes: async () => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1] ?? 0),
    announceRevoked: (id, hash) => docs.revoked(id, hash.toString('hex')),
    checkDurability: () => warnIfVolatile(redis, log),
    close: () => docs.close(),
  };
}

/** Logs a warning when Redis would lose acknowledged updates on its own restart. */
async function warnIfVolatile(redis: Awaited<ReturnType<typeof connectRedis>>, log: Log) {
  try {
    const [, appendonly] = (await redis.config('GET', 'appendonly')) as string[];
    const [, fsync] = (await redis.config('GET', 'appendfsync')) as string[];
    if (appendonly !== 'yes' || fsync !== 'always') {
      log({ event: 'redis.volatile', appendonly, appendfsync: fsync });
    }
  } catch (err) {
    // Managed Redis often refuses CONFIG: nothing to check then.
    log({ event: 'redis.config-unknown', error: errorMessage(err) });
  }
}
