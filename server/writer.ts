// Commits the SQLite store's updates, compacts them and checkpoints the log, from a worker thread
// with its own connection: the event loop posts the rows of a turn and never waits on a disk sync
// or a merge.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Compacted } from './backend';
import type { Log } from './log';

/**
 * The worker, as plain CommonJS: it must not depend on the TypeScript loader of the main thread.
 * Messages are handled in the order posted; consecutive row batches that arrived while it was
 * busy share one transaction (one disk sync). Each reply settles every job up to `upTo`.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const Y = require(workerData.yjs);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('synchronous = FULL');
db.pragma('wal_autocheckpoint = 0');
db.pragma('foreign_keys = ON');
db.pragma('busy_timeout = 5000');
const append = db.prepare('INSERT INTO updates (federation_id, data) VALUES (?, ?)');
const maxId = db.prepare('SELECT max(id) AS maxId, count(*) AS count FROM updates WHERE federation_id = ?');
const rowsUpTo = db.prepare('SELECT data FROM updates WHERE federation_id = ? AND id <= ? ORDER BY id').pluck();
const deleteUpTo = db.prepare('DELETE FROM updates WHERE federation_id = ? AND id <= ?');
// Federations whose rows failed to commit: their later rows (posted before the room heard of the
// failure) are dropped until it loads again, so the stored copy never skips an update.
const failed = new Set();
// Whether anything was committed since the last checkpoint.
let written = false;
const insert = db.transaction((batches) => {
  for (const { federations, ends, data } of batches) {
    const at = new Uint32Array(ends);
    let start = 0;
    for (let i = 0; i < federations.length; i++) {
      if (!failed.has(federations[i])) append.run(federations[i], Buffer.from(data, start, at[i] - start));
      start = at[i];
    }
  }
});
// One transaction: only the rows merged are deleted, so rows stored after maxId was read survive.
const compact = db.transaction((federationId) => {
  const { maxId: max, count } = maxId.get(federationId);
  if (max === null || count < 2 || failed.has(federationId)) return { merged: 0, remaining: count };
  const rows = rowsUpTo.all(federationId, max);
  const snapshot = Y.mergeUpdates(rows);
  append.run(federationId, Buffer.from(snapshot.buffer, snapshot.byteOffset, snapshot.byteLength));
  deleteUpTo.run(federationId, max);
  return { merged: rows.length, remaining: maxId.get(federationId).count };
});
const message = (err) => String((err && err.message) || err);
let queue = [];
function drain() {
  const jobs = queue;
  queue = [];
  for (let i = 0; i < jobs.length; ) {
    const job = jobs[i];
    if (job.type === 'rows') {
      let end = i + 1;
      while (end < jobs.length && jobs[end].type === 'rows') end++;
      const group = jobs.slice(i, end);
      const upTo = jobs[end - 1].seq;
      try {
        insert.immediate(group);
        written = true;
        parentPort.postMessage({ upTo });
      } catch (err) {
        for (const batch of group) for (const id of batch.federations) failed.add(id);
        parentPort.postMessage({ upTo, error: message(err) });
      }
      i = end;
      checkpoint(false);
      continue;
    }
    i += 1;
    if (job.type === 'compact') {
      try {
        const result = compact.immediate(job.federationId);
        if (result.merged > 0) written = true;
        parentPort.postMessage({ upTo: job.seq, result });
      } catch (err) {
        parentPort.postMessage({ upTo: job.seq, error: message(err) });
      }
      checkpoint(true);
    } else if (job.type === 'reopen') {
      failed.delete(job.federationId);
    } else if (job.type === 'close') {
      clearInterval(checkpoints);
      db.close();
      // Its reply comes after every earlier one: the main thread knows all of them are settled.
      parentPort.postMessage({ upTo: job.seq });
      parentPort.close();
      return;
    }
  }
}
// Checkpoints run here, between this thread's own transactions: with no commit in flight a PASSIVE
// checkpoint copies the whole log, so the next commit starts it over instead of growing it. Also
// between the jobs of one long drain, and after every compaction: it rewrites pages all over the
// table, and every room unloading at once queues hundreds of them.
let lastCheckpoint = Date.now();
function checkpoint(now) {
  if (!written || (!now && Date.now() - lastCheckpoint < workerData.checkpointEveryMs)) return;
  written = false;
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    parentPort.postMessage({ checkpointError: message(err) });
  }
  lastCheckpoint = Date.now();
}
const checkpoints = setInterval(() => checkpoint(false), workerData.checkpointEveryMs);
parentPort.postMessage({ ready: true });
// Whatever arrives while a commit runs is queued and committed together on the next turn.
parentPort.on('message', (job) => {
  if (queue.length === 0) setImmediate(drain);
  queue.push(job);
});
`;

interface Settle {
  resolve: (result: Compacted | undefined) => void;
  reject: (err: Error) => void;
}

interface Job extends Settle {
  seq: number;
}

interface Reply {
  checkpointError?: string;
  upTo: number;
  error?: string;
  result?: Compacted;
}

/** The writer thread of the SQLite store. */
export interface Writer {
  /** Stores an update; the promise (shared by the updates of one turn) settles once it is durable. */
  append(federationId: string, update: Uint8Array): Promise<void>;
  /** Merges the federation's stored rows into one snapshot row, in the writer. */
  compact(federationId: string): Promise<Compacted>;
  /**
   * Null if everything appended so far is committed (or failed), else a promise of that moment;
   * rejects if the writer is gone. Forgets earlier failed commits of this federation.
   */
  reopen(federationId: string): Promise<void> | null;
  /** Commits everything posted, then closes the writer's connection. */
  close(): Promise<void>;
  /** Stops the thread at once, as a crash would (tests). */
  terminate(): Promise<void>;
}

