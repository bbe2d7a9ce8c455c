// Large uploads in chunks: what the relay lacks when it connects (its sync step 1) and large local
// updates leave as several ordinary sync updates, each under the relay's message cap, paced under
// its byte budget per socket. Everything else is y-websocket's own behaviour.
import * as bc from 'lib0/broadcastchannel';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { messageSync, type WebsocketProvider } from 'y-websocket';
import { diffChunks, splitUpdate } from './chunks';

/** How large uploads are cut and paced. */
export interface UploadLimits {
  /** Largest update one message carries (a single larger struct still goes alone). */
  chunkBytes: number;
  /** Average bytes per second of a chunked upload. */
  bytesPerSecond: number;
  /** Bytes a chunked upload may send at once before the average applies. */
  burstBytes: number;
}

const KiB = 1024;
const MiB = 1024 * KiB;

/** Limits that the relay's defaults (config.ts: 16 MiB messages, 4 MiB/s per socket) accept. */
export const DEFAULT_UPLOAD: UploadLimits = {
  // A 32nd of the default 16 MiB cap, so a relay set far lower still takes it; a short step to apply.
  chunkBytes: 512 * KiB,
  // Half the default 4 MiB/s per socket: the other half stays for live edits and presence.
  bytesPerSecond: 2 * MiB,
  // A quarter of the default bucket (max(2 × 4 MiB/s, 16 MiB)), which starts full on a new socket.
  burstBytes: 4 * MiB,
};

// How often a waiting upload looks at the socket again (browsers have no "drained" event).
const POLL_MS = 25;

function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageSync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** Sends queued updates on one socket at a paced rate; forgets them when the socket changes. */
class Pacer {
  #queue: Uint8Array[] = [];
  #ws: WebSocket | null = null;
  #tokens = 0;
  #at = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly limits: UploadLimits) {}

  /** Marks `ws` as the socket whose relay asked for what it lacks (its sync step 1 arrived). */
  answered(ws: WebSocket): void {
    this.#use(ws);
  }

  /** Whether the relay on `ws` asked for what it lacks: before, its answer carries every update. */
  serves(ws: WebSocket | null): ws is WebSocket {
    return ws !== null && ws === this.#ws && ws.readyState === ws.OPEN;
  }

  /** Whether updates wait to go out on `ws`. */
  busy(ws: WebSocket | null): boolean {
    return ws !== null && ws === this.#ws && this.#queue.length > 0;
  }

  /** Replaces what waits (a new sync step 1 asks for everything still missing, queued or not). */
  restart(ws: WebSocket, updates: Uint8Array[]): void {
    this.#use(ws);
    this.#queue = updates;
    this.#run();
  }

  /** Queues updates after those already waiting on `ws`. */
  push(ws: WebSocket, updates: Uint8Array[]): void {
    this.#use(ws);
    this.#queue.push(...updates);
    this.#run();
  }

  /** Drops what waits: after a reconnect the relay's sync step 1 asks for it again. */
  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#queue = [];
    this.#ws = null;
  }

  #use(ws: WebSocket): void {
    if (ws === this.#ws) return;
    this.stop();
    this.#ws = ws;
    // The relay's budget is per socket and starts full.
    this.#tokens = this.limits.burstBytes;
    this.#at = Date.now();
  }

  #run(): void {
    if (this.#timer !== undefined) return;
    const ws = this.#ws;
    while (this.#queue.length > 0) {
      if (ws === null || ws.readyState !== ws.OPEN) return this.stop();
      const now = Date.now();
      const { bytesPerSecond, burstBytes, chunkBytes } = this.limits;
      this.#tokens = Math.min(
        burstBytes,
        this.#tokens + ((now - this.#at) / 1000) * bytesPerSecond,
      );
      this.#at = now;
      const update = this.#queue[0]!;
      // A struct larger than the burst goes once the bucket is full, leaving it in debt.
      const missing = Math.min(update.length, burstBytes) - this.#tokens;
      // At most one chunk waits in the socket's buffer, so the pace here is the pace on the wire.
      if (missing > 0 || ws.bufferedAmount > chunkBytes) {
        const wait = missing > 0 ? Math.ceil((missing / bytesPerSecond) * 1000) : POLL_MS;
        this.#timer = setTimeout(() => {
          this.#timer = undefined;
          this.#run();
        }, wait);
        return;
      }
      this.#queue.shift();
      this.#tokens -= update.length;
      ws.send(updateMessage(update) as Uint8Array<ArrayBuffer>);
    }
  }
}

/**
 * Makes `provider` send large uploads in paced chunks: its answer to the relay's sync step 1 and
 * local updates over `limits.chunkBytes`. Install before anything else wraps its handlers.
 */
export function chunkUploads(
  provider: WebsocketProvider,
  limits: UploadLimits = DEFAULT_UPLOAD,
): () => void {
  const pacer = new Pacer(limits);
  const handlers = provider.messageHandlers;
  const sync = handlers[messageSync]!;
  handlers[messageSync] = (encoder, decoder, p, fromSocket, type) => {
    const ws = p.ws;
    const peek = decoding.clone(decoder);
    // Messages from other tabs (BroadcastChannel, fromSocket false) have no size cap.
    if (
      !fromSocket ||
      ws === null ||
      decoding.readVarUint(peek) !== syncProtocol.messageYjsSyncStep1
    ) {
      return sync(encoder, decoder, p, fromSocket, type);
    }
    const chunks = diffChunks(p.doc, decoding.readVarUint8Array(peek), limits.chunkBytes);
    pacer.answered(ws);
    if (chunks.length === 1 && !pacer.busy(ws)) {
      // Small enough: the ordinary sync step 2, sent by y-websocket as the reply.
      encoding.writeVarUint(encoder, messageSync);
      encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
      encoding.writeVarUint8Array(encoder, chunks[0]!);
      return;
    }
    pacer.restart(ws, chunks);
  };

  const send = provider._updateHandler;
  const onUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === provider) return;
    const ws = provider.ws;
    if (update.length <= limits.chunkBytes && !pacer.busy(ws)) return send(update, origin);
    // Other tabs take it whole; the socket takes it in chunks, after what already waits there.
    if (provider.bcconnected) bc.publish(provider.bcChannel, updateMessage(update), provider);
    // Not asked yet (or no socket): the answer to the relay's sync step 1 will carry this update.
    if (!pacer.serves(ws)) return;
    const small = update.length <= limits.chunkBytes;
    pacer.push(ws, small ? [update] : splitUpdate(update, limits.chunkBytes));
  };
  provider.doc.off('update', send);
  provider._updateHandler = onUpdate;
  provider.doc.on('update', onUpdate);

  const stop = () => pacer.stop();
  provider.on('connection-close', stop);
  return () => {
    pacer.stop();
    provider.off('connection-close', stop);
  };
}
