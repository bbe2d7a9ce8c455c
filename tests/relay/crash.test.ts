// kill -9 in the middle of a stream of writes loses no acknowledged update.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { newFederation, onCleanup, tmpDir, waitFor } from './helpers';
import { startWriters, storedDoc } from './crash-helpers';
import { ackedClock } from './wire';

const ROOT = join(import.meta.dirname, '..', '..');

/** Starts `node --import tsx server/main.ts` on a free port; resolves with its sync URL. */
async function spawnRelay(dataDir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      STATIC_DIR: dataDir,
      // Compactions happen during the stream, so the kill may land in one.
      RELAY_COMPACT_EVERY: '40',
      RELAY_COMPACT_DELAY_MS: '0',
      RELAY_MESSAGES_PER_SECOND: '100000',
      RELAY_MESSAGE_BURST: '100000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  onCleanup(() => child.kill('SIGKILL'));
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((done) =>
    child.on('exit', (_code, signal) => done(signal)),
  );
  await waitFor('the relay to listen', () => stdout.includes('"listening"'), 15_000);
  const { port } = JSON.parse(stdout.split('\n')[0] ?? '{}') as { port: number };
  return { child, exited, syncUrl: `ws://127.0.0.1:${port}/sync`, log: () => stdout };
}

describe('kill -9', () => {
  it('loses no acknowledged update, twice in a row', { timeout: 40_000 }, async () => {
    const dataDir = tmpDir();
    const { id, token } = newFederation();
    const acked = new Map<number, number>();
    for (let round = 0; round < 2; round++) {
      const relay = await spawnRelay(dataDir);
      const load = startWriters(relay.syncUrl, id, token);
      await waitFor('a stream of acked writes', () => load.acked() >= 300, 15_000);
      relay.child.kill('SIGKILL');
      expect(await relay.exited).toBe('SIGKILL');
      await load.stop();
      let inFlight = 0;
      for (const w of load.writers) {
        acked.set(w.doc.clientID, ackedClock(w.raw.received, w.doc.clientID));
        inFlight += w.sent - ackedClock(w.raw.received, w.doc.clientID);
      }
      console.log(
        `round ${round + 1}: ${load.acked()} updates acked, ${inFlight} in flight at the kill`,
      );
      expect(relay.log()).toContain('"federation.compacted"');
      expect(relay.log()).not.toContain(token);
    }
    const relay = await spawnRelay(dataDir);
    const doc = await storedDoc(relay.syncUrl, id, token);
    const ledger = doc.getMap('ledger');
    for (const [client, clock] of acked) {
      expect(Y.getState(doc.store, client)).toBeGreaterThanOrEqual(clock);
      // One map entry per clock: each acked entry is there by its key.
      for (let i = 0; i < clock; i++) expect(ledger.has(`${client}-${i}`)).toBe(true);
    }
    expect(acked.size).toBe(6);
    relay.child.kill('SIGTERM');
    expect(await relay.exited).toBe(null);
  });
});
