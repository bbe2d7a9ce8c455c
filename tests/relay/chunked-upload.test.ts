// Uploads larger than the relay's message cap (sync/upload.ts) against the real relay: a federation
// of any size reaches it in chunks under the cap, paced under its byte budget, and nothing is lost.
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { RelayConnection } from '$lib/sync/connection';
import { newFederation, onCleanup, startTestRelay, tmpDir, waitFor } from './helpers';

const KiB = 1024;
// A relay with a small cap and budget, so that a document of a few hundred KiB needs both.
const LIMITS = { maxPayload: 64 * KiB, bytesPerSecond: 256 * KiB };
// Half the cap, half the rate, half the relay's bucket (max(2 × 256 KiB, 64 KiB)).
const UPLOAD = { chunkBytes: 32 * KiB, bytesPerSecond: 128 * KiB, burstBytes: 256 * KiB };

function open(relayUrl: string, fed: { id: string; token: string }, doc = new Y.Doc()) {
  const connection = new RelayConnection(doc, {
    relayUrl: relayUrl.replace(/^http/, 'ws'),
    federationId: fed.id as never,
    token: fed.token,
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    upload: UPLOAD,
  });
  onCleanup(() => connection.destroy());
  return connection;
}

/** Adds about `kib` KiB in one transaction: map entries, a text, nested types. */
function fill(doc: Y.Doc, kib: number, tag: string): void {
  doc.transact(() => {
    const m = doc.getMap<unknown>('m');
    const t = doc.getText('t');
    for (let i = 0; i < kib * 5; i++) {
      if (i % 8 === 0) m.set(`${tag}-text-${i}`, new Y.Text(`${tag} note ${i} `.repeat(10)));
      else m.set(`${tag}-${i}`, `${tag} value ${i} `.padEnd(200, '.'));
      if (i % 16 === 0) t.insert(t.length, `${tag} line ${i}\n`);
    }
  });
}

/** A document edited on two devices (two clients, items depending on each other), then merged. */
function bigDoc(kib: number): Y.Doc {
  const a = new Y.Doc();
  const b = new Y.Doc();
  fill(a, kib / 2, 'a');
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  fill(b, kib / 2, 'b');
  b.getText('t').insert(5, 'edited on b ');
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
  return a;
}

function content(doc: Y.Doc) {
  return { m: doc.getMap('m').toJSON(), t: doc.getText('t').toString() };
}

function same(a: Y.Doc, b: Y.Doc): boolean {
  return Y.equalSnapshots(Y.snapshot(a), Y.snapshot(b));
}

function refusals(relay: { events: Record<string, unknown>[] }) {
  return relay.events.filter((e) => e.event === 'refused');
}

describe('chunked uploads', () => {
  it('uploads a federation ten times larger than the message cap, paced under the byte budget', async () => {
    const relay = await startTestRelay(LIMITS);
    const fed = newFederation();
    const doc = bigDoc(768);
    expect(Y.encodeStateAsUpdate(doc).length).toBeGreaterThan(10 * LIMITS.maxPayload);
    const a = open(relay.url, fed, doc);
    const counts: number[] = [];
    a.subscribe((s) => {
      if (s.unsynced !== null && s.unsynced !== counts.at(-1)) counts.push(s.unsynced);
    });
    await waitFor('the relay holds everything', () => a.state.unsynced === 0, 15_000);
    expect(a.state.status).toBe('synced');
    // Each chunk's ack lowers the count: it falls step by step, never rises, to 0.
    expect(counts.length).toBeGreaterThan(5);
    expect(counts).toEqual([...counts].sort((x, y) => y - x));
    const fresh = open(relay.url, fed);
    await waitFor('a fresh device has everything', () => same(fresh.provider.doc, doc), 10_000);
    expect(content(fresh.provider.doc)).toEqual(content(doc));
    expect(refusals(relay)).toEqual([]);
  }, 30_000);

  it('sends one large local transaction made while connected in chunks', async () => {
    const relay = await startTestRelay(LIMITS);
    const fed = newFederation();
    const a = open(relay.url, fed);
    const b = open(relay.url, fed);
    await waitFor('both synced', () => a.state.status === 'synced' && b.state.status === 'synced');
    const doc = a.provider.doc;
    // One update event of about six times the cap, like merging a backup file.
    fill(doc, 384, 'merged');
    await waitFor('b has the transaction', () => same(b.provider.doc, doc), 15_000);
    expect(content(b.provider.doc)).toEqual(content(doc));
    await waitFor('a sees it acked', () => a.state.unsynced === 0);
    expect(refusals(relay)).toEqual([]);
    // Nothing was ever closed for size: no reconnect carried it.
    expect(a.provider.wsUnsuccessfulReconnects).toBe(0);
  }, 30_000);

  it('merges a large and a small device edited apart, with concurrent edits, on both', async () => {
    const relay = await startTestRelay(LIMITS);
    const fed = newFederation();
    const base = new Y.Doc();
    base.getText('t').insert(0, 'Minutes of the regional meeting\n');
    base.getMap('m').set('shared', 'from before');
    const big = new Y.Doc();
    const small = new Y.Doc();
    Y.applyUpdate(big, Y.encodeStateAsUpdate(base));
    Y.applyUpdate(small, Y.encodeStateAsUpdate(base));
    fill(big, 400, 'big');
    big.getText('t').insert(8, 'BIG ');
    big.getMap('m').set('shared', 'big wrote');
    small.getText('t').insert(8, 'SMALL ');
    small.getText('t').delete(0, 3);
    small.getMap('m').set('small-only', 'kept');
    const expected = new Y.Doc();
    for (const d of [big, small]) Y.applyUpdate(expected, Y.encodeStateAsUpdate(d));
    const a = open(relay.url, fed, big);
    const b = open(relay.url, fed, small);
    await waitFor(
      'both hold everything',
      () => same(big, expected) && same(small, expected),
      20_000,
    );
    expect(content(big)).toEqual(content(small));
    expect(content(big)).toEqual(content(expected));
    expect(big.getText('t').toString()).toContain('BIG ');
    expect(big.getText('t').toString()).toContain('SMALL ');
    await waitFor('both acked', () => a.state.unsynced === 0 && b.state.unsynced === 0);
    expect(refusals(relay)).toEqual([]);
  }, 40_000);

  it('finishes an upload cut short by a relay restart', async () => {
    const dataDir = tmpDir();
    const relay = await startTestRelay({ ...LIMITS, dataDir });
    const fed = newFederation();
    const doc = bigDoc(1024);
    const a = open(relay.url, fed, doc);
    await waitFor('the relay has acked a part', () => a.state.unsynced !== null, 5_000);
    const total = Y.decodeStateVector(Y.encodeStateVector(doc));
    const all = [...total.values()].reduce((n, c) => n + c, 0);
    await waitFor('part of it is on the relay', () => (a.state.unsynced ?? all) < all, 10_000);
    expect(a.state.unsynced).toBeGreaterThan(0);
    await relay.close();
    await waitFor('a offline', () => a.state.status !== 'synced', 5_000);
    const again = await startTestRelay({ ...LIMITS, dataDir, port: relay.port });
    await waitFor('the relay holds everything', () => a.state.unsynced === 0, 25_000);
    const fresh = open(again.url, fed);
    await waitFor('a fresh device has everything', () => same(fresh.provider.doc, doc), 10_000);
    expect(content(fresh.provider.doc)).toEqual(content(doc));
    expect(refusals(again)).toEqual([]);
  }, 60_000);
});
