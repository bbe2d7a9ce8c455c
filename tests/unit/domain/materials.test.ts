import { describe, expect, it } from 'vitest';
import { DomainError } from '$lib/domain/errors';
import type { GatheringId, MaterialId } from '$lib/domain/ids';
import {
  addMaterial,
  addTranslation,
  blankMaterial,
  coverage,
  getMaterial,
  listMaterials,
  markUpToDate,
  missedRevisions,
  removeMaterial,
  restoreMaterial,
  searchMaterials,
  setUsedAt,
  updateMaterial,
  validateMaterial,
  type MaterialInput,
} from '$lib/domain/materials';
import { metaMap, SCHEMA_VERSION } from '$lib/domain/schema';
import { ALICE, BOB, newFederationDoc, stateOf } from './helpers';

const EVENT = 'gathering-1' as GatheringId;

function materialInput(overrides: Partial<MaterialInput> = {}): MaterialInput {
  return {
    ...blankMaterial('en'),
    title: 'What is a chapter?',
    body: 'A chapter is…',
    ...overrides,
  };
}

function codeOf(fn: () => void): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof DomainError ? e.code : `not a DomainError: ${String(e)}`;
  }
  return undefined;
}

const revisionsOf = (doc: Parameters<typeof getMaterial>[0], id: MaterialId) =>
  getMaterial(doc, id)!.revisions;

