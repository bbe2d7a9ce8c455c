// What operators see: Prometheus metrics that parse, and logs that never hold a secret.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  connect,
  newFederation,
  rawSocket,
  sleep,
  startTestRelay,
  synced,
  waitFor,
} from './helpers';
import { api, metricsOf, parseMetrics } from './wire';

describe('observability', () => {
  it('serves /metrics in the Prometheus text format with every relay figure', async () => {
    const relay = await startTestRelay({ compactEvery: 3, compactDelayMs: 0 });
    const { id, token } = newFederation();
    const a = connect(relay, id, token);
    const b = connect(relay, id, token);
    await synced(a);
    await synced(b);
    for (let i = 0; i < 10; i++) a.doc.getMap('ledger').set(`e${i}`, { amount: i });
    await waitFor('B to have the ledger', () => b.doc.getMap('ledger').size === 10);
    await rawSocket(`${relay.syncUrl}/${id}?token=${newFederation().token}`).closed;
    await waitFor('a compaction', () =>
      relay.events.some((e) => e.event === 'federation.compacted'),
    );

    const res = await fetch(relay.url + '/metrics');
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    const samples = parseMetrics(text);
    const types: Record<string, string> = {
      relay_connections: 'gauge',
      relay_federations_loaded: 'gauge',
      relay_updates_total: 'counter',
      relay_update_bytes_total: 'counter',
      relay_stored_bytes: 'gauge',
      relay_compactions_total: 'counter',
      relay_refusals_total: 'counter',
      relay_acks_total: 'counter',
    };
    for (const [name, type] of Object.entries(types)) {
      expect(text).toContain(`# TYPE ${name} ${type}\n`);
      expect(text).toMatch(new RegExp(`# HELP ${name} \\S`));
    }
    expect(samples.get('relay_connections')).toBe(2);
    expect(samples.get('relay_federations_loaded')).toBe(1);
    // Ten edits, plus each client's sync step 2 that changed nothing (acked, not stored).
    expect(samples.get('relay_updates_total')).toBe(10);
    expect(samples.get('relay_acks_total')).toBe(12);
    expect(samples.get('relay_update_bytes_total')).toBeGreaterThan(100);
    expect(samples.get('relay_stored_bytes')).toBeGreaterThan(4_096);
    expect(samples.get('relay_compactions_total')).toBeGreaterThanOrEqual(1);
    expect(samples.get('relay_refusals_total{reason="wrong-token"}')).toBe(1);

    a.destroy();
    b.destroy();
    let connections: number | undefined = -1;
    for (let i = 0; i < 100 && connections !== 0; i++) {
      await sleep(20);
      connections = (await metricsOf(relay)).get('relay_connections');
    }
    expect(connections).toBe(0);
  });

  it('never writes a token, or a token hash in full, to the logs; the store holds hashes only', async () => {
    const relay = await startTestRelay();
    const fed = newFederation();
    const base = `/api/federations/${fed.id}`;
    const observer = newFederation().token;
    const next = newFederation().token;
    const wrong = newFederation().token;
    const member = connect(relay, fed.id, fed.token);
    await synced(member);
    member.doc.getText('minutes').insert(0, 'Minutes of the regional meeting');
    await api(relay, 'POST', `${base}/tokens`, fed.token, { token: observer, role: 'observer' });
    const reader = connect(relay, fed.id, observer);
    await synced(reader);
    reader.doc.getText('minutes').insert(0, 'x');
    await waitFor('the observer to be refused', () => reader.closes.length > 0);
    reader.destroy();
    const observerId = createHash('sha256').update(observer).digest('hex').slice(0, 12);
    await api(relay, 'POST', `${base}/tokens/${observerId}/revoke`, fed.token);
    await api(relay, 'GET', `${base}/tokens`, wrong);
    await rawSocket(`${relay.syncUrl}/${fed.id}?token=${wrong}`).closed;
    await api(relay, 'POST', `${base}/rotate`, fed.token, { token: next });
    await rawSocket(`${relay.syncUrl}/${fed.id}?token=${fed.token}`).closed;
    await synced(connect(relay, fed.id, next));
    await relay.close();

    const logs = JSON.stringify(relay.events);
    expect(logs).toContain('token.rotated');
    const files = ['relay.sqlite', 'relay.sqlite-wal']
      .map((file) => join(relay.dataDir, file))
      .filter((path) => existsSync(path))
      .map((path) => readFileSync(path));
    for (const secret of [fed.token, observer, next, wrong]) {
      const hash = createHash('sha256').update(secret).digest();
      for (const form of [secret, hash.toString('hex'), hash.toString('base64')]) {
        expect(logs).not.toContain(form);
        expect(logs.toLowerCase()).not.toContain(form.toLowerCase());
        for (const bytes of files) expect(bytes.includes(Buffer.from(form))).toBe(false);
      }
    }
  });
});
