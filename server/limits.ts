// Rate and count limits: a token bucket per socket, counters per remote address.

/** Budget limits of a socket (shared by every socket: only the levels below are per socket). */
export interface BudgetLimits {
  messagesPerSecond: number;
  messageBurst: number;
  bytesPerSecond: number;
  maxPayload: number;
}

/** Requests for the whole state per second, and in a row (see SocketBudget). */
const FULL_STATE_RATE = 1;
const FULL_STATE_BURST = 10;

/**
 * The budgets of one socket, three token buckets refilled together: messages and bytes per
 * second, and requests for the whole state. Four numbers per socket; the limits are shared.
 */
export class SocketBudget {
  #messages: number;
  #bytes: number;
  // Sync step 1 and query-awareness make the relay encode everything: a few bytes in, a doc out.
  #fullState = FULL_STATE_BURST;
  #at = Date.now();

  constructor(private readonly limits: BudgetLimits) {
    this.#messages = limits.messageBurst;
    this.#bytes = byteCapacity(limits);
  }

  /** Charges one message; false means the socket is over its budget. */
  charge(frame: Uint8Array): boolean {
    const { limits } = this;
    const now = Date.now();
    const seconds = (now - this.#at) / 1000;
    this.#at = now;
    this.#messages = Math.min(
      limits.messageBurst,
      this.#messages + seconds * limits.messagesPerSecond,
    );
    this.#bytes = Math.min(byteCapacity(limits), this.#bytes + seconds * limits.bytesPerSecond);
    this.#fullState = Math.min(FULL_STATE_BURST, this.#fullState + seconds * FULL_STATE_RATE);
    const asksForAll = (frame[0] === 0 && frame[1] === 0) || frame[0] === 3;
    if (asksForAll) {
      if (this.#fullState < 1) return false;
      this.#fullState -= 1;
    }
    if (this.#messages < 1) return false;
    this.#messages -= 1;
    if (this.#bytes < frame.length) return false;
    this.#bytes -= frame.length;
    return true;
  }
}

/** A full byte bucket always admits one message of the largest allowed size. */
function byteCapacity(limits: BudgetLimits): number {
  return Math.max(limits.bytesPerSecond * 2, limits.maxPayload);
}

/** Open sockets per remote address. */
export class AddressCounter {
  readonly #counts = new Map<string, number>();

  /** Counts one more socket from `address` and returns the new count. */
  add(address: string): number {
    const count = (this.#counts.get(address) ?? 0) + 1;
    this.#counts.set(address, count);
    return count;
  }

  /** Forgets one socket from `address`. */
  remove(address: string): void {
    const count = (this.#counts.get(address) ?? 0) - 1;
    if (count > 0) this.#counts.set(address, count);
    else this.#counts.delete(address);
  }
}

const HOUR = 3_600_000;

/** New federations claimed per remote address over the last hour (a sliding window). */
export class ClaimWindow {
  readonly #claims = new Map<string, number[]>();
  #sinceSweep = 0;

  constructor(
    private readonly perHour: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether `address` may claim one more federation now. */
  allows(address: string): boolean {
    return this.#recent(address).length < this.perHour;
  }

  /** Records a claim by `address`. */
  record(address: string): void {
    const recent = this.#recent(address);
    recent.push(this.now());
    this.#claims.set(address, recent);
    // Forget quiet addresses now and then, so the map does not grow with every address ever seen.
    if (++this.#sinceSweep >= 1_000) {
      this.#sinceSweep = 0;
      for (const key of [...this.#claims.keys()]) {
        if (this.#recent(key).length === 0) this.#claims.delete(key);
      }
    }
  }

  #recent(address: string): number[] {
    const since = this.now() - HOUR;
    const recent = (this.#claims.get(address) ?? []).filter((at) => at > since);
    if (recent.length > 0) this.#claims.set(address, recent);
    else this.#claims.delete(address);
    return recent;
  }
}
