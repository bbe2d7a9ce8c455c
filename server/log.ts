// Structured logging: one JSON line per notable event, never a token or its hash.

/** A sink for relay events; the default writes one JSON line to stdout. */
export type Log = (event: Record<string, unknown>) => void;

/** Writes an event as one JSON line to stdout, with a timestamp. */
export const jsonLog: Log = (event) => {
  process.stdout.write(JSON.stringify({ time: new Date().toISOString(), ...event }) + '\n');
};

/** The message of an unknown thrown value, for logs and close reasons. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
