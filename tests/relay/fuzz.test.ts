// Fuzz: random, truncated and mutated frames on many sockets for ~5 s. The relay stays up, memory
// stays bounded, and a real client on another federation keeps syncing throughout.
import { describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import {
  connect,
  newFederation,
  rawSocket,
  sleep,
  startTestRelay,
  synced,
  waitFor,
  type TestRelay,
} from './helpers';
import { awarenessFrame, syncFrame } from './wire';

const SECONDS = Number(process.env.FUZZ_SECONDS ?? 5);
const SOCKETS = 40;

/** mulberry32: a small seeded generator, so a failing run can be replayed from its seed. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => int(256));
  return { next, int, bytes, pick: <T>(items: T[]): T => items[int(items.length)] as T };
}

/** Valid messages of every kind, as seeds for truncation and mutation. */
function validFrames(): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  doc.getText('minutes').insert(0, 'Agenda: dues, the workshop in Riga, the fund');
  doc.getMap('ledger').set('e1', { amount: 1200, currency: 'EUR' });
  doc.getArray('votes').push(['agree', 'object']);
  doc.getText('minutes').delete(3, 5);
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalState({ user: { name: 'Fuzz' }, cursor: { index: 3 } });
  const presence = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]);
  awareness.destroy();
  return [
    syncFrame(0, Y.encodeStateVector(doc)),
    syncFrame(1, Y.encodeStateAsUpdate(doc)),
    ...updates.map((u) => syncFrame(2, u)),
    awarenessFrame(presence),
    new Uint8Array([3]),
    new Uint8Array([2, 0, 5, 104, 101, 108, 108, 111]),
    new Uint8Array([2, 1, 1, 0]),
  ];
}

type Rng = ReturnType<typeof random>;

function fuzzFrame(rng: Rng, valid: Uint8Array[]): Uint8Array | string {
  const base = rng.pick(valid);
  switch (rng.int(8)) {
    case 0:
      return rng.bytes(rng.int(2_000));
    case 1:
      return base.slice(0, rng.int(base.length));
    case 2: {
      const mutated = base.slice();
      for (let i = 0; i < 1 + rng.int(4); i++) mutated[rng.int(mutated.length)] = rng.int(256);
      return mutated;
    }
    case 3: // a declared length far beyond the frame
      return new Uint8Array([rng.int(4), rng.int(3), 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2]);
    case 4:
      return Uint8Array.from([...base, ...rng.bytes(1 + rng.int(8))]);
    case 5:
      return 'not sync data ' + rng.int(1e9);
    case 6:
      return rng.bytes(70_000); // over this relay's maxPayload
    default:
      return base;
  }
}

/** One fuzzing socket: a few frames, then a close, a terminate, or silence until replaced. */
async function fuzzSocket(relay: TestRelay, rng: Rng, feds: { id: string; token: string }[]) {
  const fed = rng.pick(feds);
  const url = rng.pick([
    `${relay.syncUrl}/${fed.id}?token=${fed.token}`,
    `${relay.syncUrl}/${fed.id}?token=${fed.token}`,
    `${relay.syncUrl}/${fed.id}?token=${fed.token}`,
    `${relay.syncUrl}/${fed.id}?token=${fed.token}`,
    `${relay.syncUrl}/${fed.id}?token=${newFederation().token}`,
    `${relay.syncUrl}/${rng.bytes(8).join('')}?token=${fed.token}`,
  ]);
  const raw = rawSocket(url);
  const valid = validFrames();
  await Promise.race([raw.opened, raw.closed]);
  for (let i = rng.int(20); i > 0 && raw.ws.readyState === raw.ws.OPEN; i--) {
    raw.ws.send(fuzzFrame(rng, valid));
    if (rng.next() < 0.3) await sleep(rng.int(20));
  }
  const end = rng.int(3);
  if (end === 0) raw.ws.close();
  else if (end === 1) raw.ws.terminate();
  await Promise.race([raw.closed, sleep(200)]);
  raw.ws.terminate();
}

/** Connects a real client, waits for it to sync, and lets it go. */
async function syncOnce(relay: TestRelay, fed: { id: string; token: string }): Promise<void> {
  const client = connect(relay, fed.id, fed.token);
  await synced(client);
  client.destroy();
}

describe('fuzz', () => {
  it('survives random and malformed frames; other federations keep syncing', async () => {
    const seed = Date.now() >>> 0;
    const rng = random(seed);
    const relay = await startTestRelay({ maxPayload: 64 * 1024, maxConnectionsPerIp: 1_000 });
    const feds = [newFederation(), newFederation(), newFederation(), newFederation()];
    for (const fed of feds) await syncOnce(relay, fed);
    const steady = newFederation();
    const writer = connect(relay, steady.id, steady.token);
    const reader = connect(relay, steady.id, steady.token);
    await synced(writer);
    await synced(reader);
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;

    const deadline = Date.now() + SECONDS * 1_000;
    let edits = 0;
    let maxLag = 0;
    const steadyLoop = (async () => {
      while (Date.now() < deadline) {
        const n = edits++;
        const sent = Date.now();
        writer.doc.getMap<number>('counter').set('n', n);
        await waitFor(`edit ${n} to reach the reader`, () => {
          return (reader.doc.getMap<number>('counter').get('n') ?? -1) >= n;
        });
        maxLag = Math.max(maxLag, Date.now() - sent);
        await sleep(20);
      }
    })();
    let opened = 0;
    const lanes = Array.from({ length: SOCKETS }, async () => {
      while (Date.now() < deadline) {
        opened += 1;
        await fuzzSocket(relay, rng, feds);
      }
    });
    await Promise.all([steadyLoop, ...lanes]);

    const health = await fetch(relay.url + '/healthz');
    expect(health.status, `seed ${seed}`).toBe(200);
    expect(writer.closes, `seed ${seed}`).toEqual([]);
    expect(reader.closes, `seed ${seed}`).toEqual([]);
    global.gc?.();
    const growth = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
    const refusals = relay.events.filter((e) => e.event === 'refused').length;
    const why = new Map<unknown, number>();
    for (const e of relay.events) {
      if (e.event === 'refused') why.set(e.reason, (why.get(e.reason) ?? 0) + 1);
    }
    console.log(
      `fuzz (seed ${seed}): ${opened} sockets, ${refusals} refusals, ${edits} steady edits, ` +
        `max steady lag ${maxLag} ms, RSS growth ${growth.toFixed(1)} MB; refusals by reason:`,
      Object.fromEntries(why),
    );
    expect(growth, `seed ${seed}`).toBeLessThan(100);
    expect(edits).toBeGreaterThan(20);
    expect(
      relay.events.filter((e) => e.event === 'error'),
      `seed ${seed}`,
    ).toEqual([]);
    // Every fuzzed federation still opens for a real client, now and after a restart.
    for (const fed of feds) await syncOnce(relay, fed);
    await relay.close();
    const again = await startTestRelay({ dataDir: relay.dataDir });
    for (const fed of feds) await syncOnce(again, fed);
    expect(again.events.filter((e) => e.event === 'federation.failed')).toEqual([]);
  });
});
