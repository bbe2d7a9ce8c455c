// The SQLite store's writer thread: loads see every update appended before them, failed commits
// are never acked, compaction runs there, and a dead writer fails every write it was given.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { sqliteDocs } from '../../server/sqlite-docs';
import { Store } from '../../server/store';
import { startWriter } from '../../server/writer';
import {
  connect,
  newFederation,
  onCleanup,
  rawSocket,
  RELAY_CLOSE,
  startTestRelay,
  synced,
  tmpDir,
  waitFor,
} from './helpers';
import { ackedClock, writerDoc } from './wire';

/** A store with its writer on a fresh data dir, the federations claimed, and what they logged. */
async function openDocs(federations: string[], checkpointEveryMs?: number) {
  const store = new Store(tmpDir());
  federations.forEach((id, i) => store.claim(id, Buffer.alloc(32, i + 1)));
  const events: Record<string, unknown>[] = [];
  const writer = await startWriter(store.file, (event) => events.push(event), checkpointEveryMs);
  onCleanup(async () => {
    await writer.close();
    store.close();
  });
  return { store, writer, docs: sqliteDocs(store, writer), events };
}

/** A doc whose every update is passed to `append`, as a room does. */
function editing(append: (update: Uint8Array) => unknown): Y.Doc {
  const doc = new Y.Doc();
  doc.on('update', (update: Uint8Array) => void append(update));
  return doc;
}

/** Loads a federation into a fresh doc; resolves with the doc and how many rows it read. */
async function load(docs: ReturnType<typeof sqliteDocs>, id: string) {
  const doc = new Y.Doc();
  const rows = await docs.load(id, (update) => Y.applyUpdate(doc, update));
  return { doc, rows };
}

/** A trigger that fails every insert of a federation's rows, as a full or failing disk would. */
function failInserts(file: string, id: string): () => void {
  const db = new Database(file);
  db.exec(`CREATE TRIGGER fail_${id.replace(/\W/g, '_')} BEFORE INSERT ON updates
    WHEN NEW.federation_id = '${id}' BEGIN SELECT RAISE(ABORT, 'disk I/O error (test)'); END`);
  return () => {
    db.exec(`DROP TRIGGER fail_${id.replace(/\W/g, '_')}`);
    db.close();
  };
}

