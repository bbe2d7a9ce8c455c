// What others added or changed since this device last looked, decided by Yjs item ids, never by
// timestamps: a device offline for a week brings edits with old `updatedAt` that are still new here.
// Every item Yjs stores carries (client, clock); the device's marker is the state vector it had
// seen, so an item is new when its clock is at or past the marker's clock for its client. Only the
// items past the marker are visited, so the cost follows what changed, not the document's size.
import * as Y from 'yjs';
import type { PersonId } from './ids';
import { ROOT, type CollectionKey } from './schema';

/** What the feed covers: every entity collection, and the ledger's entries (plain values). */
export type FeedCollection = CollectionKey | typeof ROOT.ledger;

/** A shared type as the document holds it (root or nested). */
type Shared = Y.Doc['share'] extends Map<string, infer T> ? T : never;

export type ChangeKind = 'new' | 'changed' | 'removed';

/** One entity others added, changed or removed since the marker. */
export interface Change {
  collection: FeedCollection;
  id: string;
  kind: ChangeKind;
  /** Its name or title as it is now. */
  title: string;
  /** The entity's own fields that changed ('title', 'positions', 'agenda' …), sorted. */
  fields: string[];
  /** Who did it, where the document says (createdBy, updatedBy, castBy …), sorted. */
  by: PersonId[];
  /** When the entity says it was last changed: shown, never used to decide what is new. */
  at: string;
}

/** The collections the feed covers, in the order it lists them: every collection of ROOT. */
export const FEED_COLLECTIONS = Object.values(ROOT).filter(
  (key): key is FeedCollection => key !== ROOT.meta && key !== ROOT.fund,
);

// Keys of stored values that name the person who wrote them.
const PERSON_FIELDS = ['createdBy', 'updatedBy'];
const PERSON_KEYS_IN_VALUES = ['castBy', 'recordedBy', 'writtenBy', 'by'];

interface Touched {
  collection: FeedCollection;
  id: string;
  /** The entity's own map was set after the marker: it is new. */
  created: boolean;
  fields: Set<string>;
  by: Set<string>;
}

/** The marker as a map client → clock (accepts an encoded state vector). */
export function markerClocks(marker: Uint8Array | Map<number, number>): Map<number, number> {
  return marker instanceof Map ? marker : Y.decodeStateVector(marker);
}

/**
 * Entities others added, changed or removed since `marker` (a state vector this device had seen).
 * Items written by `ownClients` (every Yjs client id this device has used) never count.
 */
