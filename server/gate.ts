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
import type { Intake } from './intake';
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
  /** Holds every socket back while the store catches up. */
  intake: Intake;
  closing: () => boolean;
  /** Whether other processes share the tokens (Redis) and may revoke one during a check. */
  shared: boolean;
}

/** The handler of the HTTP server's 'upgrade' event. */
export function createGate(deps: GateDeps) {
  const { wss, store, rooms, log, metrics, limits, refuse, alive } = deps;
  const addresses = new AddressCounter();
  const claims = new ClaimWindow(limits.maxClaimsPerIpPerHour);

  /** One socket's state while it is open: one object, one message listener, no request kept. */
  class Session {
    readonly budget = new SocketBudget(limits);
    federation: string | undefined = undefined;
    room: Room | undefined = undefined;
    /** Frames that arrived before the room was ready; null once it is. */
    early: [Uint8Array, boolean][] | null = [];

    constructor(readonly ws: WebSocket) {}

    readonly onMessage = (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void => {
      const ws = this.ws;
      if (ws.readyState !== ws.OPEN) return;
      const frame = toBytes(data);
      const federation = this.federation;
      if (frame.length > limits.maxPayload) {
        const fields = { federation, bytes: frame.length };
        return refuse(ws, 'too-large', RELAY_CLOSE.tooLarge, REASONS.tooLarge, fields);
      }
      if (!this.budget.charge(frame)) {
        return refuse(ws, 'rate', RELAY_CLOSE.limited, REASONS.rate, { federation });
      }
      if (this.room !== undefined) return this.handle(this.room, frame, isBinary);
      // A client sends two or three frames before its first answer; more is not a sync client.
      if (this.early === null || this.early.length >= MAX_EARLY_FRAMES) {
        return refuse(ws, 'rate', RELAY_CLOSE.limited, REASONS.rate, { federation });
      }
      this.early.push([frame, isBinary]);
    };

    readonly onClose = (): void => this.room?.leave(this.ws);

    handle(room: Room, frame: Uint8Array, isBinary: boolean): void {
      if (isBinary) return room.receive(this.ws, frame);
      const reason = 'Malformed message: text frames are not sync data';
      refuse(this.ws, 'malformed', RELAY_CLOSE.badRequest, reason, {
        federation: this.federation,
        detail: 'text frame',
      });
    }
  }

  const onPong = function (this: WebSocket) {
    alive.add(this);
  };

  const onConnection = async (ws: WebSocket, url: string | undefined, address: string) => {
    // Listening from the start: frames that arrive while the token is checked and the federation
    // loads (with Redis, both wait on the network) are charged now and handled once it is ready.
    const session = new Session(ws);
    ws.on('message', session.onMessage);
    const auth = await authorize(store, url, () => claims.allows(address));
    if (!auth.ok) {
      return refuse(ws, auth.why, auth.code, auth.reason, { federation: auth.federationId });
    }
    const federation = auth.federationId;
    session.federation = federation;
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
    ws.on('pong', onPong);
    ws.on('close', session.onClose);
    acquired.join(ws, auth.role === 'observer', auth.tokenHash.toString('hex'));
    session.room = acquired;
    const early = session.early ?? [];
    session.early = null;
    for (const [frame, isBinary] of early) {
      if (ws.readyState === ws.OPEN) session.handle(acquired, frame, isBinary);
    }
    if (!deps.shared) return;
    // A revocation on another process between the check and the join missed this socket: look
    // again now that any later one reaches it through the room.
    const row = await findToken(store, federation, auth.tokenHash);
    if (ws.readyState === ws.OPEN && (row === undefined || row.revoked_at !== null)) {
      refuse(ws, 'revoked-token', RELAY_CLOSE.revoked, REASONS.revoked, { federation });
    }
  };

  const onError = (err: Error & { code?: string }) => {
    // ws closes with 1009 by itself past its hard cap; it is still a refusal worth counting.
    if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') metrics.refused('too-large');
    log({ event: 'socket.error', error: errorMessage(err) });
  };

  /** Sets up an upgraded socket; nothing here holds on to the HTTP request. */
  const accept = (ws: WebSocket, url: string | undefined, address: string, count: number) => {
    ws.on('error', onError);
    if (count > limits.maxConnectionsPerIp) {
      return refuse(ws, 'connections', RELAY_CLOSE.limited, REASONS.connections);
    }
    deps.intake.admit(ws);
    onConnection(ws, url, address).catch((err: unknown) => {
      log({ event: 'error', during: 'connect', error: errorMessage(err) });
      closeSocket(ws, 1011, REASONS.internal);
    });
  };

  const countAddress = (socket: Duplex, address: string): number => {
    socket.once('close', () => addresses.remove(address));
    return addresses.add(address);
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
    const count = countAddress(socket, address);
    // Far over the cap, not even a WebSocket is set up: the refusal costs one HTTP line.
    if (count > 2 * limits.maxConnectionsPerIp) {
      metrics.refused('connections');
      socket.end(
        `HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
      );
      return;
    }
    const url = req.url;
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws, url, address, count));
  };
}
