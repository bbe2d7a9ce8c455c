// Limits: each closes with a clear reason and is counted; refused sockets cost nothing lasting.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  connect,
  newFederation,
  rawSocket,
  RELAY_CLOSE,
  sleep,
  startTestRelay,
  synced,
  waitFor,
} from './helpers';
import { metricsOf, syncFrame } from './wire';

const RATE = 'Too many changes too fast: slow down; the app will reconnect';

/** An update frame carrying `bytes` bytes of binary content in a map entry. */
function bigUpdate(doc: Y.Doc, bytes: number): Uint8Array {
  let update: Uint8Array = new Uint8Array();
  const grab = (u: Uint8Array) => (update = u);
  doc.once('update', grab);
  doc.getMap('files').set('attachment', new Uint8Array(bytes));
  return syncFrame(2, update);
}

describe('limits', () => {
  it('closes a socket over its message rate with 4529, and keeps a calm one', async () => {
    const relay = await startTestRelay({ messagesPerSecond: 20, messageBurst: 30 });
    const { id, token } = newFederation();
    const calm = connect(relay, id, token);
    await synced(calm);
    const noisy = rawSocket(`${relay.syncUrl}/${id}?token=${token}`);
    await noisy.opened;
    const empty = syncFrame(2, Y.encodeStateAsUpdate(new Y.Doc()));
    for (let i = 0; i < 60; i++) noisy.ws.send(empty);
    expect(await noisy.closed).toEqual({ code: RELAY_CLOSE.limited, reason: RATE });
    // Asking for the whole state is cheap to send and dear to answer: ten in a row at most.
    const greedy = rawSocket(`${relay.syncUrl}/${id}?token=${token}`);
    await greedy.opened;
    for (let i = 0; i < 15; i++) greedy.ws.send(syncFrame(0, new Uint8Array([0])));
    expect(await greedy.closed).toEqual({ code: RELAY_CLOSE.limited, reason: RATE });
    const steps2 = greedy.received.filter((f) => f[0] === 0 && f[1] === 1).length;
    expect(steps2).toBe(10);
    calm.doc.getMap('m').set('still', 'here');
    await sleep(100);
    expect(calm.closes).toEqual([]);
    expect((await metricsOf(relay)).get('relay_refusals_total{reason="rate"}')).toBe(2);
  });

  it('closes a socket over its byte budget with 4529', async () => {
    const relay = await startTestRelay({ bytesPerSecond: 10_000, maxPayload: 8_000 });
    const { id, token } = newFederation();
    const raw = rawSocket(`${relay.syncUrl}/${id}?token=${token}`);
    await raw.opened;
    const doc = new Y.Doc();
    // The bucket holds 20,000 bytes: the fourth 6,000-byte message is over budget.
    for (let i = 0; i < 4; i++) raw.ws.send(bigUpdate(doc, 6_000));
    expect(await raw.closed).toEqual({ code: RELAY_CLOSE.limited, reason: RATE });
    const events = relay.events.filter((e) => e.event === 'refused');
    expect(events).toEqual([expect.objectContaining({ reason: 'rate', federation: id })]);
  });

  it('caps connections per address: 4529 over the cap, a bare HTTP 429 far over it', async () => {
    const relay = await startTestRelay({ maxConnectionsPerIp: 2 });
    const { id, token } = newFederation();
    const url = `${relay.syncUrl}/${id}?token=${token}`;
    const kept = [rawSocket(url), rawSocket(url)];
    await Promise.all(kept.map((s) => s.opened));
    const third = rawSocket(url);
    expect(await third.closed).toEqual({
      code: RELAY_CLOSE.limited,
      reason:
        'Too many connections from your address: close other tabs or devices; the app retries',
    });
    // Opened together, the refused ones still count while closing: some never get a WebSocket.
    const burst = [0, 1, 2, 3].map(() => rawSocket(url));
    const codes = await Promise.all(burst.map(async (s) => (await s.closed).code));
    expect(codes.every((c) => c === RELAY_CLOSE.limited || c === 1006)).toBe(true);
    expect(codes).toContain(1006);
    expect((await metricsOf(relay)).get('relay_refusals_total{reason="connections"}')).toBe(5);
    kept[0]?.ws.close();
    await kept[0]?.closed;
    await sleep(50);
    const next = rawSocket(url);
    await next.opened;
    await sleep(50);
    expect(next.ws.readyState).toBe(next.ws.OPEN);
  });

  it('caps new federations per address per hour; known ones still open', async () => {
    const relay = await startTestRelay({ maxClaimsPerIpPerHour: 2 });
    const feds = [newFederation(), newFederation(), newFederation()];
    for (const fed of feds.slice(0, 2)) await synced(connect(relay, fed.id, fed.token));
    const [first, , third] = feds as [(typeof feds)[0], unknown, (typeof feds)[0]];
    const refused = rawSocket(`${relay.syncUrl}/${third.id}?token=${third.token}`);
    expect(await refused.closed).toEqual({
      code: RELAY_CLOSE.limited,
      reason: 'Too many new federations from your address this hour: try again later',
    });
    expect(refused.received).toHaveLength(0);
    await synced(connect(relay, first.id, first.token));
    // The refused id was not claimed: on a relay with a fresh window, its token claims it.
    await relay.close();
    const again = await startTestRelay({ dataDir: relay.dataDir, maxClaimsPerIpPerHour: 2 });
    await synced(connect(again, third.id, third.token));
  });

  it('disconnects a client too slow to keep up with 4529, never skipping it silently', async () => {
    const relay = await startTestRelay({
      maxBufferedBytes: 256 * 1024,
      bytesPerSecond: 256 * 2 ** 20,
    });
    const { id, token } = newFederation();
    const steady = connect(relay, id, token);
    await synced(steady);
    const slow = rawSocket(`${relay.syncUrl}/${id}?token=${token}`);
    await slow.opened;
    await sleep(20);
    slow.ws.pause(); // stops reading: the relay's send queue to it can only grow
    const writer = rawSocket(`${relay.syncUrl}/${id}?token=${token}`);
    await writer.opened;
    const doc = new Y.Doc();
    let sent = 0;
    while (!relay.events.some((e) => e.reason === 'slow') && sent < 400) {
      writer.ws.send(bigUpdate(doc, 100_000));
      sent += 1;
      if (sent % 10 === 0) await sleep(10);
    }
    await waitFor('the slow client to be dropped', () =>
      relay.events.some((e) => e.reason === 'slow'),
    );
    slow.ws.resume();
    expect(await slow.closed).toEqual({
      code: RELAY_CLOSE.limited,
      reason: 'Your connection is too slow to keep up: reconnecting will resync',
    });
    console.log(`slow client dropped after ${sent} updates of 100 kB`);
    // The steady client got everything and was never closed.
    await waitFor('the steady client to catch up', () =>
      Y.equalSnapshots(Y.snapshot(steady.doc), Y.snapshot(doc)),
    );
    expect(steady.closes).toEqual([]);
  });

  it('refused sockets load nothing and hold nothing', async () => {
    const relay = await startTestRelay();
    const owner = newFederation();
    await synced(connect(relay, owner.id, owner.token)).then(() => relay.close());
    const again = await startTestRelay({ dataDir: relay.dataDir });
    const urls = [
      `${again.syncUrl}/${owner.id}?token=${newFederation().token}`,
      `${again.syncUrl}/${owner.id}`,
      `${again.syncUrl}/not-an-id?token=${owner.token}`,
    ];
    const sockets = Array.from({ length: 30 }, (_, i) => rawSocket(urls[i % 3] as string));
    await Promise.all(sockets.map((s) => s.closed));
    expect(sockets.every((s) => s.received.length === 0)).toBe(true);
    expect(again.events.filter((e) => e.event === 'federation.loaded')).toEqual([]);
    const metrics = await metricsOf(again);
    expect(metrics.get('relay_connections')).toBe(0);
    expect(metrics.get('relay_federations_loaded')).toBe(0);
    expect(metrics.get('relay_refusals_total{reason="wrong-token"}')).toBe(10);
    expect(await (await fetch(again.url + '/healthz')).json()).toEqual({
      ok: true,
      federations: 0,
      connections: 0,
    });
  });
});
