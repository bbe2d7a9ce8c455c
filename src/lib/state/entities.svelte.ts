// A reactive list of one collection's entities with lookups; each area's state builds on it.
import type * as Y from 'yjs';
import type { Entity } from '$lib/domain/entity';
import { DocQuery } from './query.svelte';

type Observe = (doc: Y.Doc, onChange: () => void) => () => void;
type List<T> = (doc: Y.Doc, opts: { includeRemoved?: boolean }) => T[];

interface Snapshot<T> {
  all: T[];
  active: T[];
  byId: ReadonlyMap<string, T>;
}

/** All entities of a collection (removed ones included), recomputed only when it changes. */
export class EntityList<T extends Entity> {
  #query: DocQuery<Snapshot<T>>;

  constructor(doc: Y.Doc, observe: Observe, list: List<T>) {
    this.#query = new DocQuery(doc, observe, (d) => {
      const all = list(d, { includeRemoved: true });
      return {
        all,
        active: all.filter((e) => !e.deletedAt),
        // A fresh map per snapshot, never mutated: reactivity comes from DocQuery.
        // eslint-disable-next-line svelte/prefer-svelte-reactivity
        byId: new Map(all.map((e) => [e.id, e])),
      };
    });
  }

  /** Every entity, removed ones included, in the domain's order. */
  get all(): T[] {
    return this.#query.current.all;
  }

  /** Entities that are not removed. */
  get active(): T[] {
    return this.#query.current.active;
  }

  /** Lookup by id (removed ones included). */
  get byId(): ReadonlyMap<string, T> {
    return this.#query.current.byId;
  }
}
