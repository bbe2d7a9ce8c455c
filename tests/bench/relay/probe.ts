// What one durable commit costs on this disk: the same SQLite settings as our relay's store
// (WAL, synchronous = FULL), one small insert per transaction, timed.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { latencyOf, type Latency } from './stats';

export function probeCommits(count = 300): Latency {
  const dir = mkdtempSync(join(tmpdir(), 'bench-probe-'));
  const db = new Database(join(dir, 'probe.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE updates (id INTEGER PRIMARY KEY AUTOINCREMENT, f TEXT, data BLOB)');
    const insert = db.prepare('INSERT INTO updates (f, data) VALUES (?, ?)');
    const data = Buffer.alloc(40, 7);
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      const start = performance.now();
      insert.run('federation-id-0123456789', data);
      times.push(performance.now() - start);
    }
    return latencyOf(times);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
