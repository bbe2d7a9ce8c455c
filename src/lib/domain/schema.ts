// The federation document's root keys and version: the one place that names them.
import type * as Y from 'yjs';

/** The schema this app writes. A document with a higher `schemaVersion` opens read-only. */
export const SCHEMA_VERSION = 1;

/** Root keys of the federation document; each collection is a `Y.Map<id, Y.Map>`. */
export const ROOT = {
  meta: 'meta',
  organizations: 'organizations',
  people: 'people',
  requests: 'requests',
  gatherings: 'gatherings',
  councils: 'councils',
  tasks: 'tasks',
  materials: 'materials',
  proposals: 'proposals',
  meetings: 'meetings',
  accounts: 'accounts',
  /** `Y.Map<id, plain object>`: ledger entries are immutable, so they are not `Y.Map`s. */
  ledger: 'ledger',
  /** Fund settings (dues period and scale, expense rule) and reviewed duplicate pairs. */
  fund: 'fund',
  applications: 'applications',
  expenseRequests: 'expenseRequests',
  budgets: 'budgets',
} as const;

/** Root keys of entity collections (`Y.Map<id, Y.Map>`). */
export type CollectionKey = Exclude<(typeof ROOT)[keyof typeof ROOT], 'meta' | 'ledger' | 'fund'>;

/** Transaction origin of edits made on this device; remote updates carry the provider instead. */
export const LOCAL_EDIT = 'local-edit';

/** An entity as stored: one `Y.Map` per entity, one key per field. */
export type EntityMap = Y.Map<unknown>;

/** The meta map (name, region, base currency, languages, schemaVersion). */
export function metaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(ROOT.meta);
}

/** The `Y.Map<id, Y.Map>` of one collection. */
export function collection(doc: Y.Doc, key: CollectionKey): Y.Map<EntityMap> {
  return doc.getMap<EntityMap>(key);
}

/** The schema version a document was written with, or null before it has any meta. */
export function documentSchemaVersion(doc: Y.Doc): number | null {
  const v = metaMap(doc).get('schemaVersion');
  return typeof v === 'number' && Number.isInteger(v) ? v : null;
}

/** Whether this app may write to the document: false when a newer app wrote it. */
export function isWritable(doc: Y.Doc): boolean {
  const v = documentSchemaVersion(doc);
  return v === null || v <= SCHEMA_VERSION;
}
