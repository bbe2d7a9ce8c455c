// The relay's copy: survives restarts, compacts without losing a row, unloads idle federations.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import {
  connect,
  newFederation,
  rawSocket,
  startTestRelay,
  synced,
  tmpDir,
  waitFor,
} from './helpers';
import { ackedClock, writerDoc } from './wire';

function countRows(dataDir: string, federationId: string): number {
  const db = new Database(join(dataDir, 'relay.sqlite'), { readonly: true });
  const row = db
    .prepare<[string], { n: number }>('SELECT count(*) AS n FROM updates WHERE federation_id = ?')
    .get(federationId);
  db.close();
  return row?.n ?? -1;
}

/** Writes `n` edits as `n` separate updates and waits until a second client has them all. */
async function writeEdits(relay: { syncUrl: string }, id: string, token: string, n: number) {
  const writer = connect(relay, id, token);
  const watcher = connect(relay, id, token);
  await synced(writer);
  await synced(watcher);
  const requests = writer.doc.getMap('requests');
  for (let i = 0; i < n; i++) requests.set(`r${i}`, { title: `request ${i}` });
  writer.doc.getText('minutes').insert(0, `${n} requests`);
  await waitFor('the watcher to have every edit', () => watcher.doc.getMap('requests').size === n);
  await waitFor('the watcher to have the minutes', () => watcher.doc.getText('minutes').length > 0);
  writer.destroy();
  watcher.destroy();
  return writer.doc;
}

async function expectFreshClientToMatch(
  relay: { syncUrl: string },
  id: string,
  token: string,
  doc: Y.Doc,
) {
  const fresh = connect(relay, id, token);
  await synced(fresh);
  expect(fresh.doc.getMap('requests').toJSON()).toEqual(doc.getMap('requests').toJSON());
  expect(fresh.doc.getText('minutes').toString()).toBe(doc.getText('minutes').toString());
}

describe('persistence', () => {
  it('keeps everything across a restart with the same data dir', async () => {
    const dataDir = tmpDir();
    const { id, token } = newFederation();
    const first = await startTestRelay({ dataDir });
    const written = await writeEdits(first, id, token, 12);
    await first.close();
    expect(countRows(dataDir, id)).toBe(1); // compacted on close

    const second = await startTestRelay({ dataDir });
    await expectFreshClientToMatch(second, id, token, written);
  });

  it('compacts while running (compactEvery: 5) and still has everything after a restart', async () => {
    const dataDir = tmpDir();
    const { id, token } = newFederation();
    const first = await startTestRelay({ dataDir, compactEvery: 5 });
    const written = await writeEdits(first, id, token, 23);
    // 24 updates arrived; compaction, scheduled off the update path, brings the rows back down.
    await waitFor('a compaction', () => countRows(dataDir, id) <= 6);
    await first.close();
    expect(countRows(dataDir, id)).toBe(1);
    const second = await startTestRelay({ dataDir, compactEvery: 5 });
    await expectFreshClientToMatch(second, id, token, written);
  });

  it('compacts shortly after, never inside the update that triggers it', async () => {
    const relay = await startTestRelay({ compactEvery: 3, compactDelayMs: 300 });
    const { id, token } = newFederation();
    const raw = rawSocket(`${relay.syncUrl}/${id}?token=${token}`);
    await raw.opened;
    const doc = writerDoc((frame) => raw.ws.send(frame));
    for (let i = 0; i < 6; i++) doc.getMap('votes').set(`p${i}`, 'agree');
    await waitFor('six acks', () => ackedClock(raw.received, doc.clientID) === 6);
    // Every update was stored and acked, and none of them waited for a compaction.
    expect(countRows(relay.dataDir, id)).toBe(6);
    expect(relay.events.some((e) => e.event === 'federation.compacted')).toBe(false);
    await waitFor('the scheduled compaction', () =>
      relay.events.some((e) => e.event === 'federation.compacted'),
    );
    expect(countRows(relay.dataDir, id)).toBe(1);
    expect(relay.events.find((e) => e.event === 'federation.compacted')).toMatchObject({
      merged: 6,
      remaining: 1,
    });
    const fresh = connect(relay, id, token);
    await synced(fresh);
    expect(fresh.doc.getMap('votes').toJSON()).toEqual(doc.getMap('votes').toJSON());
  });

  it('unloads an idle federation, compacting it, and a new client still gets everything', async () => {
    const relay = await startTestRelay({ unloadAfterMs: 100 });
    const { id, token } = newFederation();
    const written = await writeEdits(relay, id, token, 8);
    await waitFor('the federation to unload', () =>
      relay.events.some((e) => e.event === 'federation.unloaded' && e.federation === id),
    );
    const health = (await (await fetch(relay.url + '/healthz')).json()) as { federations: number };
    expect(health.federations).toBe(0);
    expect(countRows(relay.dataDir, id)).toBe(1);
    await expectFreshClientToMatch(relay, id, token, written);
    expect(relay.events.filter((e) => e.event === 'federation.loaded')).toHaveLength(2);
  });
});