/**
 * Starts the writer thread on the SQLite database at `file` (its schema already made), which also
 * checkpoints the log every `checkpointEveryMs` after a write; resolves once its connection is
 * open, rejects if it cannot open it.
 */
export async function startWriter(
  file: string,
  log: Log,
  checkpointEveryMs = 500,
): Promise<Writer> {
  const resolve = createRequire(import.meta.url).resolve;
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: {
      file,
      checkpointEveryMs,
      sqlite: resolve('better-sqlite3'),
      yjs: resolve('yjs'),
    },
    execArgv: [],
  });
  let seq = 0;
  const jobs: Job[] = [];
  let rows: { federationId: string; update: Uint8Array }[] = [];
  let bytes = 0;
  let turn: { settle: Settle; promise: Promise<void> } | null = null;
  let gone: Error | null = null;
  let closing = false;

  const settle = ({ checkpointError, upTo, error, result }: Reply) => {
    if (checkpointError !== undefined) {
      return log({ event: 'error', during: 'checkpoint', error: checkpointError });
    }
    while (jobs.length > 0 && (jobs[0] as Job).seq <= upTo) {
      const job = jobs.shift() as Job;
      if (error === undefined) job.resolve(result);
      else job.reject(new Error(error));
    }
  };
  const post = (job: Settle, message: object, transfer: ArrayBuffer[] = []) => {
    seq += 1;
    jobs.push({ ...job, seq });
    worker.postMessage({ ...message, seq }, transfer);
  };
  const flush = () => {
    if (turn === null || gone !== null) return;
    // One buffer for the turn, transferred: a ws frame is often a view into a larger pooled buffer.
    const data = new Uint8Array(bytes);
    const ends = new Uint32Array(rows.length);
    const federations = new Array<string>(rows.length);
    let at = 0;
    rows.forEach(({ federationId, update }, i) => {
      data.set(update, at);
      at += update.byteLength;
      ends[i] = at;
      federations[i] = federationId;
    });
    const { settle } = turn;
    turn = null;
    rows = [];
    bytes = 0;
    const message = { type: 'rows', federations, ends: ends.buffer, data: data.buffer };
    post(settle, message, [data.buffer, ends.buffer]);
  };
  const pending = <T>(run: (settle: Settle) => void) =>
    new Promise<T>((resolve, reject) => run({ resolve: resolve as Settle['resolve'], reject }));

  const exited = new Promise<void>((done) =>
    worker.once('exit', (code) => {
      gone = new Error(`the store's writer thread stopped (exit code ${code})`);
      if (!closing) log({ event: 'error', during: 'writer', error: gone.message });
      for (const job of jobs.splice(0)) job.reject(gone);
      turn?.settle.reject(gone);
      done();
    }),
  );
  await new Promise<void>((ready, fail) => {
    worker.once('message', () => ready());
    worker.once('error', fail);
    void exited.then(() => fail(gone));
  });
  worker.on('message', settle);
  worker.on('error', (err) => log({ event: 'error', during: 'writer', error: err.message }));

  return {
    append(federationId, update) {
      if (gone !== null) return Promise.reject(gone);
      let current = turn;
      if (current === null) {
        let settle: Settle | undefined;
        const promise = pending<void>((s) => (settle = s));
        current = turn = { settle: settle as Settle, promise };
        setImmediate(flush);
      }
      rows.push({ federationId, update });
      bytes += update.byteLength;
      return current.promise;
    },
    compact(federationId) {
      if (gone !== null) return Promise.reject(gone);
      flush();
      return pending<Compacted>((settle) => post(settle, { type: 'compact', federationId }));
    },
    reopen(federationId) {
      if (gone !== null) return Promise.reject(gone);
      flush();
      worker.postMessage({ type: 'reopen', federationId });
      if (jobs.length === 0) return null;
      // Settles with the last job posted, whether that committed or failed; rejects if gone.
      return new Promise<void>((resolve, reject) =>
        jobs.push({
          seq,
          resolve: () => resolve(),
          reject: (err) => (err === gone ? reject(err) : resolve()),
        }),
      );
    },
    async close() {
      if (gone !== null) return;
      closing = true;
      flush();
      await pending((settle) => post(settle, { type: 'close' }));
      await exited;
    },
    async terminate() {
      await worker.terminate();
      await exited;
    },
  };
}
