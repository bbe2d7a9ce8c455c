// The relay's tunable limits: defaults, and how main.ts reads them from the environment.

/** Limits that protect the relay; every one is an option of startRelay and an env var. */
export interface Limits {
  /** Largest message a socket may send, in bytes (RELAY_MAX_MESSAGE_BYTES). */
  maxPayload: number;
  /** Messages per second a socket may send on average (RELAY_MESSAGES_PER_SECOND). */
  messagesPerSecond: number;
  /** Messages a socket may send at once before the average applies (RELAY_MESSAGE_BURST). */
  messageBurst: number;
  /** Bytes per second a socket may send on average (RELAY_BYTES_PER_SECOND). */
  bytesPerSecond: number;
  /** Open sockets per remote address (RELAY_MAX_CONNECTIONS_PER_IP). */
  maxConnectionsPerIp: number;
  /** New federation ids one remote address may claim per hour (RELAY_MAX_CLAIMS_PER_IP_PER_HOUR). */
  maxClaimsPerIpPerHour: number;
  /** Bytes queued to a socket beyond which it is disconnected as too slow (RELAY_MAX_BUFFERED_BYTES). */
  maxBufferedBytes: number;
  /** Bytes accepted and not yet durable past which every socket stops being read (RELAY_MAX_UNWRITTEN_BYTES). */
  maxUnwrittenBytes: number;
}

/** Timings of the relay's background work. */
export interface Timings {
  /** Milliseconds an idle federation stays loaded (RELAY_UNLOAD_AFTER_MS). */
  unloadAfterMs: number;
  /** Stored rows of a federation that trigger a compaction (RELAY_COMPACT_EVERY). */
  compactEvery: number;
  /** Milliseconds between crossing compactEvery and compacting (RELAY_COMPACT_DELAY_MS). */
  compactDelayMs: number;
  /** Milliseconds between pings; a socket that missed the last one is dropped (RELAY_PING_MS). */
  pingIntervalMs: number;
  /** Milliseconds a Redis stream entry a snapshot covers is kept for slow readers (RELAY_REDIS_TRIM_GRACE_MS). */
  redisTrimGraceMs: number;
}

const MiB = 2 ** 20;

/** The defaults: generous for a hall of people behind one address, tight for one abuser. */
export const DEFAULT_LIMITS: Limits = {
  maxPayload: 16 * MiB,
  messagesPerSecond: 300,
  messageBurst: 1_000,
  bytesPerSecond: 4 * MiB,
  maxConnectionsPerIp: 256,
  maxClaimsPerIpPerHour: 100,
  maxBufferedBytes: 8 * MiB,
  maxUnwrittenBytes: 64 * MiB,
};

/** The default timings. */
export const DEFAULT_TIMINGS: Timings = {
  unloadAfterMs: 30_000,
  compactEvery: 500,
  compactDelayMs: 250,
  pingIntervalMs: 30_000,
  redisTrimGraceMs: 60_000,
};

const ENV: Record<keyof Limits | keyof Timings, string> = {
  maxPayload: 'RELAY_MAX_MESSAGE_BYTES',
  messagesPerSecond: 'RELAY_MESSAGES_PER_SECOND',
  messageBurst: 'RELAY_MESSAGE_BURST',
  bytesPerSecond: 'RELAY_BYTES_PER_SECOND',
  maxConnectionsPerIp: 'RELAY_MAX_CONNECTIONS_PER_IP',
  maxClaimsPerIpPerHour: 'RELAY_MAX_CLAIMS_PER_IP_PER_HOUR',
  maxBufferedBytes: 'RELAY_MAX_BUFFERED_BYTES',
  maxUnwrittenBytes: 'RELAY_MAX_UNWRITTEN_BYTES',
  unloadAfterMs: 'RELAY_UNLOAD_AFTER_MS',
  compactEvery: 'RELAY_COMPACT_EVERY',
  compactDelayMs: 'RELAY_COMPACT_DELAY_MS',
  pingIntervalMs: 'RELAY_PING_MS',
  redisTrimGraceMs: 'RELAY_REDIS_TRIM_GRACE_MS',
};

/** Reads the limits and timings set in the environment; throws on a value that is not a number. */
export function settingsFromEnv(
  env: Record<string, string | undefined>,
): Partial<Limits & Timings> {
  const out: Partial<Limits & Timings> = {};
  for (const [key, name] of Object.entries(ENV) as [keyof Limits | keyof Timings, string][]) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0) {
      throw new Error(`${name} must be a non-negative number, not "${raw}"`);
    }
    out[key] = value;
  }
  return out;
}
