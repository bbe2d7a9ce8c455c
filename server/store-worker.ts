// The SQLite writer thread: commits batches of updates (the fsync waits here, not on the relay's
// event loop), compacts, and folds the write-ahead log into the main file between commits.
import { parentPort, workerData } from 'node:worker_threads';
import type { Compacted } from './backend';
import { Store } from './store';
import type { WorkerReply, WorkerRequest } from './store-worker-types';

const { dataDir, checkpointMs } = workerData as { dataDir: string; checkpointMs: number };
const store = new Store(dataDir);
const port = parentPort;
const checkpoints = setInterval(() => store.checkpoint(), checkpointMs);

function run(request: WorkerRequest): Compacted | undefined {
  switch (request.op) {
    case 'append': {
      const rows: { federationId: string; update: Uint8Array }[] = [];
      let offset = 0;
      request.federations.forEach((federationId, i) => {
        const length = request.lengths[i] as number;
        rows.push({ federationId, update: new Uint8Array(request.data, offset, length) });
        offset += length;
      });
      store.appendMany(rows);
      return undefined;
    }
    case 'compact':
      return store.compact(request.federationId);
    case 'close':
      clearInterval(checkpoints);
      store.close();
      return undefined;
  }
}

port?.on('message', (request: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = { id: request.id, ok: true, result: run(request) };
  } catch (err) {
    reply = { id: request.id, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(reply);
  if (request.op === 'close') port.close();
});
