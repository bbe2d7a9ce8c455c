// Live sync through the relay: two clients, a late joiner, awareness, and the latency of one edit.
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  connect,
  newFederation,
  rawSocket,
  sleep,
  startTestRelay,
  synced,
  waitFor,
} from './helpers';

describe('live sync', () => {
  it('syncs two clients both ways and measures the latency of one edit', async () => {
    const relay = await startTestRelay();
    const { id, token } = newFederation();
    const a = connect(relay, id, token);
    await synced(a);
    const b = connect(relay, id, token);
    await synced(b);

    b.doc.getText('minutes').insert(0, 'from B');
    await waitFor('A to see B', () => a.doc.getText('minutes').toString() === 'from B');

    const seen = b.doc.getMap<number>('counter');
    const latencies: number[] = [];
    for (let i = 0; i < 50; i++) {
      // Event-driven, not polled: the figure is the relay's round trip, not the poll interval.
      const arrived = new Promise<number>((done) => {
        const observer = (): void => {
          if (seen.get('n') !== i) return;
          seen.unobserve(observer);
          done(performance.now());
        };
        seen.observe(observer);
      });
      const start = performance.now();
      a.doc.getMap<number>('counter').set('n', i);
      const timeout = sleep(5_000).then(() => Promise.reject(new Error(`edit ${i} never arrived`)));
      latencies.push((await Promise.race([arrived, timeout])) - start);
    }
    latencies.sort((x, y) => x - y);
    const median = latencies[25] ?? NaN;
    const p95 = latencies[47] ?? NaN;
    console.log(
      `relay latency A→B over 50 edits: median ${median.toFixed(2)} ms, ` +
        `p95 ${p95.toFixed(2)} ms, max ${(latencies[49] ?? NaN).toFixed(2)} ms`,
    );
    expect(median).toBeLessThan(100);
    expect(Y.encodeStateVector(b.doc)).toEqual(Y.encodeStateVector(a.doc));
  });

  it('gives a late joiner everything', async () => {
    const relay = await startTestRelay();
    const { id, token } = newFederation();
    const a = connect(relay, id, token);
    await synced(a);
    a.doc.getText('minutes').insert(0, 'Agenda: dues, workshop in Oslo');
    for (let i = 0; i < 20; i++) a.doc.getMap('requests').set(`r${i}`, { title: `request ${i}` });
    a.doc.getMap('requests').delete('r3');

    const late = connect(relay, id, token);
    await synced(late);
    await waitFor(
      'late joiner to have all requests',
      () => late.doc.getMap('requests').size === 19,
    );
    expect(late.doc.getText('minutes').toString()).toBe('Agenda: dues, workshop in Oslo');
    expect(late.doc.getMap('requests').toJSON()).toEqual(a.doc.getMap('requests').toJSON());
  });

  it('relays awareness and drops the states of a socket that goes away', async () => {
    const relay = await startTestRelay();
    const { id, token } = newFederation();
    const a = connect(relay, id, token);
    await synced(a);
    a.provider.awareness.setLocalStateField('user', { name: 'Ana' });
    const b = connect(relay, id, token);
    await synced(b);
    // B learns A's state from the relay's initial awareness message.
    await waitFor('B to see Ana', () =>
      [...b.provider.awareness.getStates().values()].some((s) => s.user?.name === 'Ana'),
    );
    // A crash: the socket vanishes without A saying goodbye; the relay must clear A's state.
    const aClient = a.doc.clientID;
    a.provider.shouldConnect = false;
    (a.provider.ws as unknown as { terminate(): void }).terminate();
    await waitFor('B to drop Ana', () => !b.provider.awareness.getStates().has(aClient));
  });

  it('answers a query-awareness message with the known states', async () => {
    const relay = await startTestRelay();
    const { id, token } = newFederation();
    const a = connect(relay, id, token);
    await synced(a);
    a.provider.awareness.setLocalStateField('user', { name: 'Ana' });
    const raw = rawSocket(`${relay.syncUrl}/${id}?token=${token}`);
    await raw.opened;
    const before = raw.received.length;
    raw.ws.send(new Uint8Array([3]));
    await waitFor('an awareness reply', () =>
      raw.received.slice(before).some((message) => message[0] === 1),
    );
  });

  it('terminates a socket that stops answering pings, and keeps one that answers', async () => {
    const relay = await startTestRelay({ pingIntervalMs: 50 });
    const { id, token } = newFederation();
    const live = connect(relay, id, token);
    await synced(live);
    const silent = rawSocket(`${relay.syncUrl}/${id}?token=${token}`, { autoPong: false });
    await silent.opened;
    // 1006: the relay dropped the TCP connection without a close frame.
    expect((await silent.closed).code).toBe(1006);
    await sleep(200);
    expect(live.closes).toEqual([]);
    expect(live.provider.wsconnected).toBe(true);
  });
});
