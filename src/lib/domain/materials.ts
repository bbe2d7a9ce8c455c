// The library of introductory material: materials, their translations (linked to the source
// revisions they were made from, so a changed source flags them outdated) and where they were used.
import * as Y from 'yjs';
import { byKnowledge } from './acts';
import {
  asRecord,
  assertNoErrors,
  assertWritable,
  getEntity,
  insertEntity,
  listEntities,
  nowIso,
  observeRoot,
  patchEntity,
  readEntity,
  setRemoved,
  stamp,
  str,
  strList,
  type Entity,
} from './entity';
import { DomainError, type FieldErrors } from './errors';
import { newId, type CouncilId, type GatheringId, type MaterialId, type PersonId } from './ids';
import { cleanTags } from './people';
import { collection, LOCAL_EDIT, ROOT, type EntityMap } from './schema';
import { canonicalLanguage, isHttpUrl, isLanguageTag } from './validate';

export const MATERIAL_KINDS = [
  'text',
  'slides',
  'pamphlet',
  'video',
  'reading-list',
  'workshop-plan',
] as const;
export type MaterialKind = (typeof MATERIAL_KINDS)[number];

export const MATERIAL_STATUSES = ['draft', 'review', 'published'] as const;
export type MaterialStatus = (typeof MATERIAL_STATUSES)[number];

/** Fields whose change makes a new revision (and so outdates translations). */
const CONTENT_FIELDS = ['title', 'body', 'url'] as const;

export interface MaterialInput {
  title: string;
  kind: MaterialKind;
  tags: string[];
  language: string;
  url: string;
  /** Markdown; rendered sanitized, never as raw HTML. */
  body: string;
  status: MaterialStatus;
  councilId: CouncilId | '';
}

/** One change of a material's content: who, when, which fields. */
export interface Revision {
  id: string;
  at: string;
  by: PersonId;
  fields: string[];
  /** Order of knowledge (one more than the highest seen), then time, then id. */
  seq: number;
}

export interface Material extends Entity<MaterialId>, MaterialInput {
  /** For a translation: the material it translates; '' for an original. */
  sourceId: MaterialId | '';
  /** For a translation: the source's revisions it was made from (or last checked against). */
  knownRevisions: string[];
  /** Oldest first. */
  revisions: Revision[];
  gatheringIds: GatheringId[];
}

/** An empty form. */
export function blankMaterial(language = ''): MaterialInput {
  return {
    title: '',
    kind: 'text',
    tags: [],
    language,
    url: '',
    body: '',
    status: 'draft',
    councilId: '',
  };
}

/** Field errors of a material form. */
export function validateMaterial(input: MaterialInput): FieldErrors<keyof MaterialInput> {
  const errors: FieldErrors<keyof MaterialInput> = {};
  if (!input.title.trim()) errors.title = 'error.required';
  else if (input.title.length > 200) errors.title = 'error.tooLong';
  if (!MATERIAL_KINDS.includes(input.kind)) errors.kind = 'error.required';
  if (!input.language) errors.language = 'error.required';
  else if (!isLanguageTag(input.language)) errors.language = 'error.language';
  if (input.url && !isHttpUrl(input.url)) errors.url = 'error.url';
  if (input.body.length > 100_000) errors.body = 'error.tooLong';
  if (!MATERIAL_STATUSES.includes(input.status)) errors.status = 'error.required';
  return errors;
}

function clean(input: Partial<MaterialInput>): Partial<MaterialInput> {
  const out = { ...input };
  if (out.title !== undefined) out.title = out.title.trim();
  if (out.tags !== undefined) out.tags = cleanTags(out.tags);
  if (out.language !== undefined) out.language = canonicalLanguage(out.language.trim());
  if (out.url !== undefined) out.url = out.url.trim();
  return out;
}

function materialMap(doc: Y.Doc, id: MaterialId): EntityMap {
  const map = collection(doc, ROOT.materials).get(id);
  if (!(map instanceof Y.Map)) throw new DomainError('error.notFound');
  return map;
}

