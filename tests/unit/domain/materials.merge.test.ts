import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
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
  setUsedAt,
  updateMaterial,
} from '$lib/domain/materials';
import { ALICE, BOB, fork, newFederationDoc, sync } from './helpers';

function twoDevices() {
  const a = newFederationDoc();
  const input = {
    ...blankMaterial('en'),
    title: 'What is a chapter?',
    body: 'A chapter is a group.',
  };
  const src = addMaterial(a, input, ALICE);
  const b = fork(a);
  return { a, b, src };
}

function expectSame(a: Y.Doc, b: Y.Doc): void {
  expect(listMaterials(a, { includeRemoved: true })).toEqual(
    listMaterials(b, { includeRemoved: true }),
  );
}

const missed = (doc: Y.Doc, tr: MaterialId, src: MaterialId) =>
  missedRevisions(getMaterial(doc, tr)!, getMaterial(doc, src)!);

describe('materials merge', () => {
  it('translation made on A while B edits the source: outdated on both, then marked current', () => {
    const { a, b, src } = twoDevices();
    const tr = addTranslation(
      a,
      src,
      { ...blankMaterial('sv'), title: 'Vad är en avdelning?' },
      ALICE,
    );
    expect(missed(a, tr, src)).toEqual([]);
    updateMaterial(b, src, { body: 'A chapter is a local group.' }, BOB);
    const bRevision = getMaterial(b, src)!.revisions.find((r) => r.by === BOB)!;
    sync(a, b);
    expectSame(a, b);
    for (const doc of [a, b]) {
      expect(missed(doc, tr, src)).toEqual([bRevision]);
      const row = coverage(listMaterials(doc), ['en', 'sv'])[0]!;
      expect(row.byLanguage).toEqual({
        en: { state: 'source', materialId: src },
        sv: { state: 'outdated', materialId: tr },
      });
    }
    markUpToDate(b, tr, BOB);
    sync(a, b);
    expectSame(a, b);
    for (const doc of [a, b]) {
      expect(missed(doc, tr, src)).toEqual([]);
      expect(coverage(listMaterials(doc), ['sv'])[0]!.byLanguage.sv?.state).toBe('current');
    }
  });

  it('body typed on both devices: both insertions kept, and both revisions', () => {
    const { a, b, src } = twoDevices();
    updateMaterial(a, src, { body: 'A chapter is a small group.' }, ALICE);
    updateMaterial(b, src, { body: 'A chapter is a group. It meets monthly.' }, BOB);
    sync(a, b);
    expectSame(a, b);
    const m = getMaterial(a, src)!;
    expect(m.body).toBe('A chapter is a small group. It meets monthly.');
    expect(m.revisions).toHaveLength(3);
  });

  it('events linked on two devices are all kept', () => {
    const { a, b, src } = twoDevices();
    setUsedAt(a, src, 'g-1' as GatheringId, true, ALICE);
    setUsedAt(b, src, 'g-2' as GatheringId, true, BOB);
    sync(a, b);
    expectSame(a, b);
    expect(getMaterial(b, src)?.gatheringIds).toEqual(['g-1', 'g-2']);
  });
});