describe('the writer thread', () => {
  it('a load waits for every update appended before it, even in the same turn', async () => {
    const { id } = newFederation();
    const { docs } = await openDocs([id]);
    const doc = editing((update) => docs.append(id, update));
    for (let i = 0; i < 30; i++) doc.getMap('ledger').set(`e${i}`, i);
    // Nothing is committed yet: the rows of this turn are not even posted to the writer.
    const loading = docs.load(id, () => {});
    expect(loading).toBeInstanceOf(Promise);
    expect(await loading).toBe(30);
    const reloaded = await load(docs, id);
    expect(reloaded.doc.getMap('ledger').toJSON()).toEqual(doc.getMap('ledger').toJSON());
  });

  it('an unloaded federation reloaded at once has every update its last client sent', async () => {
    const relay = await startTestRelay({ unloadAfterMs: 0 });
    const { id, token } = newFederation();
    for (let round = 1; round <= 3; round++) {
      const raw = rawSocket(`${relay.syncUrl}/${id}?token=${token}`);
      await raw.opened;
      const doc = writerDoc((frame) => raw.ws.send(frame));
      for (let i = 0; i < 40; i++) doc.getMap('ledger').set(`${round}-${i}`, i);
      // Gone without waiting for an ack: the room unloads (and compacts) while rows are in flight.
      raw.ws.close();
      await raw.closed;
      const fresh = connect(relay, id, token);
      await synced(fresh);
      expect(fresh.doc.getMap('ledger').size).toBe(40 * round);
      fresh.destroy();
      await waitFor('the unload', () =>
        relay.events.some((e) => e.event === 'federation.unloaded' && e.federation === id),
      );
    }
    expect(relay.events.filter((e) => e.event === 'federation.loaded').length).toBeGreaterThan(1);
  });

  it('compacts in the writer: the merged rows go, rows appended after the compaction stay', async () => {
    const { id } = newFederation();
    const other = newFederation().id;
    const { store, docs } = await openDocs([id, other]);
    const doc = editing((update) => docs.append(id, update));
    for (let i = 0; i < 4; i++) doc.getArray<number>('votes').push([i]);
    void docs.append(other, Y.encodeStateAsUpdate(editing(() => {})));
    const compacted = docs.compact(id);
    doc.getArray<number>('votes').push([99]);
    // Posted before the late vote: only the four rows before it are merged.
    expect(await compacted).toEqual({ merged: 4, remaining: 1 });
    const reloaded = await load(docs, id);
    expect(reloaded.rows).toBe(2);
    expect(reloaded.doc.getArray('votes').toArray()).toEqual([0, 1, 2, 3, 99]);
    expect(store.rows(other)).toHaveLength(1);
  });

  it('a failed commit rejects its appends and leaves the federation alone until it loads again', async () => {
    const { id } = newFederation();
    const { store, docs } = await openDocs([id]);
    const doc = editing((update) => docs.append(id, update));
    doc.getText('minutes').insert(0, 'Stored. ');
    doc.getText('minutes').insert(8, 'Twice. ');
    await docs.load(id, () => {}); // waits for both rows
    const restore = failInserts(store.file, id);
    const failed = docs.append(id, new Uint8Array([0]));
    await expect(failed).rejects.toThrow(/disk I\/O error \(test\)/);
    restore();
    // Posted before the room heard of the failure: dropped, never stored after the gap.
    doc.getText('minutes').insert(15, 'Lost. ');
    await docs.append(id, Y.encodeStateAsUpdate(doc));
    expect(store.rows(id)).toHaveLength(2);
    // Never compacted either, while it is failed.
    expect(await docs.compact(id)).toEqual({ merged: 0, remaining: 2 });
    // A load starts over: its rows are written again.
    await docs.load(id, () => {});
    await docs.append(id, Y.encodeStateAsUpdate(doc));
    expect((await load(docs, id)).doc.getText('minutes').toString()).toBe('Stored. Twice. Lost. ');
    expect(await docs.compact(id)).toEqual({ merged: 3, remaining: 1 });
  });

  it('checkpoints between its commits, so a steady stream does not grow the log', async () => {
    const ids = Array.from({ length: 50 }, () => newFederation().id);
    const { store, docs } = await openDocs(ids, 20);
    const wal = () => statSync(`${store.file}-wal`).size;
    let maxWal = 0;
    // 2,000 commits of 10 rows, each touching other index pages: ~120 MiB of log never checkpointed.
    for (let turn = 0; turn < 2_000; turn++) {
      const appended = ids
        .slice((turn * 10) % 50, ((turn * 10) % 50) + 10)
        .map((id) => docs.append(id, new Uint8Array(100).fill(turn % 256)));
      await Promise.all(appended);
      if (turn % 100 === 0) maxWal = Math.max(maxWal, wal());
    }
    expect(store.rows(ids[0] as string)).toHaveLength(400);
    expect(Math.max(maxWal, wal())).toBeLessThan(8 * 2 ** 20);
  });

  it('checkpoints after each compaction: every room unloading at once does not grow the log', async () => {
    const ids = Array.from({ length: 50 }, () => newFederation().id);
    // No timed checkpoint in this test: only the ones after compactions.
    const { store, docs } = await openDocs(ids, 3_600_000);
    const wal = () => statSync(`${store.file}-wal`).size;
    const editors = ids.map((id) => editing((update) => docs.append(id, update)));
    for (let turn = 0; turn < 200; turn++) {
      for (const doc of editors.slice((turn * 10) % 50, ((turn * 10) % 50) + 10)) {
        doc.getMap('ledger').set(`e${turn}`, { amount: turn });
      }
      await docs.load(ids[0] as string, () => {}); // waits for the commit
    }
    const before = wal();
    const compacted = await Promise.all(ids.map((id) => docs.compact(id)));
    expect(compacted.every((c) => c.merged === 40 && c.remaining === 1)).toBe(true);
    // The log starts over after the first compaction: it grows by that one at most (~8 MiB if not).
    expect(wal() - before).toBeLessThan(2 ** 20);
    const reloaded = await load(docs, ids[7] as string);
    expect(reloaded.doc.getMap('ledger').size).toBe(40);
  });

  it('a dead writer fails every pending and later write, and loads, and says so', async () => {
    const { id } = newFederation();
    const { writer, docs, events } = await openDocs([id]);
    const pending = docs.append(id, Y.encodeStateAsUpdate(editing(() => {})));
    await writer.terminate();
    await expect(pending).rejects.toThrow(/writer thread stopped/);
    await expect(docs.append(id, new Uint8Array([0]))).rejects.toThrow(/writer thread stopped/);
    await expect(docs.compact(id)).rejects.toThrow(/writer thread stopped/);
    await expect(docs.load(id, () => {})).rejects.toThrow(/writer thread stopped/);
    expect(events).toContainEqual(expect.objectContaining({ event: 'error', during: 'writer' }));
  });

  it('never acks an update whose commit failed, and closes with the store-failure reason', async () => {
    const relay = await startTestRelay();
    const { id, token } = newFederation();
    const healthy = newFederation();
    const raw = rawSocket(`${relay.syncUrl}/${id}?token=${token}`);
    await raw.opened;
    const doc = writerDoc((frame) => raw.ws.send(frame));
    doc.getMap('votes').set('p0', 'agree');
    await waitFor('the first ack', () => ackedClock(raw.received, doc.clientID) === 1);
    const restore = failInserts(join(relay.dataDir, 'relay.sqlite'), id);
    onCleanup(restore);
    for (let i = 1; i < 5; i++) doc.getMap('votes').set(`p${i}`, 'agree');
    const closed = await raw.closed;
    expect(closed.code).toBe(RELAY_CLOSE.storeFailure);
    expect(closed.reason).toMatch(/could not save a change/);
    expect(ackedClock(raw.received, doc.clientID)).toBe(1);
    expect(relay.events).toContainEqual(
      expect.objectContaining({ event: 'federation.failed', federation: id, during: 'write' }),
    );
    // Another federation on the same relay is still stored and acked.
    const client = connect(relay, healthy.id, healthy.token);
    await synced(client);
    client.doc.getMap('votes').set('p0', 'agree');
    const fresh = connect(relay, healthy.id, healthy.token);
    await synced(fresh);
    await waitFor('the other federation to sync', () => fresh.doc.getMap('votes').size === 1);
  });
});
