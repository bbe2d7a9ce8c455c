// Small numeric helpers shared by the load generator and the report.

/** The q-quantile (0..1) of samples, nearest rank; NaN when there are none. */
export function quantile(samples: ArrayLike<number>, q: number): number {
  if (samples.length === 0) return NaN;
  const sorted = Float64Array.from(samples).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}

/** p50, p99 and max of latency samples in ms. */
export interface Latency {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export function latencyOf(samples: ArrayLike<number>): Latency {
  if (samples.length === 0) return { count: 0, p50: NaN, p99: NaN, max: NaN };
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return {
    count: sorted.length,
    p50: at(0.5) as number,
    p99: at(0.99) as number,
    max: sorted[sorted.length - 1] as number,
  };
}

/** A growable array of doubles (latency samples), cheaper than number[] at 100k entries. */
export class Samples {
  #data = new Float64Array(4096);
  length = 0;

  push(value: number): void {
    if (this.length === this.#data.length) {
      const bigger = new Float64Array(this.#data.length * 2);
      bigger.set(this.#data);
      this.#data = bigger;
    }
    this.#data[this.length++] = value;
  }

  values(): Float64Array {
    return this.#data.subarray(0, this.length);
  }
}

export const mean = (xs: number[]): number =>
  xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length;

export const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/** A figure to print: fixed digits, or '-' for NaN and for the null that NaN becomes over IPC. */
export const fixed = (x: number | null | undefined, digits = 2): string =>
  typeof x === 'number' && Number.isFinite(x) ? x.toFixed(digits) : '-';
