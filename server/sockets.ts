// Small helpers over ws sockets that never throw.
import { WebSocket } from 'ws';

/** A close reason may carry at most 123 bytes of UTF-8 (RFC 6455, 5.5). */
const MAX_REASON_BYTES = 123;

/** Cuts a close reason to the byte limit without splitting a character. */
export function clampReason(reason: string): string {
  let out = reason;
  while (Buffer.byteLength(out, 'utf8') > MAX_REASON_BYTES) out = out.slice(0, -1);
  return out;
}

const BINARY = { binary: true };

/** Sends a binary message if the socket is open; a failed write destroys the socket (ws does). */
export function send(ws: WebSocket, message: Uint8Array): void {
  if (ws.readyState !== WebSocket.OPEN) return;
  // No callback: one closure less per message; ws destroys the socket on a write error itself.
  ws.send(message, BINARY);
}

/** Closes a socket with a code and a human reason, at most once. */
export function closeSocket(ws: WebSocket, code: number, reason: string): void {
  if (ws.readyState === WebSocket.CLOSING || ws.readyState === WebSocket.CLOSED) return;
  try {
    ws.close(code, clampReason(reason));
  } catch {
    ws.terminate();
  }
}

/** Turns a ws message payload into one Uint8Array. */
export function toBytes(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
