// Backpressure: when the store falls behind, the relay stops reading sockets instead of queueing
// their updates in memory, and takes up again, losing nothing, once the store has caught up.
import { join } from 'node:path';
import Database from 'better-sqlite3';
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
import { ackedClock, metricsOf, writerDoc } from './wire';

const KiB = 1024;

describe('backpressure from the store', () => {
  it('stops reading while the store lags, resumes once it caught up, and loses nothing', async () => {
    const relay = await startTestRelay({ maxUnwrittenBytes: 64 * KiB, pingIntervalMs: 100 });
    const { id, token } = newFederation();
    const reader = connect(relay, id, token);
    await synced(reader);
    const raw = rawSocket(`${relay.syncUrl}/${id}?token=${token}`);
    await raw.opened;
    await waitFor('the relay’s step 1', () => raw.received.length > 0);
    // Another connection holds SQLite's write lock: the writer's commits wait, as on a slow disk.
    const db = new Database(join(relay.dataDir, 'relay.sqlite'));
    db.exec('BEGIN IMMEDIATE');
    const doc = writerDoc((frame) => raw.ws.send(frame));
    for (let i = 0; i < 80; i++) doc.getMap('files').set(`f${i}`, new Uint8Array(8 * KiB).fill(i));
    await waitFor('the pause', () => relay.events.some((e) => e.event === 'intake.paused'));
    await sleep(500); // five ping rounds: no socket may be dropped for a pong it could not read
    const metrics = await metricsOf(relay);
    expect(metrics.get('relay_intake_pauses_total')).toBe(1);
    // Read up to the cap plus what was already buffered (ws reads 64 KiB at a time), no more.
    expect(metrics.get('relay_unwritten_bytes')).toBeGreaterThan(64 * KiB);
    expect(metrics.get('relay_unwritten_bytes')).toBeLessThan(192 * KiB);
    expect(reader.doc.getMap('files').size).toBeLessThan(30);
    expect(ackedClock(raw.received, doc.clientID)).toBe(0);
    db.exec('ROLLBACK');
    db.close();
    await waitFor('the resume', () => relay.events.some((e) => e.event === 'intake.resumed'));
    await waitFor('all 80 at the reader', () => reader.doc.getMap('files').size === 80);
    const clock = Y.getState(doc.store, doc.clientID);
    await waitFor('all 80 acked', () => ackedClock(raw.received, doc.clientID) === clock);
    expect(raw.ws.readyState).toBe(raw.ws.OPEN);
    expect(reader.closes).toEqual([]);
    expect((await metricsOf(relay)).get('relay_unwritten_bytes')).toBe(0);
  });
});
