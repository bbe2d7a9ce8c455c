// Protocol-level helpers of the relay tests: raw frames, acks, the token API and /metrics.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { RELAY_ACK, RELAY_MESSAGE_AUTH } from '$lib/domain/ids';

/** A sync message (type 0) of the given kind: 0 step 1, 1 step 2, 2 update. */
export function syncFrame(kind: 0 | 1 | 2, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, kind);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/** An awareness message (type 1) carrying an encoded awareness update. */
export function awarenessFrame(payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/** The state vector of a relay ack, or null if the frame is not an ack. */
export function parseAck(frame: Uint8Array): Map<number, number> | null {
  const decoder = decoding.createDecoder(frame);
  if (decoding.readVarUint(decoder) !== RELAY_MESSAGE_AUTH) return null;
  if (decoding.readVarUint(decoder) !== RELAY_ACK) return null;
  return Y.decodeStateVector(decoding.readVarUint8Array(decoder));
}

/** The highest clock acked for `client` among the frames received so far. */
export function ackedClock(frames: Uint8Array[], client: number): number {
  let clock = 0;
  for (const frame of frames) clock = Math.max(clock, parseAck(frame)?.get(client) ?? 0);
  return clock;
}

/** The update carried by a sync step 2 frame, or null for any other frame. */
export function parseStep2(frame: Uint8Array): Uint8Array | null {
  const decoder = decoding.createDecoder(frame);
  if (decoding.readVarUint(decoder) !== 0 || decoding.readVarUint(decoder) !== 1) return null;
  return decoding.readVarUint8Array(decoder);
}

/** A doc whose every local change is also sent, as an update frame, to `send`. */
export function writerDoc(send: (frame: Uint8Array) => void): Y.Doc {
  const doc = new Y.Doc();
  doc.on('update', (update: Uint8Array) => send(syncFrame(2, update)));
  return doc;
}

/** Calls the token API; returns the status and the parsed JSON body. */
export async function api(
  relay: { url: string },
  method: 'GET' | 'POST' | 'OPTIONS',
  path: string,
  token?: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const headers: Record<string, string> = {};
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(relay.url + path, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
    headers: res.headers,
  };
}

const SAMPLE =
  /^([a-z_:][a-z0-9_:]*)(\{[a-z_]+="[^"\\\n]*"(,[a-z_]+="[^"\\\n]*")*\})? (-?[0-9.e+]+)$/;

/** Parses the Prometheus text format strictly: every sample line, keyed `name{labels}`. */
export function parseMetrics(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
    const match = SAMPLE.exec(line);
    if (match === null) throw new Error(`not a Prometheus sample line: ${line}`);
    samples.set(`${match[1]}${match[2] ?? ''}`, Number(match[4]));
  }
  return samples;
}

/** The relay's metrics, parsed. */
export async function metricsOf(relay: { url: string }): Promise<Map<string, number>> {
  const res = await fetch(relay.url + '/metrics');
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
  return parseMetrics(await res.text());
}
