// The one bridge from Yjs to runes: a read that re-runs only after the document changed, and only
// while something on screen reads it.
import { createSubscriber } from 'svelte/reactivity';
import type * as Y from 'yjs';

type Observe = (doc: Y.Doc, onChange: () => void) => () => void;

/** A cached snapshot of `read(doc)` whose `.current` is reactive and recomputed on change only. */
export class DocQuery<T> {
  #doc: Y.Doc;
  #read: (doc: Y.Doc) => T;
  #subscribe: () => void;
  #active = false;
  #dirty = true;
  #value: T | undefined;

  constructor(doc: Y.Doc, observe: Observe, read: (doc: Y.Doc) => T) {
    this.#doc = doc;
    this.#read = read;
    this.#subscribe = createSubscriber((update) => {
      this.#active = true;
      this.#dirty = true;
      const off = observe(doc, () => {
        this.#dirty = true;
        update();
      });
      return () => {
        this.#active = false;
        off();
      };
    });
  }

  /** The snapshot; inside an effect or template it updates when the document changes. */
  get current(): T {
    this.#subscribe();
    // Outside an effect nothing observes the doc, so the cache cannot be trusted.
    if (this.#dirty || !this.#active) {
      this.#value = this.#read(this.#doc);
      this.#dirty = false;
    }
    return this.#value as T;
  }
}