function addRevision(map: EntityMap, by: PersonId, fields: string[]): void {
  const revisions = map.get('revisions');
  if (!(revisions instanceof Y.Map))
    throw new DomainError('error.notFound', 'material has no revisions');
  let seq = 0;
  for (const r of revisions.values())
    seq = Math.max(seq, Number((r as { seq?: number } | null)?.seq) || 0);
  const id = newId();
  revisions.set(id, { id, at: nowIso(), by, fields, seq: seq + 1 });
}

function insert(
  doc: Y.Doc,
  input: MaterialInput,
  by: PersonId,
  extra: Record<string, unknown>,
): MaterialId {
  const data = { ...blankMaterial(), ...clean(input) } as MaterialInput;
  assertNoErrors(validateMaterial(data), 'material');
  const id = newId<MaterialId>();
  doc.transact(() => {
    insertEntity(doc, ROOT.materials, id, { ...data, ...extra }, by, ['body']);
    const map = materialMap(doc, id);
    // Made with the material, never lazily (a lazy map made on two devices loses one side).
    map.set('revisions', new Y.Map());
    map.set('usedAt', new Y.Map());
    addRevision(map, by, [...CONTENT_FIELDS]);
  }, LOCAL_EDIT);
  return id;
}

/** Adds an original material; returns its id. */
export function addMaterial(doc: Y.Doc, input: MaterialInput, by: PersonId): MaterialId {
  return insert(doc, input, by, { sourceId: '', knownRevisions: [] });
}

/** Adds a translation of `sourceId`, remembering which source revisions it was made from. */
export function addTranslation(
  doc: Y.Doc,
  sourceId: MaterialId,
  input: MaterialInput,
  by: PersonId,
): MaterialId {
  const source = getMaterial(doc, sourceId);
  if (!source || source.sourceId) throw new DomainError('error.notFound', 'no source material');
  return insert(doc, input, by, { sourceId, knownRevisions: source.revisions.map((r) => r.id) });
}

/** Changes the given fields; a change of title, body or link is a new revision. */
export function updateMaterial(
  doc: Y.Doc,
  id: MaterialId,
  patch: Partial<MaterialInput>,
  by: PersonId,
): void {
  const current = getMaterial(doc, id);
  if (!current) throw new DomainError('error.notFound');
  const data = clean(patch);
  assertNoErrors(validateMaterial({ ...current, ...data }), 'material');
  const changed = CONTENT_FIELDS.filter((f) => data[f] !== undefined && data[f] !== current[f]);
  doc.transact(() => {
    patchEntity(doc, ROOT.materials, id, { ...data }, by, ['body']);
    if (changed.length) addRevision(materialMap(doc, id), by, [...changed]);
  }, LOCAL_EDIT);
}

/** Marks a translation as checked against the source as it is now. */
export function markUpToDate(doc: Y.Doc, id: MaterialId, by: PersonId): void {
  const translation = getMaterial(doc, id);
  const source = translation?.sourceId ? getMaterial(doc, translation.sourceId) : null;
  if (!translation || !source) throw new DomainError('error.notFound');
  patchEntity(doc, ROOT.materials, id, { knownRevisions: source.revisions.map((r) => r.id) }, by);
}

/** Links or unlinks an event where the material was used. */
export function setUsedAt(
  doc: Y.Doc,
  id: MaterialId,
  gatheringId: GatheringId,
  used: boolean,
  by: PersonId,
): void {
  assertWritable(doc);
  doc.transact(() => {
    const map = materialMap(doc, id);
    const usedAt = map.get('usedAt');
    if (!(usedAt instanceof Y.Map)) throw new DomainError('error.notFound');
    if (used) usedAt.set(gatheringId, true);
    else usedAt.delete(gatheringId);
    stamp(map, by);
  }, LOCAL_EDIT);
}

/** Removes a material (tombstone). */
export function removeMaterial(doc: Y.Doc, id: MaterialId, by: PersonId): void {
  setRemoved(doc, ROOT.materials, id, true, by);
}

