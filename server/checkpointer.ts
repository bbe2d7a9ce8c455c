// Folds SQLite's write-ahead log into the main file from a worker thread with its own connection:
// a checkpoint copies pages and syncs the main file, which must not stall the event loop. Commits
// (and their disk syncs) stay on the event loop; this thread only checkpoints.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** The worker, as plain CommonJS: it must not depend on the TypeScript loader of the main thread. */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file, { fileMustExist: true });
// The checkpoint syncs the main file before the log may be reused: as strict as the writer.
db.pragma('synchronous = FULL');
db.pragma('wal_autocheckpoint = 0');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    parentPort.postMessage(String((err && err.message) || err));
  }
}, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/** A running checkpointer; stop() resolves once its connection is closed. */
export interface Checkpointer {
  stop(): Promise<void>;
}

/** Checkpoints the database at `file` every `everyMs` (PASSIVE: never waits for the writer). */
export function startCheckpointer(
  file: string,
  everyMs: number,
  onError: (error: string) => void,
): Checkpointer {
  const module = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { file, everyMs, module },
    execArgv: [],
  });
  worker.on('message', (error: string) => onError(error));
  worker.on('error', (err) => onError(err.message));
  // A checkpointer alone must not keep the process alive.
  worker.unref();
  const exited = new Promise<void>((done) => worker.once('exit', () => done()));
  return {
    stop() {
      // Held open while it closes its connection, so the process waits for that.
      worker.ref();
      worker.postMessage('stop');
      return exited;
    },
  };
}
