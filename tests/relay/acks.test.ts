// The truth about sync: the relay acks each client update once it is durably stored, in a message
// that standard y-websocket clients ignore.
import { performance } from 'node:perf_hooks';
import { describe, expect, it, vi } from 'vitest';
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
import { ackedClock, metricsOf, parseAck, syncFrame } from './wire';

describe('acks', () => {
  it('acks each update with the clocks the relay now holds, after storing it', async () => {
    const relay = await startTestRelay();
    const { id, token } = newFederation();
    const raw = rawSocket(`${relay.syncUrl}/${id}?token=${token}`);
    await raw.opened;
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    const latencies: number[] = [];
    for (let i = 0; i < 100; i++) {
      doc.getMap('ledger').set(`e${i}`, { amount: i * 100, currency: 'EUR' });
      // Event-driven, not polled: the figure is the relay's store-then-ack time plus the round trip.
      const acked = new Promise<Map<number, number>>((done) => {
        const listener = (data: Buffer): void => {
          const ack = parseAck(data);
          if (ack === null) return;
          raw.ws.off('message', listener);
          done(ack);
        };
        raw.ws.on('message', listener);
      });
      const start = performance.now();
      raw.ws.send(syncFrame(2, updates[i] as Uint8Array));
      const ack = await acked;
      latencies.push(performance.now() - start);
      // The ack covers exactly this client's clock after the update.
      expect(ack?.get(doc.clientID)).toBe(Y.getState(doc.store, doc.clientID));
    }
    latencies.sort((a, b) => a - b);
    console.log(
      `ack latency over 100 updates: median ${latencies[50]?.toFixed(2)} ms, ` +
        `p99 ${latencies[98]?.toFixed(2)} ms`,
    );
    // What was acked is what a fresh client gets.
    const fresh = connect(relay, id, token);
    await synced(fresh);
    expect(fresh.doc.getMap('ledger').size).toBe(100);
    // 100 updates, and the fresh client's (empty) sync step 2.
    expect((await metricsOf(relay)).get('relay_acks_total')).toBe(101);
  });

  it('never acks what it cannot hold yet: an update whose dependency is missing', async () => {
    const relay = await startTestRelay();
    const { id, token } = newFederation();
    const raw = rawSocket(`${relay.syncUrl}/${id}?token=${token}`);
    await raw.opened;
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    doc.getText('minutes').insert(0, 'First line. ');
    doc.getText('minutes').insert(12, 'Second line.');
    raw.ws.send(syncFrame(2, updates[1] as Uint8Array));
    await waitFor('an ack', () => raw.received.some((f) => parseAck(f)));
    expect(ackedClock(raw.received, doc.clientID)).toBe(0);
    raw.ws.send(syncFrame(2, updates[0] as Uint8Array));
    await waitFor('the full ack', () => ackedClock(raw.received, doc.clientID) === 24);
    const fresh = connect(relay, id, token);
    await synced(fresh);
    expect(fresh.doc.getText('minutes').toString()).toBe('First line. Second line.');
  });

  it('acks the offline edits a client sends in sync step 2', async () => {
    const relay = await startTestRelay();
    const { id, token } = newFederation();
    const offline = new Y.Doc();
    for (let i = 0; i < 5; i++) offline.getMap('votes').set(`p${i}`, 'agree');
    const raw = rawSocket(`${relay.syncUrl}/${id}?token=${token}`);
    await raw.opened;
    raw.ws.send(syncFrame(1, Y.encodeStateAsUpdate(offline)));
    await waitFor('the ack', () => ackedClock(raw.received, offline.clientID) === 5);
  });

  it('is ignored by an unmodified WebsocketProvider: it syncs with no console.error', async () => {
    const errors = vi.spyOn(console, 'error');
    const warnings = vi.spyOn(console, 'warn');
    try {
      const relay = await startTestRelay();
      const { id, token } = newFederation();
      const a = connect(relay, id, token);
      const b = connect(relay, id, token);
      await synced(a);
      await synced(b);
      for (let i = 0; i < 20; i++) a.doc.getText('minutes').insert(0, `${i} `);
      b.doc.getMap('fund').set('balance', 4_200);
      await waitFor('B to have every edit', () => b.doc.getText('minutes').length === 50);
      await waitFor('A to have the balance', () => a.doc.getMap('fund').get('balance') === 4_200);
      await sleep(100);
      expect(a.provider.wsconnected && b.provider.wsconnected).toBe(true);
      expect(errors).not.toHaveBeenCalled();
      // y-websocket warns "Permission denied" on an auth message it understands: none here.
      expect(warnings).not.toHaveBeenCalled();
      expect((await metricsOf(relay)).get('relay_acks_total')).toBeGreaterThanOrEqual(21);
    } finally {
      errors.mockRestore();
      warnings.mockRestore();
    }
  });
});