describe('materials', () => {
  it('adds an original with one revision and cleaned fields', () => {
    const doc = newFederationDoc();
    const input = materialInput({
      title: ' Intro ',
      tags: [' Basics', 'basics', 'Dues '],
      language: 'PT-br',
    });
    const id = addMaterial(doc, input, ALICE);
    const m = getMaterial(doc, id)!;
    expect(m).toMatchObject({
      title: 'Intro',
      tags: ['basics', 'dues'],
      language: 'pt-BR',
      sourceId: '',
      knownRevisions: [],
      gatheringIds: [],
      status: 'draft',
      createdBy: ALICE,
    });
    expect(m.revisions).toHaveLength(1);
    expect(m.revisions[0]).toMatchObject({ by: ALICE, fields: ['title', 'body', 'url'] });
  });

  it('a title, body or link change adds a revision; a tag or status change does not', () => {
    const doc = newFederationDoc();
    const id = addMaterial(doc, materialInput(), ALICE);
    updateMaterial(doc, id, { tags: ['intro'], status: 'published', kind: 'pamphlet' }, BOB);
    expect(revisionsOf(doc, id)).toHaveLength(1);
    expect(getMaterial(doc, id)).toMatchObject({
      tags: ['intro'],
      status: 'published',
      kind: 'pamphlet',
    });
    updateMaterial(doc, id, { title: ' What is a chapter? ', body: 'A chapter is…' }, BOB);
    expect(revisionsOf(doc, id)).toHaveLength(1);
    updateMaterial(doc, id, { body: 'A chapter is a group.' }, BOB);
    updateMaterial(doc, id, { title: 'Chapters', url: 'https://example.org/c' }, ALICE);
    const revs = revisionsOf(doc, id);
    expect(revs).toHaveLength(3);
    expect(revs.map((r) => r.fields.join(','))).toEqual(
      expect.arrayContaining(['body', 'title,url']),
    );
    expect(getMaterial(doc, id)).toMatchObject({
      body: 'A chapter is a group.',
      title: 'Chapters',
    });
  });

  it('validates title, kind, language, url, body and status', () => {
    expect(validateMaterial(materialInput())).toEqual({});
    expect(validateMaterial(materialInput({ title: ' ' })).title).toBe('error.required');
    expect(validateMaterial(materialInput({ language: '' })).language).toBe('error.required');
    expect(validateMaterial(materialInput({ language: 'english!' })).language).toBe(
      'error.language',
    );
    for (const url of ['not a url', 'javascript:alert(1)', 'ftp://example.org/x'])
      expect(validateMaterial(materialInput({ url })).url).toBe('error.url');
    expect(validateMaterial(materialInput({ body: 'x'.repeat(100_001) })).body).toBe(
      'error.tooLong',
    );
    expect(validateMaterial(materialInput({ kind: 'poem' as never })).kind).toBe('error.required');
    expect(validateMaterial(materialInput({ status: 'gone' as never })).status).toBe(
      'error.required',
    );
    const doc = newFederationDoc();
    const before = stateOf(doc);
    expect(codeOf(() => addMaterial(doc, materialInput({ language: '  ' }), ALICE))).toBe(
      'error.required',
    );
    expect(
      codeOf(() => addMaterial(doc, materialInput({ url: 'javascript:alert(1)' }), ALICE)),
    ).toBe('error.url');
    expect(stateOf(doc)).toEqual(before);
    const id = addMaterial(doc, materialInput(), ALICE);
    expect(codeOf(() => updateMaterial(doc, id, { url: 'www.example.org' }, ALICE))).toBe(
      'error.url',
    );
    expect(codeOf(() => updateMaterial(doc, 'nope' as MaterialId, { title: 'x' }, ALICE))).toBe(
      'error.notFound',
    );
    expect(revisionsOf(doc, id)).toHaveLength(1);
  });

  it('a translation records the source revisions; a source edit outdates it until marked', () => {
    const doc = newFederationDoc();
    const src = addMaterial(doc, materialInput(), ALICE);
    updateMaterial(doc, src, { body: 'A chapter is a group.' }, ALICE);
    const tr = addTranslation(
      doc,
      src,
      materialInput({ language: 'sv', title: 'Vad är en avdelning?' }),
      BOB,
    );
    expect(getMaterial(doc, tr)).toMatchObject({ sourceId: src, language: 'sv' });
    expect(getMaterial(doc, tr)!.knownRevisions.sort()).toEqual(
      revisionsOf(doc, src)
        .map((r) => r.id)
        .sort(),
    );
    expect(missedRevisions(getMaterial(doc, tr)!, getMaterial(doc, src)!)).toEqual([]);
    updateMaterial(doc, src, { tags: ['intro'] }, ALICE);
    expect(missedRevisions(getMaterial(doc, tr)!, getMaterial(doc, src)!)).toEqual([]);
    updateMaterial(doc, src, { body: 'A chapter is a local group.' }, ALICE);
    const missed = missedRevisions(getMaterial(doc, tr)!, getMaterial(doc, src)!);
    expect(missed).toHaveLength(1);
    expect(missed[0]).toMatchObject({ by: ALICE, fields: ['body'] });
    markUpToDate(doc, tr, BOB);
    expect(missedRevisions(getMaterial(doc, tr)!, getMaterial(doc, src)!)).toEqual([]);
    expect(codeOf(() => addTranslation(doc, tr, materialInput({ language: 'da' }), BOB))).toBe(
      'error.notFound',
    );
    expect(codeOf(() => addTranslation(doc, 'nope' as MaterialId, materialInput(), BOB))).toBe(
      'error.notFound',
    );
    expect(codeOf(() => markUpToDate(doc, src, BOB))).toBe('error.notFound');
  });

  it('coverage per language: source, current, outdated, missing', () => {
    const doc = newFederationDoc();
    const src = addMaterial(doc, materialInput(), ALICE);
    const sv = addTranslation(doc, src, materialInput({ language: 'sv' }), BOB);
    const da = addTranslation(doc, src, materialInput({ language: 'da' }), BOB);
    const other = addMaterial(doc, materialInput({ title: 'Dues', language: 'sv' }), ALICE);
    updateMaterial(doc, da, { body: 'Changed translation' }, BOB); // a translation's own edit
    updateMaterial(doc, src, { title: 'Chapters' }, ALICE);
    markUpToDate(doc, sv, BOB);
    const nb = addTranslation(doc, src, materialInput({ language: 'nb' }), BOB);
    removeMaterial(doc, nb, ALICE);
    const rows = coverage(listMaterials(doc, { includeRemoved: true }), [
      'en',
      'sv',
      'da',
      'nb',
      'fi',
    ]);
    expect(rows.map((r) => r.source.id).sort()).toEqual([src, other].sort());
    expect(rows.find((r) => r.source.id === src)!.byLanguage).toEqual({
      en: { state: 'source', materialId: src },
      sv: { state: 'current', materialId: sv },
      da: { state: 'outdated', materialId: da },
      nb: { state: 'missing', materialId: '' },
      fi: { state: 'missing', materialId: '' },
    });
    expect(rows.find((r) => r.source.id === other)!.byLanguage.sv).toEqual({
      state: 'source',
      materialId: other,
    });
  });

  it('search matches every word over title, tags and body, case-insensitively', () => {
    const doc = newFederationDoc();
    const a = addMaterial(
      doc,
      materialInput({ title: 'Dues guide', tags: ['money'], body: 'How to pay.' }),
      ALICE,
    );
    const b = addMaterial(
      doc,
      materialInput({ title: 'Workshop plan', tags: ['training'], body: 'Money games.' }),
      ALICE,
    );
    const all = listMaterials(doc);
    const ids = (q: string) =>
      searchMaterials(all, q)
        .map((m) => m.id)
        .sort();
    expect(ids('MONEY')).toEqual([a, b].sort());
    expect(ids('money pay')).toEqual([a]);
    expect(ids('training games')).toEqual([b]);
    expect(ids('workshop dues')).toEqual([]);
    expect(ids('  ')).toEqual([a, b].sort());
  });

  it('setUsedAt links and unlinks events; remove and restore', () => {
    const doc = newFederationDoc();
    const id = addMaterial(doc, materialInput(), ALICE);
    setUsedAt(doc, id, EVENT, true, BOB);
    setUsedAt(doc, id, 'gathering-0' as GatheringId, true, BOB);
    expect(getMaterial(doc, id)?.gatheringIds).toEqual(['gathering-0', EVENT]);
    setUsedAt(doc, id, EVENT, false, BOB);
    expect(getMaterial(doc, id)).toMatchObject({ gatheringIds: ['gathering-0'], updatedBy: BOB });
    expect(revisionsOf(doc, id)).toHaveLength(1);
    removeMaterial(doc, id, ALICE);
    expect(listMaterials(doc)).toEqual([]);
    restoreMaterial(doc, id, ALICE);
    expect(listMaterials(doc).map((m) => m.id)).toEqual([id]);
    expect(codeOf(() => setUsedAt(doc, 'nope' as MaterialId, EVENT, true, BOB))).toBe(
      'error.notFound',
    );
  });
});

describe('materials on a doc from a newer app', () => {
  it('every write throws readOnlyNewerVersion and nothing changes', () => {
    const doc = newFederationDoc();
    const src = addMaterial(doc, materialInput(), ALICE);
    const tr = addTranslation(doc, src, materialInput({ language: 'sv' }), BOB);
    updateMaterial(doc, src, { body: 'New body' }, ALICE);
    metaMap(doc).set('schemaVersion', SCHEMA_VERSION + 1);
    const before = stateOf(doc);
    const writes: (() => void)[] = [
      () => addMaterial(doc, materialInput({ title: 'New' }), ALICE),
      () => addTranslation(doc, src, materialInput({ language: 'da' }), ALICE),
      () => updateMaterial(doc, src, { body: 'Other body' }, ALICE),
      () => updateMaterial(doc, src, { tags: ['x'] }, ALICE),
      () => markUpToDate(doc, tr, ALICE),
      () => setUsedAt(doc, src, EVENT, true, ALICE),
      () => removeMaterial(doc, src, ALICE),
      () => restoreMaterial(doc, src, ALICE),
    ];
    for (const write of writes) expect(codeOf(write)).toBe('error.readOnlyNewerVersion');
    expect(stateOf(doc)).toEqual(before);
  });
});
