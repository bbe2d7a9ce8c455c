// The SQLite store as a DocStore, one process. Reads run here; appends, compactions and checkpoints
// run on a writer thread (store-worker.ts), so a disk sync never stalls the event loop. Updates that
// arrive while a commit is in flight are committed together next (group commit): one disk sync per
// batch, and nothing is acked or broadcast before its batch is durable.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Compacted, DocStore } from './backend';
import type { Store } from './store';
import type { WorkerReply, WorkerRequest } from './store-worker-types';

/** Bytes of updates committed at most at once: bounds the burst a commit then broadcasts. */
const MAX_BATCH_BYTES = 1 << 20;

type Distribute<T> = T extends unknown ? Omit<T, 'id'> : never;

interface Pending {
  resolve: (result: Compacted | undefined) => void;
  reject: (err: Error) => void;
}

/** A batch of updates waiting for one commit, and the promise its appends share. */
interface Batch {
  federations: string[];
  updates: Uint8Array[];
  bytes: number;
  durable: Promise<void>;
  settle: Pending;
}

/** Starts the writer thread; the server runs under tsx, so the thread loads tsx before its .ts entry. */
function startWriter(dataDir: string, checkpointMs: number): Worker {
  const require = createRequire(import.meta.url);
  const tsx = JSON.stringify(require.resolve('tsx/cjs/api'));
  const entry = JSON.stringify(fileURLToPath(new URL('./store-worker.ts', import.meta.url)));
  const boot = `require(${tsx}).register(); require(${entry});`;
  return new Worker(boot, { eval: true, workerData: { dataDir, checkpointMs } });
}

function newBatch(): Batch {
  let settle: Pending = { resolve: () => {}, reject: () => {} };
  const durable = new Promise<void>((resolve, reject) => {
    settle = { resolve: () => resolve(), reject };
  });
  // A batch nobody awaits (all its rooms were unloaded) must not be an unhandled rejection.
  durable.catch(() => {});
  return { federations: [], updates: [], bytes: 0, durable, settle };
}

export class SqliteDocs implements DocStore {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #next = 1;
  /** Batches waiting for their commit, oldest first; only the last one still grows. */
  #batches: Batch[] = [];
  #scheduled = false;
  #dead: Error | null = null;
  /** The batch being committed, if any. */
  #committing: Batch | null = null;

  constructor(
    private readonly store: Store,
    dataDir: string,
    checkpointMs = 2_000,
  ) {
    this.#worker = startWriter(dataDir, checkpointMs);
    this.#worker.on('message', (reply: WorkerReply) => this.#answer(reply));
    this.#worker.on('error', (err) => this.#die(err));
    this.#worker.on('exit', (code) => this.#die(new Error(`the writer thread exited (${code})`)));
  }

  load(federationId: string, apply: (u: Uint8Array, w: Record<string, unknown>) => void) {
    const read = () => {
      const rows = this.store.rows(federationId);
      for (const row of rows) apply(row.data, { row: row.id });
      return rows.length;
    };
    // A reload must see every update appended before it, even one still being committed: the
    // last batch queued is committed after all earlier ones.
    const last = this.#written();
    return last === null ? read() : last.then(read, read);
  }

  append(federationId: string, update: Uint8Array): Promise<void> {
    if (this.#dead !== null) return Promise.reject(this.#dead);
    let batch = this.#batches.at(-1);
    if (batch === undefined || batch.bytes + update.length > MAX_BATCH_BYTES) {
      batch = newBatch();
      this.#batches.push(batch);
    }
    batch.federations.push(federationId);
    batch.updates.push(update);
    batch.bytes += update.length;
    // Collect this turn's updates; a commit in flight sends the batch when it is done.
    if (this.#committing === null && !this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => {
        this.#scheduled = false;
        if (this.#committing === null) this.#commit();
      });
    }
    return batch.durable;
  }

  compact(federationId: string): Promise<Compacted> {
    return this.#call({ op: 'compact', federationId }) as Promise<Compacted>;
  }

  flush(): void {
    if (this.#committing === null) this.#commit();
  }

  /** Commits what waits, then closes the writer thread's connection and the thread. */
  async close(): Promise<void> {
    this.flush();
    await this.#written()?.catch(() => {});
    if (this.#dead !== null) return;
    const exited = new Promise((done) => this.#worker.once('exit', done));
    await this.#call({ op: 'close' });
    await exited;
  }

  #commit(): void {
    const batch = this.#batches.shift();
    if (batch === undefined) return;
    // One buffer, moved (not copied) to the thread; an update may be a view into a larger buffer.
    const data = new Uint8Array(batch.bytes);
    let offset = 0;
    for (const update of batch.updates) {
      data.set(update, offset);
      offset += update.length;
    }
    this.#committing = batch;
    const request = {
      op: 'append' as const,
      federations: batch.federations,
      lengths: batch.updates.map((u) => u.length),
      data: data.buffer,
    };
    const next = () => {
      this.#committing = null;
      this.#commit();
    };
    this.#call(request, [data.buffer]).then(
      () => (batch.settle.resolve(undefined), next()),
      (err: Error) => (batch.settle.reject(err), this.#dead === null && next()),
    );
  }

  #call(request: Distribute<WorkerRequest>, transfer: ArrayBuffer[] = []): Promise<unknown> {
    if (this.#dead !== null) return Promise.reject(this.#dead);
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ ...request, id }, transfer);
    });
  }

  #answer(reply: WorkerReply): void {
    const pending = this.#pending.get(reply.id);
    this.#pending.delete(reply.id);
    if (reply.ok) pending?.resolve(reply.result);
    else pending?.reject(new Error(reply.error));
  }

  #die(err: Error): void {
    if (this.#dead !== null) return;
    this.#dead = err;
    for (const pending of this.#pending.values()) pending.reject(err);
    this.#pending.clear();
    for (const batch of this.#batches.splice(0)) batch.settle.reject(err);
    this.#committing = null;
  }

  /** Settles once every update appended so far is committed (or failed); null if none waits. */
  #written(): Promise<void> | null {
    return (this.#batches.at(-1) ?? this.#committing)?.durable ?? null;
  }
}
