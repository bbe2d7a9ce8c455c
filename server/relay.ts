// The relay: one HTTP server for the app and /healthz, WebSocket sync at /sync/<federationId>.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { resolve } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { RELAY_CLOSE } from '../src/lib/domain/ids';
import { authorize, REASONS } from './auth';
import { createRequestListener } from './http';
import { errorMessage, jsonLog, type Log } from './log';
import { Rooms } from './rooms';
import { closeSocket, toBytes } from './sockets';
import { Store } from './store';

export { RELAY_CLOSE } from '../src/lib/domain/ids';
export { REASONS } from './auth';

/** Options of startRelay; only port and dataDir are required. */
export interface RelayOptions {
  port: number;
  host?: string;
  dataDir: string;
  staticDir?: string;
  log?: (event: Record<string, unknown>) => void;
  unloadAfterMs?: number;
  compactEvery?: number;
  maxPayload?: number;
  pingIntervalMs?: number;
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

/** Starts the relay on one port (0 picks a free one) with its SQLite store in dataDir. */
export async function startRelay(opts: RelayOptions): Promise<Relay> {
  const log: Log = opts.log ?? jsonLog;
  const store = new Store(opts.dataDir);
  const rooms = new Rooms({
    store,
    log,
    unloadAfterMs: opts.unloadAfterMs ?? 30_000,
    compactEvery: opts.compactEvery ?? 500,
  });
  const staticDir = opts.staticDir === undefined ? undefined : resolve(opts.staticDir);
  const server = createServer(
    createRequestListener({ staticDir, log, stats: () => rooms.stats() }),
  );
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxPayload ?? 16 * 2 ** 20 });
  const alive = new WeakSet<WebSocket>();
  let closing = false;

  const onConnection = (ws: WebSocket, req: IncomingMessage): void => {
    alive.add(ws);
    ws.on('pong', () => alive.add(ws));
    ws.on('error', (err) => log({ event: 'socket.error', error: errorMessage(err) }));
    const auth = authorize(store, req.url);
    if (!auth.ok) {
      log({ event: 'refused', reason: auth.why, federation: auth.federationId });
      return closeSocket(ws, auth.code, auth.reason);
    }
    if (auth.claimed) log({ event: 'federation.claimed', federation: auth.federationId });
    const room = rooms.acquire(auth.federationId);
    if (room.failed) {
      log({ event: 'refused', reason: 'store-failure', federation: auth.federationId });
      return closeSocket(ws, RELAY_CLOSE.storeFailure, REASONS.storeFailure);
    }
    ws.on('message', (data, isBinary) => {
      if (isBinary) return room.receive(ws, toBytes(data));
      log({ event: 'refused', reason: 'malformed', federation: room.id, detail: 'text frame' });
      closeSocket(ws, RELAY_CLOSE.badRequest, 'Malformed message: text frames are not sync data');
    });
    ws.on('close', () => room.leave(ws));
    room.join(ws, auth.role === 'observer');
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    const pathname = (req.url ?? '').split('?')[0] ?? '';
    if (closing || !pathname.startsWith('/sync/')) {
      const status = closing ? '503 Service Unavailable' : '404 Not Found';
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      try {
        onConnection(ws, req);
      } catch (err) {
        log({ event: 'error', during: 'connect', error: errorMessage(err) });
        closeSocket(ws, 1011, REASONS.internal);
      }
    });
  };
  server.on('upgrade', onUpgrade);

  const pinger = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, opts.pingIntervalMs ?? 30_000);
  pinger.unref();

  let boundHost: string;
  try {
    boundHost = await listen(server, opts.port, opts.host);
  } catch (err) {
    clearInterval(pinger);
    store.close();
    throw err;
  }
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : opts.port;
  log({ event: 'listening', host: boundHost, port, dataDir: opts.dataDir, staticDir });

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
      store.close();
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
