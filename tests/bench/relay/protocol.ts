// The messages between the orchestrator (run.ts) and the load generator process (loadgen.ts).
import type { Latency } from './stats';

export interface ConnectCommand {
  cmd: 'connect';
  /** ws://host:port/sync — each client opens `${base}/${federation}?token=${token}`. */
  base: string;
  clients: number;
  federations: number;
  expectAcks: boolean;
  awareness: boolean;
}

export interface PhaseCommand {
  cmd: 'phase';
  phase: number;
  /** Target total updates per second over all clients. */
  rate: number;
  seconds: number;
  poisson: boolean;
  /** Return the raw latency samples too (for pooling across rounds). */
  samples: boolean;
}

export type Command = ConnectCommand | PhaseCommand | { cmd: 'disconnect' } | { cmd: 'exit' };

export interface ConnectResult {
  ms: number;
  connected: number;
  failed: number;
  firstError?: string;
}

export interface PhaseResult {
  phase: number;
  rate: number;
  /** Seconds the sending lasted, and what it sent. */
  seconds: number;
  sent: number;
  /** Sends skipped because the chosen client was not connected (reconnecting). */
  skipped: number;
  /** Deliveries expected (sent × connected peers) and received before the drain ended. */
  expected: number;
  delivered: number;
  latency: Latency;
  /** Time from send to our relay's ack (durably stored); count 0 for the reference. */
  ack: Latency;
  /** Load generator CPU in ms (user + system) over the phase and its drain. */
  cpuMs: number;
  wallMs: number;
  /** p99 of the load generator's event-loop delay in ms: high means its own timings are late. */
  loopDelayP99: number;
  /** Sockets the server closed during the phase (the clients reconnect). */
  disconnects: number;
  samples?: number[];
}

export interface Reply {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}
