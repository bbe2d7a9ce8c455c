// Snapshots of entities kept between reads: a list of 10,000 events re-reads only the events a
// transaction touched. Invalidation runs on Yjs's `beforeObserverCalls`, before any observer can
// read, and reads inside a transaction bypass the cache, so no read ever sees a stale snapshot.
import type * as Y from 'yjs';

type Reader = (id: string, raw: Record<string, unknown>) => unknown;

interface Collection {
  byReader: Map<Reader, Map<string, unknown>>;
}

const docs = new WeakMap<Y.Doc, Map<Y.AbstractType<unknown>, Collection>>();

/** The entity ids of `collections` that a transaction changed (deep changes included). */
function invalidate(collections: Map<Y.AbstractType<unknown>, Collection>, tr: Y.Transaction) {
  const drop = (c: Collection, id: string) => {
    for (const values of c.byReader.values()) values.delete(id);
  };
  for (const [changed, keys] of tr.changed) {
    const own = collections.get(changed as Y.AbstractType<unknown>);
    if (own) {
      for (const key of keys) if (key !== null) drop(own, key);
      continue;
    }
    // Climb from the changed type to the entity map directly under a cached collection.
    let type = changed as Y.AbstractType<unknown>;
    for (let depth = 0; type._item && depth < 64; depth++) {
      const parent = type._item.parent as Y.AbstractType<unknown>;
      const c = collections.get(parent);
      if (c) {
        if (type._item.parentSub) drop(c, type._item.parentSub);
        break;
      }
      type = parent;
    }
  }
}

function collectionOf(doc: Y.Doc, type: Y.AbstractType<unknown>): Collection {
  let collections = docs.get(doc);
  if (!collections) {
    const map = new Map<Y.AbstractType<unknown>, Collection>();
    docs.set(doc, (collections = map));
    doc.on('beforeObserverCalls', (tr: Y.Transaction) => invalidate(map, tr));
  }
  let c = collections.get(type);
  if (!c) collections.set(type, (c = { byReader: new Map() }));
  return c;
}

/**
 * `read(id, raw())` for the entity `id` of the collection `type`, from the cache when the entity
 * has not changed since. Readers must be pure functions of the entity's own fields.
 */
export function cachedRead<T>(
  doc: Y.Doc,
  type: Y.Map<unknown> | Y.Map<Y.Map<unknown>>,
  id: string,
  read: (id: string, raw: Record<string, unknown>) => T,
  raw: () => Record<string, unknown> | null,
): T | null {
  const c = collectionOf(doc, type as Y.AbstractType<unknown>);
  // Inside a transaction its own writes so far must be seen: read fresh and keep nothing (the
  // transaction's end drops what it touched; checking its growing change set here costs O(n²)).
  if (doc._transaction) {
    const fields = raw();
    return fields ? read(id, fields) : null;
  }
  let values = c.byReader.get(read as Reader);
  if (!values) c.byReader.set(read as Reader, (values = new Map()));
  if (values.has(id)) return values.get(id) as T;
  const fields = raw();
  if (!fields) return null;
  const value = read(id, fields);
  values.set(id, value);
  return value;
}
