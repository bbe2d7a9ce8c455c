// Backpressure from the store to the sockets: when updates waiting to be durably written pass a
// cap, the relay stops reading every socket until the store has caught up to half of it.
import type { WebSocket } from 'ws';
import type { Log } from './log';
import type { Metrics } from './metrics';

/** Counts bytes accepted but not yet durable, and pauses reading while there are too many. */
export class Intake {
  #unwritten = 0;
  #paused = false;
  /** Set on every pause; the pinger clears it, so a round after a pause checks nobody's pong. */
  #pausedSinceLastRound = false;

  constructor(
    private readonly maxUnwrittenBytes: number,
    private readonly sockets: () => Iterable<WebSocket>,
    private readonly log: Log,
    private readonly metrics: Metrics,
  ) {}

  /** Bytes accepted and not yet durable. */
  get unwritten(): number {
    return this.#unwritten;
  }

  /** Counts `bytes` as waiting for the store; call the returned function once they are written. */
  hold(bytes: number): () => void {
    this.#unwritten += bytes;
    if (!this.#paused && this.#unwritten > this.maxUnwrittenBytes) this.#pause();
    return () => {
      this.#unwritten -= bytes;
      if (this.#paused && this.#unwritten <= this.maxUnwrittenBytes / 2) this.#resume();
    };
  }

  /** A socket that opens while paused is held back from its first frame. */
  admit(ws: WebSocket): void {
    if (this.#paused) ws.pause();
  }

  /**
   * For the pinger, once per round: false if reading was paused at any time since the last
   * round, as a paused socket cannot have read its pong.
   */
  pongsReadable(): boolean {
    const readable = !this.#paused && !this.#pausedSinceLastRound;
    this.#pausedSinceLastRound = this.#paused;
    return readable;
  }

  #pause(): void {
    this.#paused = true;
    this.#pausedSinceLastRound = true;
    this.metrics.intakePauses += 1;
    for (const ws of this.sockets()) ws.pause();
    this.log({ event: 'intake.paused', unwrittenBytes: this.#unwritten });
  }

  #resume(): void {
    this.#paused = false;
    for (const ws of this.sockets()) ws.resume();
    this.log({ event: 'intake.resumed', unwrittenBytes: this.#unwritten });
  }
}
