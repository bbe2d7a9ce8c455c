// Rate and count limits: a token bucket per socket, counters per remote address.

/** A token bucket: `rate` tokens per second, holding at most `capacity`. */
export class TokenBucket {
  #tokens: number;
  #at: number;

  constructor(
    private readonly rate: number,
    private readonly capacity: number,
    private readonly now: () => number = Date.now,
  ) {
    this.#tokens = capacity;
    this.#at = now();
  }

  /** Takes `cost` tokens if there are enough; false means the limit is hit. */
  take(cost: number): boolean {
    const now = this.now();
    this.#tokens = Math.min(this.capacity, this.#tokens + ((now - this.#at) / 1000) * this.rate);
    this.#at = now;
    if (this.#tokens < cost) return false;
    this.#tokens -= cost;
    return true;
  }
}

/** The budgets of one socket: messages and bytes per second, and requests for the whole state. */
export class SocketBudget {
  readonly #messages: TokenBucket;
  readonly #bytes: TokenBucket;
  // Sync step 1 and query-awareness make the relay encode everything: a few bytes in, a doc out.
  readonly #fullState = new TokenBucket(1, 10);

  constructor(limits: {
    messagesPerSecond: number;
    messageBurst: number;
    bytesPerSecond: number;
    maxPayload: number;
  }) {
    this.#messages = new TokenBucket(limits.messagesPerSecond, limits.messageBurst);
    // A full bucket always admits one message of the largest allowed size.
    const byteCapacity = Math.max(limits.bytesPerSecond * 2, limits.maxPayload);
    this.#bytes = new TokenBucket(limits.bytesPerSecond, byteCapacity);
  }

  /** Charges one message; false means the socket is over its budget. */
  charge(frame: Uint8Array): boolean {
    const asksForAll = (frame[0] === 0 && frame[1] === 0) || frame[0] === 3;
    if (asksForAll && !this.#fullState.take(1)) return false;
    return this.#messages.take(1) && this.#bytes.take(frame.length);
  }
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
