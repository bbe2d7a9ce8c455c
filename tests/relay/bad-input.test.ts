// Bad input closes only the socket that sent it; a corrupt stored row fails only its federation.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import * as encoding from 'lib0/encoding';
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

/** A sync message (type 0) carrying an update (sync type 2) with the given bytes. */
function updateMessage(update: Uint8Array, declaredLength = update.length): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarUint(encoder, declaredLength);
  encoding.writeUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

function realUpdate(): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('minutes').insert(0, 'The regional meeting opened at ten.');
  return Y.encodeStateAsUpdate(doc);
}

type Rows = { id: number; data: string }[];

function readRows(dataDir: string, federationId: string): Rows {
  const db = new Database(join(dataDir, 'relay.sqlite'), { readonly: true });
  const rows = db
    .prepare<[string], { id: number; data: Buffer }>(
      'SELECT id, data FROM updates WHERE federation_id = ? ORDER BY id',
    )
    .all(federationId);
  db.close();
  return rows.map((row) => ({ id: row.id, data: row.data.toString('hex') }));
}

describe('bad input', () => {
  it('closes a socket that sends garbage with 4400; other federations keep syncing', async () => {
    const relay = await startTestRelay();
    const steady = newFederation();
    const a = connect(relay, steady.id, steady.token);
    const b = connect(relay, steady.id, steady.token);
    await synced(a);
    await synced(b);

    const target = newFederation();
    const update = realUpdate();
    const frames: [string, Uint8Array | string][] = [
      ['random bytes', new Uint8Array(randomBytes(64))],
      ['a text frame', 'hello relay'],
      ['a truncated sync message', updateMessage(update, update.length + 40)],
      ['a truncated Yjs update', updateMessage(update.slice(0, update.length - 9))],
      ['an unknown message type', new Uint8Array([7, 0, 0])],
      ['an auth message', new Uint8Array([2, 0])],
      ['an unknown sync type', new Uint8Array([0, 9, 0])],
      ['trailing bytes', new Uint8Array([3, 0])],
      ['bad awareness JSON', new Uint8Array([1, 6, 1, 5, 1, 2, 0x7b, 0x7b])],
    ];
    for (const [what, frame] of frames) {
      const raw = rawSocket(`${relay.syncUrl}/${target.id}?token=${target.token}`);
      await raw.opened;
      raw.ws.send(frame);
      const closed = await raw.closed;
      expect(closed.code, what).toBe(RELAY_CLOSE.badRequest);
      expect(closed.reason, what).toMatch(/^Malformed message: /);

      const n = a.doc.getArray<string>('log').length;
      a.doc.getArray<string>('log').push([what]);
      await waitFor(`B to sync after ${what}`, () => b.doc.getArray('log').length === n + 1);
    }
    expect(a.closes).toEqual([]);
    expect(b.closes).toEqual([]);
    const health = await fetch(relay.url + '/healthz');
    expect(health.status).toBe(200);
    // The garbage never reached the store: a fresh client of the target federation syncs cleanly.
    const fresh = connect(relay, target.id, target.token);
    await synced(fresh);
  });

  it('closes a socket whose message is over maxPayload with 4413, or 1009 far over it', async () => {
    const relay = await startTestRelay({ maxPayload: 1024 });
    const { id, token } = newFederation();
    const raw = rawSocket(`${relay.syncUrl}/${id}?token=${token}`);
    await raw.opened;
    raw.ws.send(updateMessage(new Uint8Array(4096)));
    const closed = await raw.closed;
    expect(closed.code).toBe(RELAY_CLOSE.tooLarge);
    expect(closed.reason).toMatch(/too large for the relay/);
    // Past ws's hard cap (twice the limit plus 64 KiB) ws itself closes with 1009.
    const huge = rawSocket(`${relay.syncUrl}/${id}?token=${token}`);
    await huge.opened;
    huge.ws.send(updateMessage(new Uint8Array(200_000)));
    expect((await huge.closed).code).toBe(1009);
    const client = connect(relay, id, token);
    await synced(client);
    const metrics = await (await fetch(relay.url + '/metrics')).text();
    expect(metrics).toContain('relay_refusals_total{reason="too-large"} 2');
  });

  it('fails a federation with a corrupt row with 4500 and never writes its rows', async () => {
    const { id, token } = newFederation();
    const first = await startTestRelay();
    const a = connect(first, id, token);
    await synced(a);
    a.doc.getText('minutes').insert(0, 'Minutes before the disk went bad');
    await waitFor('the edit to be stored', () => readRows(first.dataDir, id).length > 0);
    a.destroy();
    await first.close();

    const db = new Database(join(first.dataDir, 'relay.sqlite'));
    const insert = db.prepare('INSERT INTO updates (federation_id, data) VALUES (?, ?)');
    insert.run(id, Buffer.from('this is not a yjs update'));
    db.close();
    const before = readRows(first.dataDir, id);
    expect(before).toHaveLength(2);

    const second = await startTestRelay({
      dataDir: first.dataDir,
      unloadAfterMs: 50,
      compactEvery: 1,
      compactDelayMs: 0,
    });
    const offline = new Y.Doc();
    offline.getText('minutes').insert(0, 'Edited offline, must not reach the broken copy. ');
    const client = connect(second, id, token, offline);
    await waitFor('two refused attempts', () => client.closes.length >= 2);
    expect(client.closes[0]?.code).toBe(RELAY_CLOSE.storeFailure);
    expect(client.closes[0]?.reason).toMatch(/could not read its copy of this federation/);
    expect(client.provider.synced).toBe(false);
    expect(second.events).toContainEqual(
      expect.objectContaining({ event: 'federation.failed', federation: id, during: 'load' }),
    );
    // Other federations are fine on the same relay.
    const other = newFederation();
    const healthy = connect(second, other.id, other.token);
    await synced(healthy);
    await sleep(150); // past unloadAfterMs: the failed room is unloaded without compaction
    client.destroy();
    await second.close();
    expect(readRows(first.dataDir, id)).toEqual(before);
    expect(second.events.filter((e) => e.event === 'federation.compacted')).toEqual([]);
  });
});