/** Brings a removed material back. */
export function restoreMaterial(doc: Y.Doc, id: MaterialId, by: PersonId): void {
  setRemoved(doc, ROOT.materials, id, false, by);
}

const obj = asRecord;

function toMaterial(id: string, raw: Record<string, unknown>): Material {
  const kind = str(raw.kind) as MaterialKind;
  const status = str(raw.status) as MaterialStatus;
  const revisions = Object.values(obj(raw.revisions))
    .filter((r): r is Record<string, unknown> => !!r && typeof r === 'object')
    .map((r) => ({
      id: str(r.id),
      at: str(r.at),
      by: str(r.by) as PersonId,
      fields: strList(r.fields),
      seq: Number(r.seq) || 0,
    }))
    .sort(byKnowledge);
  return {
    ...readEntity<MaterialId>(raw, id),
    title: str(raw.title),
    kind: MATERIAL_KINDS.includes(kind) ? kind : 'text',
    tags: strList(raw.tags),
    language: str(raw.language),
    url: str(raw.url),
    body: str(raw.body),
    status: MATERIAL_STATUSES.includes(status) ? status : 'draft',
    councilId: str(raw.councilId) as CouncilId | '',
    sourceId: str(raw.sourceId) as MaterialId | '',
    knownRevisions: strList(raw.knownRevisions),
    revisions,
    gatheringIds: Object.keys(obj(raw.usedAt)).sort() as GatheringId[],
  };
}

/** One material (removed ones too), or null. */
export function getMaterial(doc: Y.Doc, id: MaterialId): Material | null {
  return getEntity(doc, ROOT.materials, id, toMaterial);
}

/** Materials by title, then language and id; removed ones on request. */
export function listMaterials(doc: Y.Doc, opts: { includeRemoved?: boolean } = {}): Material[] {
  const key = (m: Material) => `${m.title.toLocaleLowerCase()}\u0000${m.language}\u0000${m.id}`;
  return listEntities(doc, ROOT.materials, toMaterial, opts).sort((a, b) =>
    key(a) < key(b) ? -1 : 1,
  );
}

/** The source revisions a translation has not seen: empty when it is up to date. */
export function missedRevisions(translation: Material, source: Material): Revision[] {
  const known = new Set(translation.knownRevisions);
  return source.revisions.filter((r) => !known.has(r.id));
}

export type Coverage = {
  state: 'source' | 'current' | 'outdated' | 'missing';
  materialId: MaterialId | '';
};

/**
 * For each original material, what exists in each language: the original itself, a current or
 * outdated translation, or nothing yet — so a chapter sees what to translate first.
 */
export function coverage(
  materials: Material[],
  languages: string[],
): { source: Material; byLanguage: Record<string, Coverage> }[] {
  const active = materials.filter((m) => !m.deletedAt);
  const byId = new Map(active.map((m) => [m.id, m]));
  return active
    .filter((m) => !m.sourceId)
    .map((source) => {
      const byLanguage: Record<string, Coverage> = {};
      for (const language of languages) {
        if (source.language === language) {
          byLanguage[language] = { state: 'source', materialId: source.id };
          continue;
        }
        const translation = active.find((m) => m.sourceId === source.id && m.language === language);
        byLanguage[language] = !translation
          ? { state: 'missing', materialId: '' }
          : {
              state: missedRevisions(translation, byId.get(source.id) ?? source).length
                ? 'outdated'
                : 'current',
              materialId: translation.id,
            };
      }
      return { source, byLanguage };
    });
}

/** Materials whose title, tags or body contain every word of `query` (case-insensitive). */
export function searchMaterials(materials: Material[], query: string): Material[] {
  const words = query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return materials;
  return materials.filter((m) => {
    const text = `${m.title} ${m.tags.join(' ')} ${m.body}`.toLocaleLowerCase();
    return words.every((w) => text.includes(w));
  });
}

/** Calls `onChange` after every change to any material; returns the unsubscribe. */
export function observeMaterials(doc: Y.Doc, onChange: () => void): () => void {
  return observeRoot(doc, ROOT.materials, onChange);
}
