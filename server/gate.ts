// The way into /sync: address limits, the token check, then per-socket budgets; nothing before
// the token check touches a federation's data, and a refused socket holds no room and no timer.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import { RELAY_CLOSE } from '../src/lib/domain/ids';
import { authorize, REASONS } from './auth';
import type { Limits } from './config';
import { AddressCounter, ClaimWindow, SocketBudget } from './limits';
import { errorMessage, type Log } from './log';
import type { Metrics } from './metrics';
import type { Refuse } from './room';
import type { Rooms } from './rooms';
import { closeSocket, toBytes } from './sockets';
import type { Store } from './store';

/** What the gate needs from the relay. */
export interface GateDeps {
  wss: WebSocketServer;
  store: Store;
  rooms: Rooms;
  log: Log;
  metrics: Metrics;
  limits: Limits;
  refuse: Refuse;
  /** Sockets that answered the last ping; only authenticated sockets are ever added. */
  alive: WeakSet<WebSocket>;
  closing: () => boolean;
}

/** The handler of the HTTP server's 'upgrade' event. */
export function createGate(deps: GateDeps) {
  const { wss, store, rooms, log, metrics, limits, refuse, alive } = deps;
  const addresses = new AddressCounter();
  const claims = new ClaimWindow(limits.maxClaimsPerIpPerHour);

  const onConnection = (ws: WebSocket, req: IncomingMessage, address: string, over: boolean) => {
    ws.on('error', (err: Error & { code?: string }) => {
      // ws closes with 1009 by itself past its hard cap; it is still a refusal worth counting.
      if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') metrics.refused('too-large');
      log({ event: 'socket.error', error: errorMessage(err) });
    });
    if (over) return refuse(ws, 'connections', RELAY_CLOSE.limited, REASONS.connections);
    const auth = authorize(store, req.url, () => claims.allows(address));
    if (!auth.ok) {
      return refuse(ws, auth.why, auth.code, auth.reason, { federation: auth.federationId });
    }
    const federation = auth.federationId;
    if (auth.claimed) {
      claims.record(address);
      log({ event: 'federation.claimed', federation });
    }
    const room = rooms.acquire(federation);
    if (room.failed) {
      return refuse(ws, 'store-failure', RELAY_CLOSE.storeFailure, REASONS.storeFailure, {
        federation,
      });
    }
    alive.add(ws);
    ws.on('pong', () => alive.add(ws));
    const budget = new SocketBudget(limits);
    ws.on('message', (data, isBinary) => {
      if (ws.readyState !== ws.OPEN) return;
      const frame = toBytes(data);
      if (frame.length > limits.maxPayload) {
        const fields = { federation, bytes: frame.length };
        return refuse(ws, 'too-large', RELAY_CLOSE.tooLarge, REASONS.tooLarge, fields);
      }
      if (!budget.charge(frame)) {
        return refuse(ws, 'rate', RELAY_CLOSE.limited, REASONS.rate, { federation });
      }
      if (isBinary) return room.receive(ws, frame);
      const reason = 'Malformed message: text frames are not sync data';
      refuse(ws, 'malformed', RELAY_CLOSE.badRequest, reason, { federation, detail: 'text frame' });
    });
    ws.on('close', () => room.leave(ws));
    room.join(ws, auth.role === 'observer', auth.tokenHash.toString('hex'));
  };

  return (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    const pathname = (req.url ?? '').split('?')[0] ?? '';
    if (deps.closing() || !pathname.startsWith('/sync/')) {
      const status = deps.closing() ? '503 Service Unavailable' : '404 Not Found';
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const address = req.socket.remoteAddress ?? 'unknown';
    const count = addresses.add(address);
    socket.once('close', () => addresses.remove(address));
    // Far over the cap, not even a WebSocket is set up: the refusal costs one HTTP line.
    if (count > 2 * limits.maxConnectionsPerIp) {
      metrics.refused('connections');
      socket.end(
        `HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      try {
        onConnection(ws, req, address, count > limits.maxConnectionsPerIp);
      } catch (err) {
        log({ event: 'error', during: 'connect', error: errorMessage(err) });
        closeSocket(ws, 1011, REASONS.internal);
      }
    });
  };
}
