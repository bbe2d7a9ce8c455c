import { untrack } from 'svelte';

// A form's draft of a record that may change underneath it (another device's edit arriving by
// sync): fields the user has not touched follow the record; Save sends only the touched ones.

/** Editable copy of `T` that tracks which fields the user changed. */
export class Draft<T extends Record<string, unknown>> {
  values: T;
  #base: T;

  constructor(initial: T) {
    this.values = $state({ ...initial });
    this.#base = { ...initial };
  }

  /** Takes in a newer version of the record, keeping every field the user has edited. */
  rebase(next: T): void {
    // Untracked: an effect calling this depends on the record only, not on the draft it writes.
    untrack(() => {
      for (const key of Object.keys(next) as (keyof T)[]) {
        const untouched = same(this.values[key], this.#base[key]);
        if (untouched && !same(this.values[key], next[key])) this.values[key] = next[key];
      }
      this.#base = { ...next };
    });
  }

  /** The fields the user changed, compared with the record as last seen. */
  changes(): Partial<T> {
    const out: Partial<T> = {};
    for (const key of Object.keys(this.values) as (keyof T)[]) {
      if (!same(this.values[key], this.#base[key]))
        out[key] = $state.snapshot(this.values[key]) as T[keyof T];
    }
    return out;
  }

  /** After a save: what was sent is now the record as last seen. */
  commit(): void {
    this.#base = $state.snapshot(this.values) as T;
  }
}

function same(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
