// The way into /sync: address limits, the token check, then per-socket budgets; nothing before
// the token check touches a federation's data, and a refused socket holds no room and no timer.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import { RELAY_CLOSE } from '../src/lib/domain/ids';
import { authorize, findToken, REASONS } from './auth';
import type { TokenStore } from './backend';
import type { Limits } from './config';
import { AddressCounter, ClaimWindow, SocketBudget } from './limits';
import { errorMessage, type Log } from './log';
import type { Metrics } from './metrics';
import type { Refuse, Room } from './room';
import type { Rooms } from './rooms';
import { closeSocket, toBytes } from './sockets';

/** Frames a socket may send before its token is checked and its federation loaded. */
const MAX_EARLY_FRAMES = 32;

/** What the gate needs from the relay. */
export interface GateDeps {
  wss: WebSocketServer;
  store: TokenStore;
  rooms: Rooms;
  log: Log;
  metrics: Metrics;
  limits: Limits;
  refuse: Refuse;
  /** Sockets that answered the last ping; only authenticated sockets are ever added. */
  alive: WeakSet<WebSocket>;
  closing: () => boolean;
  /** Whether other processes share the tokens (Redis) and may revoke one during a check. */
  shared: boolean;
}

/** The handler of the HTTP server's 'upgrade' event. */
export function createGate(deps: GateDeps) {
  const { wss, store, rooms, log, metrics, limits, refuse, alive } = deps;
  const addresses = new AddressCounter();
  const claims = new ClaimWindow(limits.maxClaimsPerIpPerHour);

  const onConnection = async (ws: WebSocket, url: string | undefined, address: string) => {
    // Listening from the start: frames that arrive while the token is checked and the federation
    // loads (with Redis, both wait on the network) are charged now and handled once it is ready.
    const budget = new SocketBudget(limits);
    // Set once known; the message listener below reads them.
    const at: { federation?: string; room?: Room } = {};
    const early: [Uint8Array, boolean][] = [];
    const handle = (r: Room, frame: Uint8Array, isBinary: boolean) => {
      if (isBinary) return r.receive(ws, frame);
      const reason = 'Malformed message: text frames are not sync data';
      refuse(ws, 'malformed', RELAY_CLOSE.badRequest, reason, {
        federation: at.federation,
        detail: 'text frame',
      });
    };
    ws.on('message', (data, isBinary) => {
      if (ws.readyState !== ws.OPEN) return;
      const frame = toBytes(data);
      if (frame.length > limits.maxPayload) {
        const fields = { federation: at.federation, bytes: frame.length };
        return refuse(ws, 'too-large', RELAY_CLOSE.tooLarge, REASONS.tooLarge, fields);
      }
      if (!budget.charge(frame)) {
        return refuse(ws, 'rate', RELAY_CLOSE.limited, REASONS.rate, { federation: at.federation });
      }
      if (at.room !== undefined) return handle(at.room, frame, isBinary);
      // A client sends two or three frames before its first answer; more is not a sync client.
      if (early.length >= MAX_EARLY_FRAMES) {
        return refuse(ws, 'rate', RELAY_CLOSE.limited, REASONS.rate, { federation: at.federation });
      }
      early.push([frame, isBinary]);
    });
    const auth = await authorize(store, url, () => claims.allows(address));
    if (!auth.ok) {
      return refuse(ws, auth.why, auth.code, auth.reason, { federation: auth.federationId });
    }
    const federation = auth.federationId;
    at.federation = federation;
    if (auth.claimed) {
      claims.record(address);
      log({ event: 'federation.claimed', federation });
    }
    const acquired = await rooms.acquire(federation);
    if (ws.readyState !== ws.OPEN || acquired.destroyed) {
      rooms.release(acquired);
      return closeSocket(ws, RELAY_CLOSE.goingAway, REASONS.goingAway);
    }
    if (acquired.failed) {
      return refuse(ws, 'store-failure', RELAY_CLOSE.storeFailure, REASONS.storeFailure, {
        federation,
      });
    }
    alive.add(ws);
    ws.on('pong', () => alive.add(ws));
    ws.on('close', () => acquired.leave(ws));
    acquired.join(ws, auth.role === 'observer', auth.tokenHash.toString('hex'));
    at.room = acquired;
    for (const [frame, isBinary] of early.splice(0)) {
      if (ws.readyState === ws.OPEN) handle(acquired, frame, isBinary);
    }
    if (!deps.shared) return;
    // A revocation on another process between the check and the join missed this socket: look
    // again now that any later one reaches it through the room.
    const row = await findToken(store, federation, auth.tokenHash);
    if (ws.readyState === ws.OPEN && (row === undefined || row.revoked_at !== null)) {
      refuse(ws, 'revoked-token', RELAY_CLOSE.revoked, REASONS.revoked, { federation });
    }
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
      ws.on('error', (err: Error & { code?: string }) => {
        // ws closes with 1009 by itself past its hard cap; it is still a refusal worth counting.
        if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') metrics.refused('too-large');
        log({ event: 'socket.error', error: errorMessage(err) });
      });
      if (count > limits.maxConnectionsPerIp) {
        return refuse(ws, 'connections', RELAY_CLOSE.limited, REASONS.connections);
      }
      onConnection(ws, req.url, address).catch((err: unknown) => {
        log({ event: 'error', during: 'connect', error: errorMessage(err) });
        closeSocket(ws, 1011, REASONS.internal);
      });
    });
  };
}
