// Several relays on one Redis (a real redis-server child): live edits across processes, late
// joiners, tokens shared by all, and trimming that never drops what no snapshot covers.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connect,
  newFederation,
  RELAY_CLOSE,
  sleep,
  startTestRelay,
  synced,
  waitFor,
  type TestRelay,
} from './helpers';
import { api, metricsOf } from './wire';

/** A free loopback port (closed again at once; redis-server takes it a moment later). */
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

/** Starts `redis-server` on a free port without persistence; fails (never skips) if it is missing. */
async function startRedis() {
  if (spawnSync('redis-server', ['--version']).error !== undefined) {
    throw new Error(
      'redis-server is not installed: apt-get install -y redis-server (.ci/run does)',
    );
  }
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await waitFor('redis-server to be ready', () => out.includes('Ready to accept'), 10_000);
  return { child, url: `redis://127.0.0.1:${port}` };
}

let redis: Awaited<ReturnType<typeof startRedis>>;
let inspect: Redis;
beforeAll(async () => {
  redis = await startRedis();
  inspect = new Redis(redis.url);
});
afterAll(async () => {
  await inspect?.quit();
  redis?.child.kill('SIGKILL');
});

/** A relay on the shared Redis, with short timings so compaction and trimming happen in a test. */
const relayOn = (options: Parameters<typeof startTestRelay>[0] = {}): Promise<TestRelay> =>
  startTestRelay({ redisUrl: redis.url, redisTrimGraceMs: 300, ...options });

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
}

