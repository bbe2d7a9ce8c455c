// The federation itself: its meta map (name, region, base currency, languages, schema version).
import type * as Y from 'yjs';
import { assertWritable, nowIso, observeRoot, stamp, str, strList } from './entity';
import { DomainError } from './errors';
import type { PersonId } from './ids';
import { LOCAL_EDIT, metaMap, ROOT, SCHEMA_VERSION, documentSchemaVersion } from './schema';
import { canonicalLanguage } from './validate';
import { validateFederation, type FederationInput, type FederationMeta } from './federation-input';

export { validateFederation, type FederationInput, type FederationMeta } from './federation-input';

function clean(input: FederationInput): FederationInput {
  return {
    name: input.name.trim(),
    region: input.region.trim(),
    baseCurrency: input.baseCurrency.toUpperCase(),
    languages: [...new Set(input.languages.map(canonicalLanguage))],
  };
}

function assertValid(input: FederationInput): void {
  const [field, code] = Object.entries(validateFederation(input))[0] ?? [];
  if (code) throw new DomainError(code, `invalid federation ${field}: ${code}`);
}

/** Writes the meta of a new federation into an empty document. */
export function initFederation(doc: Y.Doc, input: FederationInput, by: PersonId): void {
  assertWritable(doc);
  const data = clean(input);
  assertValid(data);
  doc.transact(() => {
    const meta = metaMap(doc);
    meta.set('name', data.name);
    meta.set('region', data.region);
    meta.set('baseCurrency', data.baseCurrency);
    meta.set('languages', data.languages);
    meta.set('schemaVersion', SCHEMA_VERSION);
    meta.set('createdAt', nowIso());
    meta.set('createdBy', by);
  }, LOCAL_EDIT);
}

/** Changes name, region, currency or languages; each field merges on its own. */
export function updateFederation(doc: Y.Doc, patch: Partial<FederationInput>, by: PersonId): void {
  assertWritable(doc);
  const meta = metaMap(doc);
  const current = readMeta(doc);
  if (!current) throw new DomainError('error.notFound', 'federation has no meta yet');
  const next = clean({ ...current, ...patch });
  assertValid(next);
  // Entries hold amounts converted to the base currency: changing it would mix two currencies.
  if (next.baseCurrency !== current.baseCurrency && doc.getMap(ROOT.ledger).size > 0)
    throw new DomainError('error.currencyInUse');
  doc.transact(() => {
    let changed = false;
    for (const key of ['name', 'region', 'baseCurrency', 'languages'] as const) {
      if (JSON.stringify(current[key]) === JSON.stringify(next[key])) continue;
      meta.set(key, next[key]);
      changed = true;
    }
    if (changed) {
      stamp(meta, by);
    }
  }, LOCAL_EDIT);
}

/** The federation's meta, or null while the document is still empty (joined, not yet synced). */
export function readMeta(doc: Y.Doc): FederationMeta | null {
  const meta = metaMap(doc);
  const schemaVersion = documentSchemaVersion(doc);
  if (schemaVersion === null || !meta.has('name')) return null;
  return {
    name: str(meta.get('name')),
    region: str(meta.get('region')),
    baseCurrency: str(meta.get('baseCurrency')),
    languages: strList(meta.get('languages')),
    schemaVersion,
    createdAt: str(meta.get('createdAt')),
    createdBy: str(meta.get('createdBy')) as PersonId,
  };
}

/** Calls `onChange` whenever the meta changes; returns the unsubscribe. */
export function observeMeta(doc: Y.Doc, onChange: () => void): () => void {
  return observeRoot(doc, ROOT.meta, onChange);
}
