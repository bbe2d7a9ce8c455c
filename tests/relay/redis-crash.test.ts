// Relay processes on one Redis, killed or stalled: kill -9 of one loses no acknowledged update (the
// other process had every one live, a fresh one loads every one), and a process stalled past the
// trim grace period catches up on entries trimmed while it slept.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connect, newFederation, onCleanup, sleep, synced, tmpDir, waitFor } from './helpers';
import { startWriters, storedDoc } from './crash-helpers';
import { ackedClock } from './wire';

const ROOT = join(import.meta.dirname, '..', '..');

/** A free loopback port (closed again at once; the child takes it a moment later). */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

let redisUrl = '';
let stopRedis = () => {};
beforeAll(async () => {
  if (spawnSync('redis-server', ['--version']).error !== undefined) {
    throw new Error(
      'redis-server is not installed: apt-get install -y redis-server (.ci/run does)',
    );
  }
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  stopRedis = () => child.kill('SIGKILL');
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await waitFor('redis-server to be ready', () => out.includes('Ready to accept'), 10_000);
  redisUrl = `redis://127.0.0.1:${port}`;
});
afterAll(() => stopRedis());

/** Starts `node --import tsx server/main.ts` on Redis and a free port; resolves with its sync URL. */
async function spawnRelay(env: Record<string, string> = {}) {
  const dataDir = tmpDir();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      REDIS_URL: redisUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      STATIC_DIR: dataDir,
      // Compactions and trims happen during the stream, so the kill may land in one.
      RELAY_COMPACT_EVERY: '40',
      RELAY_COMPACT_DELAY_MS: '0',
      RELAY_REDIS_TRIM_GRACE_MS: '200',
      RELAY_MESSAGES_PER_SECOND: '100000',
      RELAY_MESSAGE_BURST: '100000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  onCleanup(() => child.kill('SIGKILL'));
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((done) =>
    child.on('exit', (_code, signal) => done(signal)),
  );
  const listening = () => stdout.split('\n').find((line) => line.includes('"listening"'));
  await waitFor('the relay to listen', () => listening() !== undefined, 15_000);
  const { port } = JSON.parse(listening() ?? '{}') as { port: number };
  return { child, exited, syncUrl: `ws://127.0.0.1:${port}/sync`, log: () => stdout };
}

/** Checks that `doc` holds every acked ledger entry of every writer. */
function expectAcked(doc: Y.Doc, acked: Map<number, number>): void {
  const ledger = doc.getMap('ledger');
  for (const [client, clock] of acked) {
    expect(Y.getState(doc.store, client)).toBeGreaterThanOrEqual(clock);
    for (let i = 0; i < clock; i++) expect(ledger.has(`${client}-${i}`)).toBe(true);
  }
}

describe('relay processes on Redis', () => {
  it('lose no acknowledged update when one is killed with -9', { timeout: 30_000 }, async () => {
    const [victim, survivor] = await Promise.all([spawnRelay(), spawnRelay()]);
    const { id, token } = newFederation();
    // A reader on the survivor keeps the federation loaded there, following the stream live.
    const reader = connect(survivor, id, token);
    await synced(reader);

    const load = startWriters(victim.syncUrl, id, token);
    await waitFor('a stream of acked writes', () => load.acked() >= 400, 15_000);
    victim.child.kill('SIGKILL');
    expect(await victim.exited).toBe('SIGKILL');
    await load.stop();
    const acked = new Map<number, number>();
    let inFlight = 0;
    for (const w of load.writers) {
      const clock = ackedClock(w.raw.received, w.doc.clientID);
      acked.set(w.doc.clientID, clock);
      inFlight += w.sent - clock;
    }
    console.log(`kill -9: ${load.acked()} updates acked, ${inFlight} in flight at the kill`);
    expect(victim.log()).toContain('"federation.compacted"');
    expect(victim.log()).not.toContain(token);

    // The survivor had them live; a process started after the kill loads them from Redis.
    await waitFor('the survivor to pass on every acked write', () =>
      [...acked].every(([client, clock]) => Y.getState(reader.doc.store, client) >= clock),
    );
    expectAcked(reader.doc, acked);
    expectAcked(await storedDoc(survivor.syncUrl, id, token), acked);
    const fresh = await spawnRelay();
    expectAcked(await storedDoc(fresh.syncUrl, id, token), acked);
    expect(survivor.log()).not.toContain('"error"');
  });

  it('catch up after a stall longer than the trim grace period', { timeout: 20_000 }, async () => {
    const env = { RELAY_REDIS_TRIM_GRACE_MS: '100', RELAY_COMPACT_EVERY: '20' };
    const [sleeper, writer] = await Promise.all([spawnRelay(env), spawnRelay(env)]);
    const { id, token } = newFederation();
    const reader = connect(sleeper, id, token);
    const author = connect(writer, id, token);
    await synced(reader);
    await synced(author);
    // The sleeper's blocked read takes the first entry; the rest is compacted and trimmed as it sleeps.
    sleeper.child.kill('SIGSTOP');
    const ledger = author.doc.getMap('ledger');
    for (let i = 0; i < 100; i++) {
      ledger.set(`e${i}`, { amount: i });
      if (i % 10 === 9) await sleep(40);
    }
    await sleep(300);
    sleeper.child.kill('SIGCONT');
    await waitFor('the sleeper to pass on all 100', () => reader.doc.getMap('ledger').size === 100);
    expect(writer.log()).toContain('"federation.compacted"');
    // Logged just after the catch-up's broadcast: stdout may trail the socket a little.
    await waitFor('the catch-up log line', () => sleeper.log().includes('"federation.caught-up"'));
  });
});