describe('several relays on one Redis', () => {
  it('passes edits between clients on different relays, live', { timeout: 15_000 }, async () => {
    const [a, b] = [await relayOn(), await relayOn()];
    const { id, token } = newFederation();
    const alice = connect(a, id, token);
    const bob = connect(b, id, token);
    await synced(alice);
    await synced(bob);
    alice.doc.getText('minutes').insert(0, 'Agenda: dues. ');
    await waitFor('Bob to see Alice', () => bob.doc.getText('minutes').length > 0);
    bob.doc.getText('minutes').insert(0, 'Present: 12. ');
    await waitFor('Alice to see Bob', () => alice.doc.getText('minutes').length > 20);
    expect(bob.doc.getText('minutes').toString()).toBe(alice.doc.getText('minutes').toString());

    // One edit at a time from A, timed (event-driven, not polled) until B's client has it.
    const ledger = bob.doc.getMap('ledger');
    const latencies: number[] = [];
    for (let i = 0; i < 200; i++) {
      const arrived = new Promise<number>((done) => {
        const seen = () => {
          if (!ledger.has(`e${i}`)) return;
          ledger.unobserve(seen);
          done(performance.now());
        };
        ledger.observe(seen);
      });
      const sent = performance.now();
      alice.doc.getMap('ledger').set(`e${i}`, { amount: i, currency: 'EUR' });
      latencies.push((await arrived) - sent);
    }
    latencies.sort((x, y) => x - y);
    const [p50, p99] = [percentile(latencies, 50), percentile(latencies, 99)];
    console.log(
      `cross-relay latency over 200 edits: p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms`,
    );
    expect(p50).toBeLessThan(50);

    const [ma, mb] = [await metricsOf(a), await metricsOf(b)];
    expect(ma.get('relay_redis_appends_total')).toBeGreaterThanOrEqual(201);
    expect(mb.get('relay_redis_applied_total')).toBeGreaterThanOrEqual(201);
    expect(mb.get('relay_redis_lag_ms')).toBeGreaterThanOrEqual(0);
    // Each relay appended only its own clients' edits: nothing was written back twice.
    const length = await inspect.xlen(`fp:log:${id}`);
    expect(length).toBeLessThanOrEqual(ma.get('relay_redis_appends_total')! + 2);
  });

  it('gives a late joiner on a third relay everything', { timeout: 15_000 }, async () => {
    const [a, b] = [await relayOn(), await relayOn()];
    const { id, token } = newFederation();
    const writers = [connect(a, id, token), connect(b, id, token)];
    for (const w of writers) await synced(w);
    // Concurrent edits from both sides, 60 each, to one map and one text.
    for (let i = 0; i < 60; i++) {
      writers.forEach((w, n) => w.doc.getMap('requests').set(`${n}-${i}`, { title: `${n}/${i}` }));
      writers[i % 2]!.doc.getText('minutes').insert(0, 'x');
    }
    const all = () => writers.every((w) => w.doc.getMap('requests').size === 120);
    await waitFor('both sides to have all 120 requests', all);
    for (const w of writers) w.destroy();

    const c = await relayOn();
    const late = connect(c, id, token);
    await synced(late);
    await waitFor('the late joiner to have everything', () => {
      return late.doc.getMap('requests').size === 120 && late.doc.getText('minutes').length === 60;
    });
    expect(late.doc.getMap('requests').get('1-59')).toEqual({ title: '1/59' });
  });

  it('shares tokens: a claim on A binds B; a revocation on A closes sockets on B', async () => {
    const [a, b] = [await relayOn(), await relayOn()];
    const { id, token } = newFederation();
    const owner = connect(a, id, token);
    await synced(owner);
    owner.doc.getText('minutes').insert(0, 'secret minutes');

    const intruder = connect(b, id, newFederation().token);
    await waitFor('B to refuse the wrong token', () => intruder.closes.length > 0);
    expect(intruder.closes[0]?.code).toBe(RELAY_CLOSE.wrongToken);
    expect(intruder.doc.getText('minutes').length).toBe(0);
    intruder.destroy();

    const secret = newFederation().token;
    const issued = await api(a, 'POST', `/api/federations/${id}/tokens`, token, {
      token: secret,
      role: 'observer',
    });
    expect(issued.status).toBe(201);
    const reader = connect(b, id, secret);
    await synced(reader);
    await waitFor('the observer on B to read', () => reader.doc.getText('minutes').length > 0);
    const listed = await api(b, 'GET', `/api/federations/${id}/tokens`, token);
    expect(listed.body.tokens).toHaveLength(2);

    const tokenId = (issued.body.token as { id: string }).id;
    const revoked = await api(a, 'POST', `/api/federations/${id}/tokens/${tokenId}/revoke`, token);
    expect(revoked.status).toBe(200);
    await waitFor('B to close the revoked socket', () => reader.closes.length > 0);
    expect(reader.closes[0]?.code).toBe(RELAY_CLOSE.revoked);
    const again = connect(b, id, secret);
    await waitFor('B to refuse the revoked token', () => again.closes.length > 0);
    expect(again.closes[0]?.code).toBe(RELAY_CLOSE.revoked);
    expect(owner.provider.wsconnected).toBe(true);
  });

  it('trims only what a snapshot covers: a fresh relay loads everything', async () => {
    const opts = { compactEvery: 20, compactDelayMs: 0, redisTrimGraceMs: 100 };
    const relays = [await relayOn(opts), await relayOn(opts)];
    const { id, token } = newFederation();
    const clients = relays.map((r) => connect(r, id, token));
    for (const c of clients) await synced(c);
    // A steady stream from both sides over longer than the grace period: compactions on both
    // relays interleave with the other's appends, and trims find entries old enough to drop.
    for (let i = 0; i < 150; i++) {
      clients.forEach((c, n) => c.doc.getMap('ledger').set(`${n}-${i}`, { amount: i }));
      await sleep(2);
    }
    const full = () => clients.every((c) => c.doc.getMap('ledger').size === 300);
    await waitFor('both clients to have all 300 entries', full);
    for (const c of clients) c.destroy();
    await sleep(150);
    // Unloading compacts once more (now every entry is past the grace period); closing waits for it.
    for (const r of relays) await r.close();
    for (const r of relays) {
      expect(r.events.some((e) => e.event === 'federation.compacted')).toBe(true);
    }
    const upTo = await inspect.hget(`fp:snap:${id}`, 'upTo');
    expect(upTo).toMatch(/^\d+-\d+$/);
    const length = await inspect.xlen(`fp:log:${id}`);
    expect(length).toBeLessThan(5);

    const fresh = await relayOn();
    const reader = connect(fresh, id, token);
    await synced(reader);
    await waitFor(
      'the fresh relay to have all 300',
      () => reader.doc.getMap('ledger').size === 300,
    );
  });
});