export function changesSince(
  doc: Y.Doc,
  marker: Uint8Array | Map<number, number>,
  ownClients: Iterable<number>,
): Change[] {
  const seen = markerClocks(marker);
  const own = new Set(ownClients);
  const roots = rootNames(doc);
  const holders = new Map<Shared, Holder | null>();
  const touched = new Map<string, Touched>();
  const touch = (collection: FeedCollection, id: string): Touched => {
    const key = `${collection}\u0000${id}`;
    let entry = touched.get(key);
    if (!entry) {
      entry = { collection, id, created: false, fields: new Set(), by: new Set() };
      touched.set(key, entry);
    }
    return entry;
  };
  for (const [client, structs] of doc.store.clients) {
    const from = seen.get(client) ?? 0;
    if (own.has(client) || Y.getState(doc.store, client) <= from) continue;
    for (let i = Y.findIndexSS(structs, from); i < structs.length; i++) {
      const item = structs[i];
      if (!(item instanceof Y.Item) || !(item.parent instanceof Y.AbstractType)) continue;
      const collection = roots.get(item.parent);
      if (collection) {
        // The entity's own map, set into its collection: the entity is new.
        if (item.parentSub) touch(collection, item.parentSub).created = true;
        continue;
      }
      // Every item of one Y.Text or nested map shares its parent: walk up once per parent.
      let holder = holders.get(item.parent);
      if (holder === undefined) {
        holder = holderOf(item.parent, roots);
        holders.set(item.parent, holder);
      }
      if (!holder) continue;
      holder.entry ??= touch(holder.collection, holder.id);
      const field = holder.field ?? item.parentSub;
      if (field) holder.entry.fields.add(field);
      if (item.content instanceof Y.ContentAny)
        for (const person of peopleIn(item)) holder.entry.by.add(person);
    }
  }
  const out: Change[] = [];
  for (const entry of touched.values()) {
    const change = toChange(doc, entry);
    if (change) out.push(change);
  }
  const order = (c: Change) => FEED_COLLECTIONS.indexOf(c.collection);
  return out.sort(
    (a, b) =>
      order(a) - order(b) ||
      (a.at > b.at ? -1 : a.at < b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

function rootNames(doc: Y.Doc): Map<Shared, FeedCollection> {
  const names = new Map<Shared, FeedCollection>();
  for (const [name, type] of doc.share) {
    if ((FEED_COLLECTIONS as readonly string[]).includes(name))
      names.set(type, name as FeedCollection);
  }
  return names;
}

/** Where a nested type sits: its entity, and the entity field it is under (null: the entity map). */
interface Holder {
  collection: FeedCollection;
  id: string;
  field: string | null;
  entry?: Touched;
}

function holderOf(type: Shared, roots: Map<Shared, FeedCollection>): Holder | null {
  let field: string | null = null;
  for (let t = type; ;) {
    const item = t._item;
    const up = item?.parent;
    if (!item || !(up instanceof Y.AbstractType)) return null;
    const collection = roots.get(up);
    if (collection) return item.parentSub ? { collection, id: item.parentSub, field } : null;
    field = item.parentSub;
    t = up;
  }
}

function peopleIn(item: Y.Item): string[] {
  if (item.deleted || !(item.content instanceof Y.ContentAny)) return [];
  const value: unknown = item.content.getContent()[0];
  if (typeof value === 'string') {
    return item.parentSub && PERSON_FIELDS.includes(item.parentSub) && value ? [value] : [];
  }
  if (!value || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  return PERSON_KEYS_IN_VALUES.map((k) => record[k]).filter(
    (v): v is string => typeof v === 'string' && v !== '',
  );
}

function toChange(doc: Y.Doc, entry: Touched): Change | null {
  const { collection, id } = entry;
  const map = doc.getMap<unknown>(collection).get(id);
  if (collection === ROOT.ledger) return ledgerChange(id, map, entry);
  if (!(map instanceof Y.Map)) return null;
  const removed = typeof map.get('deletedAt') === 'string';
  // Added and removed while this device was away: it never saw it, so there is nothing to tell.
  if (entry.created && removed) return null;
  const kind: ChangeKind = entry.created
    ? 'new'
    : removed && entry.fields.has('deletedAt')
      ? 'removed'
      : 'changed';
  const title = map.get('name') ?? map.get('title');
  const at = map.get('updatedAt') ?? map.get('createdAt');
  return {
    collection,
    id,
    kind,
    title: typeof title === 'string' ? title : '',
    fields: [...entry.fields].sort(),
    by: [...entry.by].sort() as PersonId[],
    at: typeof at === 'string' ? at : '',
  };
}

/** A ledger entry is written once and never changes: it can only be new. */
function ledgerChange(id: string, value: unknown, entry: Touched): Change | null {
  if (!entry.created || !value || typeof value !== 'object') return null;
  const e = value as Record<string, unknown>;
  const text = (k: string) => (typeof e[k] === 'string' ? (e[k] as string) : '');
  return {
    collection: ROOT.ledger,
    id,
    kind: 'new',
    title: text('donor') || text('payee') || text('counterparty') || text('memo'),
    fields: [],
    by: text('recordedBy') ? [text('recordedBy') as PersonId] : [],
    at: text('recordedAt'),
  };
}
