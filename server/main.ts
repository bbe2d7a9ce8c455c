// Entry point: `tsx server/main.ts`, configured by PORT, HOST, DATA_DIR, STATIC_DIR, REDIS_URL and
// the RELAY_* limits of config.ts (see README.md).
import { settingsFromEnv } from './config';
import { errorMessage, jsonLog } from './log';
import { startRelay } from './relay';

function port(value: string | undefined): number {
  const parsed = Number(value ?? 8787);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) {
    throw new Error(`PORT must be a port number, not "${value}"`);
  }
  return parsed;
}

async function main(): Promise<void> {
  const relay = await startRelay({
    ...settingsFromEnv(process.env),
    port: port(process.env.PORT),
    host: process.env.HOST || undefined,
    dataDir: process.env.DATA_DIR || './data',
    staticDir: process.env.STATIC_DIR || './build',
    redisUrl: process.env.REDIS_URL || undefined,
    log: jsonLog,
  });
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    jsonLog({ event: 'shutdown', signal });
    relay.close().then(
      () => process.exit(0),
      (err: unknown) => {
        jsonLog({ event: 'error', during: 'shutdown', error: errorMessage(err) });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  jsonLog({ event: 'error', during: 'startup', error: errorMessage(err) });
  process.exit(1);
});
