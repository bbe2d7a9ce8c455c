// The one bridge from Yjs to runes: a read that re-runs only after the document changed, and only
// when something reads it.
import { createSubscriber } from 'svelte/reactivity';
import type * as Y from 'yjs';

type Observe = (doc: Y.Doc, onChange: () => void) => () => void;

/** A cached snapshot of `read(doc)` whose `.current` is reactive and recomputed on change only. */
export class DocQuery<T> {
  #doc: Y.Doc;
  #read: (doc: Y.Doc) => T;
  #observe: Observe;
  #subscribe: () => void;
  #update: (() => void) | null = null;
  #observing = false;
  #dirty = true;
  #value: T | undefined;

  constructor(doc: Y.Doc, observe: Observe, read: (doc: Y.Doc) => T) {
    this.#doc = doc;
    this.#read = read;
    this.#observe = observe;
    this.#subscribe = createSubscriber((update) => {
      this.#update = update;
      return () => {
        this.#update = null;
      };
    });
  }

  /** The snapshot; inside an effect or template it updates when the document changes. */
  get current(): T {
    this.#subscribe();
    // Observed from the first read on, also while no screen shows it: a page that opens again
    // (or reads one person by id) gets the snapshot it left, unless its part of the doc changed.
    if (!this.#observing) {
      this.#observing = true;
      this.#observe(this.#doc, () => {
        this.#dirty = true;
        this.#update?.();
      });
    }
    // Inside a transaction its writes are not observed yet: read them, keep nothing.
    if (this.#doc._transaction) return this.#read(this.#doc);
    if (this.#dirty) {
      this.#value = this.#read(this.#doc);
      this.#dirty = false;
    }
    return this.#value as T;
  }
}
