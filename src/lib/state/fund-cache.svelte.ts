// Cached reads for the fund: its figures are read on every screen and the ledger grows to tens of
// thousands of entries, so each read is recomputed only after its own root changed.
import type * as Y from 'yjs';

type Observe = (doc: Y.Doc, onChange: () => void) => () => void;

/**
 * `read(doc)`, recomputed on the first read after `observe` reported a change. Unlike DocQuery it
 * observes from construction until `destroy()`, so a read outside an effect (an event handler, a
 * write's check) is cached too; the observer only marks the value stale, it never reads.
 */
export class CachedRead<T> {
  #doc: Y.Doc;
  #read: (doc: Y.Doc) => T;
  #off: () => void;
  #dirty = true;
  #value: T | undefined;
  // Bumped on change so templates that read `.current` re-render.
  #version = $state(0);

  constructor(doc: Y.Doc, observe: Observe, read: (doc: Y.Doc) => T) {
    this.#doc = doc;
    this.#read = read;
    this.#off = observe(doc, () => {
      this.#dirty = true;
      this.#version += 1;
    });
  }

  /** The value as of the document's last change. */
  get current(): T {
    void this.#version;
    if (this.#dirty) {
      this.#value = this.#read(this.#doc);
      this.#dirty = false;
    }
    return this.#value as T;
  }

  /** Stops observing the document. */
  destroy(): void {
    this.#off();
  }
}

/** Remembers `compute(...deps)` until one of `deps` is a different value (by identity). */
export function memo<D extends unknown[], T>(compute: (...deps: D) => T): (...deps: D) => T {
  let last: D | null = null;
  let value: T;
  return (...deps: D) => {
    if (!last || deps.length !== last.length || deps.some((d, i) => d !== last![i])) {
      value = compute(...deps);
      last = deps;
    }
    return value;
  };
}

/** Like `memo`, but keeps one value per string key (a date, a period) for the same `deps`. */
export function memoByKey<D extends unknown[], T>(
  compute: (key: string, ...deps: D) => T,
  max = 16,
): (key: string, ...deps: D) => T {
  let last: D | null = null;
  let values = new Map<string, T>();
  return (key: string, ...deps: D) => {
    if (!last || deps.some((d, i) => d !== last![i])) {
      values = new Map();
      last = deps;
    }
    let value = values.get(key);
    if (value === undefined && !values.has(key)) {
      value = compute(key, ...deps);
      // A bounded cache: a date picker dragged across a year must not keep every day.
      if (values.size >= max) values.delete(values.keys().next().value!);
      values.set(key, value);
    }
    return value as T;
  };
}
