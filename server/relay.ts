// The relay: one HTTP server for the app, /healthz, /metrics and the token API; sync at /sync/<id>.
import { createServer, type Server } from 'node:http';
import { resolve } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { RELAY_CLOSE } from '../src/lib/domain/ids';
import { REASONS } from './auth';
import { DEFAULT_LIMITS, DEFAULT_TIMINGS, type Limits, type Timings } from './config';
import { createGate } from './gate';
import { Intake } from './intake';
import { createRequestListener } from './http';
import { jsonLog, type Log } from './log';
import { Metrics } from './metrics';
import type { Refuse } from './room';
import { openBackend } from './open-store';
import { Rooms } from './rooms';
import { closeSocket } from './sockets';

export { RELAY_CLOSE } from '../src/lib/domain/ids';
export { REASONS } from './auth';

/** Options of startRelay; only port and dataDir are required, the rest default (config.ts). */
export interface RelayOptions extends Partial<Limits>, Partial<Timings> {
  port: number;
  host?: string;
  dataDir: string;
  staticDir?: string;
  /** Redis shared by several relay processes (REDIS_URL); without it, the SQLite store in dataDir. */
  redisUrl?: string;
  log?: (event: Record<string, unknown>) => void;
}

/** A running relay. */
export interface Relay {
  port: number;
  /** `http://<host>:<port>`; the sync endpoint is the same with ws: and `/sync`. */
  url: string;
  close(): Promise<void>;
}

function listenOn(server: Server, port: number, host: string): Promise<void> {
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      done();
    });
  });
}

/** Listens on the given host, or on '::' with a fallback to '0.0.0.0' when IPv6 is missing. */
async function listen(server: Server, port: number, host: string | undefined): Promise<string> {
  if (host !== undefined) return listenOn(server, port, host).then(() => host);
  try {
    await listenOn(server, port, '::');
    return '::';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EAFNOSUPPORT' && code !== 'EADDRNOTAVAIL') throw err;
    await listenOn(server, port, '0.0.0.0');
    return '0.0.0.0';
  }
}

function urlHost(host: string): string {
  if (host === '::' || host === '0.0.0.0') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** Starts the relay on one port (0 picks a free one) with its SQLite store in dataDir, or on Redis. */
export async function startRelay(opts: RelayOptions): Promise<Relay> {
  const log: Log = opts.log ?? jsonLog;
  const pick = <K extends keyof (Limits & Timings)>(key: K) =>
    opts[key] ?? { ...DEFAULT_LIMITS, ...DEFAULT_TIMINGS }[key];
  const limits: Limits = {
    maxPayload: pick('maxPayload'),
    messagesPerSecond: pick('messagesPerSecond'),
    messageBurst: pick('messageBurst'),
    bytesPerSecond: pick('bytesPerSecond'),
    maxConnectionsPerIp: pick('maxConnectionsPerIp'),
    maxClaimsPerIpPerHour: pick('maxClaimsPerIpPerHour'),
    maxBufferedBytes: pick('maxBufferedBytes'),
    maxUnwrittenBytes: pick('maxUnwrittenBytes'),
  };
  const metrics = new Metrics(opts.redisUrl !== undefined);
  const backend = await openBackend(
    { dataDir: opts.dataDir, redisUrl: opts.redisUrl, redisTrimGraceMs: pick('redisTrimGraceMs') },
    metrics,
    log,
  );
  const store = backend.tokens;
  const refuse: Refuse = (ws, why, code, reason, fields = {}) => {
    metrics.refused(why);
    log({ event: 'refused', reason: why, ...fields });
    closeSocket(ws, code, reason);
  };
  // ws enforces a hard cap itself (1009); below it the gate refuses with a reason (4413).
  const hardCap = Math.max(limits.maxPayload * 2, limits.maxPayload + 65_536);
  const wss = new WebSocketServer({ noServer: true, maxPayload: hardCap });
  const intake = new Intake(limits.maxUnwrittenBytes, () => wss.clients, log, metrics);
  const rooms = new Rooms({
    docs: backend.docs,
    log,
    metrics,
    refuse,
    maxBufferedBytes: limits.maxBufferedBytes,
    intake,
    unloadAfterMs: pick('unloadAfterMs'),
    compactEvery: pick('compactEvery'),
    compactDelayMs: pick('compactDelayMs'),
  });
  const staticDir = opts.staticDir === undefined ? undefined : resolve(opts.staticDir);
  // Checked every 5 s (not Node's 30 s), so the header timeout below is what a slow sender gets.
  const server = createServer(
    { connectionsCheckingInterval: 5_000 },
    createRequestListener({
      staticDir,
      log,
      stats: () => rooms.stats(),
      metrics: async () => {
        const { federations, connections } = rooms.stats();
        const storedBytes = await backend.storedBytes();
        const unwrittenBytes = intake.unwritten;
        return metrics.render({ federations, connections, storedBytes, unwrittenBytes });
      },
      api: { store, rooms, log, metrics, announceRevoked: backend.announceRevoked },
    }),
  );
  // Slow senders get little time to finish a request: an idle half-open request costs a socket.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  const alive = new WeakSet<WebSocket>();
  let closing = false;
  const gate = createGate({
    wss,
    store,
    rooms,
    log,
    metrics,
    limits,
    refuse,
    alive,
    intake,
    closing: () => closing,
    shared: opts.redisUrl !== undefined,
  });
  server.on('upgrade', gate);

  // Sockets that missed a ping, and refused ones still closing, are dropped here; not in a round
  // that follows a pause of reading, when no pong could be read.
  const pinger = setInterval(() => {
    if (!intake.pongsReadable()) return;
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, pick('pingIntervalMs'));
  pinger.unref();

  let boundHost: string;
  try {
    boundHost = await listen(server, opts.port, opts.host);
  } catch (err) {
    clearInterval(pinger);
    await backend.close();
    throw err;
  }
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : opts.port;
  const redis = opts.redisUrl !== undefined;
  log({ event: 'listening', host: boundHost, port, dataDir: opts.dataDir, staticDir, redis });
  await backend.checkDurability?.();

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      closing = true;
      clearInterval(pinger);
      // Compacts every federation, then says goodbye with 1001 so clients reconnect later.
      rooms.closeAll(RELAY_CLOSE.goingAway, REASONS.goingAway);
      for (const ws of wss.clients) closeSocket(ws, RELAY_CLOSE.goingAway, REASONS.goingAway);
      await waitForSockets(wss, 1_000);
      wss.close();
      // With Redis: waits for appends and compactions in flight, then closes the connections.
      await backend.close();
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
      log({ event: 'closed' });
    })();
    return closed;
  };
  return { port, url: `http://${urlHost(boundHost)}:${port}`, close };
}

/** Waits until every socket has closed, terminating the rest after `ms`. */
async function waitForSockets(wss: WebSocketServer, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (wss.clients.size > 0 && Date.now() < deadline) {
    await new Promise((done) => setTimeout(done, 20));
  }
  for (const ws of wss.clients) ws.terminate();
}
