let clock: (() => string) | null = null;

/** The current time as an ISO 8601 string (UTC); inside `withClock`, that clock's time. */
export function nowIso(): string {
  return clock ? clock() : new Date().toISOString();
}

/**
 * Runs `fn` (synchronous) with `nowIso` answering from `source`, so generated sample data can be
 * written as if over five years and be the same for a seed.
 */
export function withClock<T>(source: () => string, fn: () => T): T {
  const previous = clock;
  clock = source;
  try {
    return fn();
  } finally {
    clock = previous;
  }
}
