// Shared helpers of the relay tests: a real relay in a tmp dir, real y-websocket clients.
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { newFederationId, newToken, type FederationId } from '$lib/domain/ids';
// Tests have no alias for server/ (it lives outside $lib), so this one place climbs two levels.
import { startRelay, type Relay, type RelayOptions } from '../../server/relay';

export { RELAY_CLOSE } from '$lib/domain/ids';

const tmpDirs: string[] = [];
const cleanups: (() => unknown)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(() => {
  for (const dir of tmpDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh directory under the OS tmp dir, removed after the file's tests. */
export function tmpDir(prefix = 'relay-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tmpDirs.push(dir);
  return dir;
}

/** A running test relay with the log events it emitted. */
export interface TestRelay extends Relay {
  dataDir: string;
  events: Record<string, unknown>[];
  /** `ws://…/sync`, the serverUrl a WebsocketProvider takes. */
  syncUrl: string;
}

/** Starts a relay on a free port in a fresh (or given) data dir; closed after each test. */
export async function startTestRelay(options: Partial<RelayOptions> = {}): Promise<TestRelay> {
  const events: Record<string, unknown>[] = [];
  const dataDir = options.dataDir ?? tmpDir();
  const relay = await startRelay({
    port: 0,
    host: '127.0.0.1',
    log: (event) => events.push(event),
    ...options,
    dataDir,
  });
  cleanups.push(() => relay.close());
  const syncUrl = relay.url.replace(/^http/, 'ws') + '/sync';
  return { ...relay, dataDir, events, syncUrl };
}

/** A new federation id and member token, as an invite would carry them. */
export function newFederation(): { id: FederationId; token: string } {
  return { id: newFederationId(), token: newToken() };
}

/** A client: its own doc and an unmodified y-websocket provider, with the close codes it saw. */
export interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  closes: { code: number; reason: string }[];
  destroy(): void;
}

/** Connects a y-websocket client to a federation; destroyed after each test. */
export function connect(relay: { syncUrl: string }, id: string, token?: string, doc = new Y.Doc()) {
  const provider = new WebsocketProvider(relay.syncUrl, id, doc, {
    params: token === undefined ? {} : { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 200,
  });
  const closes: Client['closes'] = [];
  provider.on('connection-close', (event) => {
    if (event) closes.push({ code: event.code, reason: event.reason });
  });
  const destroy = (): void => provider.destroy();
  cleanups.push(destroy);
  return { doc, provider, closes, destroy } satisfies Client;
}

/** Polls a condition every 5 ms until it holds, failing with `what` after `timeoutMs`. */
export async function waitFor(what: string, condition: () => boolean, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(5);
  }
}

/** Waits until a client finished the sync handshake with the relay. */
export function synced(client: Client): Promise<void> {
  return waitFor('sync with the relay', () => client.provider.synced);
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

/** A raw ws socket (no y-websocket), recording what the relay sent and how it closed. */
export function rawSocket(url: string, options: { autoPong?: boolean } = {}) {
  const ws = new WebSocket(url, options);
  const received: Buffer[] = [];
  ws.on('message', (data) => received.push(data as Buffer));
  ws.on('error', () => {});
  const opened = new Promise<void>((done) => ws.once('open', () => done()));
  const closed = new Promise<{ code: number; reason: string }>((done) =>
    ws.once('close', (code, reason) => done({ code, reason: reason.toString() })),
  );
  cleanups.push(() => ws.terminate());
  return { ws, received, opened, closed };
}

/** A plain HTTP request without decompression, so headers and bytes are exactly what was sent. */
export function httpGet(
  url: string,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((done, fail) => {
    const { hostname, port } = new URL(url);
    // A raw path: URL parsing would normalize away the `..` a traversal test needs.
    const req = request({ hostname, port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', fail);
    req.end();
  });
}

/** Registers a cleanup to run after the current test. */
export function onCleanup(cleanup: () => unknown): void {
  cleanups.push(cleanup);
}
