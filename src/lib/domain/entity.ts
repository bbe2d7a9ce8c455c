// Generic entity storage: every collection stores its entities the same way, so this is the one
// place that knows timestamps, tombstones and Y.Text fields.
import * as Y from 'yjs';
import { DomainError } from './errors';
import type { PersonId } from './ids';
import { collection, isWritable, LOCAL_EDIT, type CollectionKey, type EntityMap } from './schema';
import { cachedRead } from './entity-cache';
import { spliceText } from './text';
import { nowIso } from './time';

/** Fields every entity carries. `deletedAt` is a tombstone: set on remove, cleared on restore. */
export interface Entity<Id extends string = string> {
  id: Id;
  createdAt: string;
  createdBy: PersonId;
  updatedAt: string;
  updatedBy: PersonId;
  deletedAt: string | null;
}

export { nowIso } from './time';

/** Throws when this app must not write the document (it was written by a newer app). */
export function assertWritable(doc: Y.Doc): void {
  if (!isWritable(doc)) throw new DomainError('error.readOnlyNewerVersion');
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return Array.isArray(a) && Array.isArray(b) && JSON.stringify(a) === JSON.stringify(b);
}

/** Inserts a new entity; fields named in `textFields` are stored as `Y.Text`. */
export function insertEntity(
  doc: Y.Doc,
  key: CollectionKey,
  id: string,
  fields: Record<string, unknown>,
  by: PersonId,
  textFields: readonly string[] = [],
): void {
  assertWritable(doc);
  doc.transact(() => {
    const at = nowIso();
    const map: EntityMap = new Y.Map();
    for (const [field, value] of Object.entries(fields)) {
      const text = textFields.includes(field);
      // Empty values are what readers give for a missing key; text fields always exist, so two
      // devices typing into a new entity type into the same Y.Text.
      if (value === undefined || (!text && isEmptyValue(value))) continue;
      map.set(field, text ? new Y.Text(String(value ?? '')) : value);
    }
    map.set('id', id);
    map.set('createdAt', at);
    map.set('createdBy', by);
    // Not updatedBy (createdBy stands for it) nor an empty deletedAt: every key written is an
    // item for every device to load, and a later edit leaves it behind as a tombstone.
    map.set('updatedAt', at);
    collection(doc, key).set(id, map);
  }, LOCAL_EDIT);
}

function entityMap(doc: Y.Doc, key: CollectionKey, id: string): EntityMap {
  const map = collection(doc, key).get(id);
  if (!(map instanceof Y.Map)) throw new DomainError('error.notFound');
  return map;
}

/**
 * Writes only the fields that changed, one key each, so a concurrent edit of another field
 * survives; text fields are spliced so concurrent typing merges.
 */
