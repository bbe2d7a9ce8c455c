// The shapes a room works with: what it needs from the relay, and what it keeps per socket.
import type { WebSocket } from 'ws';
import type { DocStore } from './backend';
import type { Intake } from './intake';
import type { Log } from './log';
import type { Metrics } from './metrics';

/** Closes a socket for cause: logs, counts and closes with a code and a human reason. */
export type Refuse = (
  ws: WebSocket,
  why: string,
  code: number,
  reason: string,
  fields?: Record<string, unknown>,
) => void;

/** What a room needs from the relay. */
export interface RoomDeps {
  docs: DocStore;
  log: Log;
  metrics: Metrics;
  refuse: Refuse;
  compactEvery: number;
  compactDelayMs: number;
  maxBufferedBytes: number;
  intake: Intake;
}

/** What a room keeps about one of its sockets. */
export interface Connection {
  /** Awareness client ids this socket announced (a few at most), removed when it closes. */
  clients: number[];
  readOnly: boolean;
  /** Hex SHA-256 of the token the socket opened with, to close it when that token is revoked. */
  tokenHash: string;
  /** Bytes of the largest reply sent (the initial sync), allowed on top of maxBufferedBytes. */
  replyBytes: number;
}

/** The clients an awareness update touched. */
export interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}
