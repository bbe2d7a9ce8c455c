// The messages between the relay and its SQLite writer thread (store-worker.ts).
import type { Compacted } from './backend';

/** What the relay asks of the writer thread; `id` pairs the reply. */
export type WorkerRequest =
  | {
      op: 'append';
      id: number;
      /** One federation id per update; the updates lie back to back in `data`. */
      federations: string[];
      lengths: number[];
      data: ArrayBuffer;
    }
  | { op: 'compact'; id: number; federationId: string }
  | { op: 'close'; id: number };

/** The writer thread's answer to one request. */
export type WorkerReply =
  | { id: number; ok: true; result: Compacted | undefined }
  | { id: number; ok: false; error: string };