export function patchEntity(
  doc: Y.Doc,
  key: CollectionKey,
  id: string,
  patch: Record<string, unknown>,
  by: PersonId,
  textFields: readonly string[] = [],
): void {
  assertWritable(doc);
  doc.transact(() => {
    const map = entityMap(doc, key, id);
    let changed = false;
    for (const [field, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      const current = map.get(field);
      if (textFields.includes(field)) {
        const next = String(value ?? '');
        if (current instanceof Y.Text) {
          if (current.toString() === next) continue;
          spliceText(current, next);
        } else {
          map.set(field, new Y.Text(next));
        }
        changed = true;
      } else if (!sameValue(current, value)) {
        map.set(field, value);
        changed = true;
      }
    }
    if (changed) stamp(map, by);
  }, LOCAL_EDIT);
}

/**
 * Records who changed an entity and when. A value already there (the same write, the same
 * millisecond) is not written again: each write of a key leaves a tombstone every device loads.
 */
export function stamp(map: Y.Map<unknown>, by: PersonId, at: string = nowIso()): void {
  if (map.get('updatedAt') !== at) map.set('updatedAt', at);
  if (map.get('updatedBy') !== by) map.set('updatedBy', by);
}

/** Sets or clears the tombstone; a removed entity keeps all its fields and can be restored. */
export function setRemoved(
  doc: Y.Doc,
  key: CollectionKey,
  id: string,
  removed: boolean,
  by: PersonId,
): void {
  assertWritable(doc);
  doc.transact(() => {
    const map = entityMap(doc, key, id);
    const at = nowIso();
    map.set('deletedAt', removed ? at : null);
    stamp(map, by, at);
  }, LOCAL_EDIT);
}

/** A plain snapshot of one stored entity (Y.Text becomes a string); null if it is not a map. */
export function readFields(map: unknown): Record<string, unknown> | null {
  // A peer running other code may have stored anything: one bad entry must not break a list.
  return map instanceof Y.Map ? (map.toJSON() as Record<string, unknown>) : null;
}

/** Reads the common entity fields, tolerating documents written by other versions. */
export function readEntity<Id extends string>(
  raw: Record<string, unknown>,
  id: string,
): Entity<Id> {
  return {
    id: id as Id,
    createdAt: str(raw.createdAt),
    createdBy: str(raw.createdBy) as PersonId,
    updatedAt: str(raw.updatedAt),
    updatedBy: str(raw.updatedBy ?? raw.createdBy) as PersonId,
    deletedAt: typeof raw.deletedAt === 'string' ? raw.deletedAt : null,
  };
}

/** Whether a stored value reads the same as a missing key: every reader gives '' or null for it. */
export function isEmptyValue(v: unknown): boolean {
  return v === undefined || v === null || v === '';
}

/** A string field, or '' when the stored value is missing or of another type. */
export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** A stored object field as a record, or {} when it is missing or not an object. */
export function asRecord(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
}

/** A finite number, or null. */
export function numOrNull(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** A list of strings, dropping anything else. */
export function strList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Calls `onChange` after every transaction that touches the root key; returns the unsubscribe. */
export function observeRoot(doc: Y.Doc, key: string, onChange: () => void): () => void {
  const type = doc.getMap(key);
  const handler = () => onChange();
  type.observeDeep(handler);
  return () => type.unobserveDeep(handler);
}

/** One entity read with `read`, or null when the id is unknown or not an entity. */
export function getEntity<T>(
  doc: Y.Doc,
  key: CollectionKey,
  id: string,
  read: (id: string, raw: Record<string, unknown>) => T,
): T | null {
  const map = collection(doc, key);
  return cachedRead(doc, map, id, read, () => readFields(map.get(id)));
}

/** Like `readFields`, without the entity's nested maps (positions, attendance …): for lists. */
export function readTopFields(map: unknown): Record<string, unknown> | null {
  if (!(map instanceof Y.Map)) return null;
  const out: Record<string, unknown> = {};
  for (const [key, value] of (map as Y.Map<unknown>).entries()) {
    if (value instanceof Y.Map) continue;
    out[key] = value instanceof Y.AbstractType ? value.toJSON() : value;
  }
  return out;
}

/**
 * Every entity of a collection read with `read`; removed ones only when asked. `fields` makes the
 * plain snapshot `read` gets (`readTopFields` when `read` never looks into nested maps).
 */
export function listEntities<T extends Entity>(
  doc: Y.Doc,
  key: CollectionKey,
  read: (id: string, raw: Record<string, unknown>) => T,
  opts: { includeRemoved?: boolean } = {},
  fields: (map: unknown) => Record<string, unknown> | null = readFields,
): T[] {
  const out: T[] = [];
  const type = collection(doc, key);
  for (const [id, map] of type) {
    const entity = cachedRead(doc, type, id, read, () => fields(map));
    if (!entity) continue;
    if (entity.deletedAt && !opts.includeRemoved) continue;
    out.push(entity);
  }
  return out;
}

/** Sorts by name, then id: the same order on every device. */
export function byName<T extends { name: string; id: string }>(a: T, b: T): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Sorts newest first (by createdAt), then by id: the same order on every device. */
export function byNewest<T extends { createdAt: string; id: string }>(a: T, b: T): number {
  return a.createdAt > b.createdAt ? -1 : a.createdAt < b.createdAt ? 1 : a.id < b.id ? -1 : 1;
}

/** Whether an entity of `key` exists in the document and is not removed. */
export function isActive(doc: Y.Doc, key: CollectionKey, id: string): boolean {
  const map = collection(doc, key).get(id);
  return map instanceof Y.Map && !map.get('deletedAt');
}

/** The first field error as a DomainError, so a write refuses what its form would refuse. */
export function assertNoErrors(errors: Record<string, string | undefined>, what: string): void {
  const [field, code] = Object.entries(errors).find(([, c]) => c) ?? [];
  if (code) throw new DomainError(code, `invalid ${what} ${field}: ${code}`);
}
