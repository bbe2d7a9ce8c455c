import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCouncil,
  blankCouncil,
  dueForReview,
  getCouncil,
  listCouncils,
  removeCouncil,
  restoreCouncil,
  setMember,
  updateCouncil,
  validateCouncil,
  type CouncilInput,
} from '$lib/domain/councils';
import { DomainError } from '$lib/domain/errors';
import type { CouncilId, OrganizationId } from '$lib/domain/ids';
import { metaMap, SCHEMA_VERSION } from '$lib/domain/schema';
import { ALICE, BOB, newFederationDoc, stateOf } from './helpers';

const ORG = 'org-malmo' as OrganizationId;

function councilInput(overrides: Partial<CouncilInput> = {}): CouncilInput {
  return {
    ...blankCouncil(),
    name: 'Education council',
    mandateOwn: 'Plan workshops.',
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

describe('councils', () => {
  it('adds a council with trimmed name, empty members and entity fields', () => {
    const doc = newFederationDoc();
    const id = addCouncil(
      doc,
      councilInput({ name: '  Education council ', reviewDate: '2025-06-01' }),
      ALICE,
    );
    expect(getCouncil(doc, id)).toMatchObject({
      id,
      name: 'Education council',
      mandateOwn: 'Plan workshops.',
      mandateBring: '',
      reviewDate: '2025-06-01',
      members: [],
      createdBy: ALICE,
      updatedBy: ALICE,
      deletedAt: null,
    });
    expect(getCouncil(doc, 'nope' as CouncilId)).toBeNull();
  });

  it('updates only the given fields and records who', () => {
    const doc = newFederationDoc();
    const id = addCouncil(doc, councilInput({ mandateBring: 'Budgets.' }), ALICE);
    updateCouncil(doc, id, { name: ' Study council ', mandateOwn: 'Plan seminars.' }, BOB);
    expect(getCouncil(doc, id)).toMatchObject({
      name: 'Study council',
      mandateOwn: 'Plan seminars.',
      mandateBring: 'Budgets.',
      createdBy: ALICE,
      updatedBy: BOB,
    });
    expect(codeOf(() => updateCouncil(doc, 'nope' as CouncilId, { name: 'x' }, BOB))).toBe(
      'error.notFound',
    );
  });

  it('removes with a tombstone and restores', () => {
    const doc = newFederationDoc();
    const id = addCouncil(doc, councilInput(), ALICE);
    removeCouncil(doc, id, BOB);
    expect(listCouncils(doc)).toEqual([]);
    expect(listCouncils(doc, { includeRemoved: true }).map((c) => c.id)).toEqual([id]);
    expect(getCouncil(doc, id)?.deletedAt).toEqual(expect.any(String));
    restoreCouncil(doc, id, ALICE);
    expect(listCouncils(doc).map((c) => c.id)).toEqual([id]);
    expect(getCouncil(doc, id)).toMatchObject({ deletedAt: null, name: 'Education council' });
  });

  it('lists by name', () => {
    const doc = newFederationDoc();
    const b = addCouncil(doc, councilInput({ name: 'Finance' }), ALICE);
    const a = addCouncil(doc, councilInput({ name: 'Culture' }), ALICE);
    const c = addCouncil(doc, councilInput({ name: 'Outreach' }), ALICE);
    expect(listCouncils(doc).map((x) => x.id)).toEqual([a, b, c]);
  });

  it('validates name, review date and mandate length, and writes refuse what forms refuse', () => {
    expect(validateCouncil(councilInput())).toEqual({});
    expect(validateCouncil(councilInput({ name: '  ' })).name).toBe('error.required');
    expect(validateCouncil(councilInput({ name: 'x'.repeat(201) })).name).toBe('error.tooLong');
    expect(validateCouncil(councilInput({ reviewDate: '2025-02-30' })).reviewDate).toBe(
      'error.date',
    );
    expect(validateCouncil(councilInput({ mandateOwn: 'x'.repeat(20_001) })).mandateOwn).toBe(
      'error.tooLong',
    );
    expect(validateCouncil(councilInput({ mandateBring: 'x'.repeat(20_001) })).mandateBring).toBe(
      'error.tooLong',
    );
    const doc = newFederationDoc();
    const before = stateOf(doc);
    expect(codeOf(() => addCouncil(doc, councilInput({ name: ' ' }), ALICE))).toBe(
      'error.required',
    );
    expect(stateOf(doc)).toEqual(before);
    const id = addCouncil(doc, councilInput(), ALICE);
    expect(codeOf(() => updateCouncil(doc, id, { reviewDate: 'soon' }, ALICE))).toBe('error.date');
    expect(codeOf(() => updateCouncil(doc, id, { name: '   ' }, ALICE))).toBe('error.required');
    expect(getCouncil(doc, id)?.name).toBe('Education council');
  });

  it('setMember adds, replaces and removes members', () => {
    const doc = newFederationDoc();
    const id = addCouncil(doc, councilInput(), ALICE);
    setMember(doc, id, BOB, { organizationId: ORG }, ALICE);
    setMember(doc, id, ALICE, { organizationId: '' }, ALICE);
    const council = getCouncil(doc, id)!;
    expect(council.members.map((m) => m.personId)).toEqual([ALICE, BOB]);
    expect(council.members[1]).toEqual({
      personId: BOB,
      organizationId: ORG,
      since: expect.any(String),
    });
    setMember(doc, id, BOB, null, ALICE);
    expect(getCouncil(doc, id)?.members.map((m) => m.personId)).toEqual([ALICE]);
    expect(codeOf(() => setMember(doc, 'nope' as CouncilId, BOB, null, ALICE))).toBe(
      'error.notFound',
    );
  });

  it('dueForReview: review date on or before today, not removed', () => {
    const doc = newFederationDoc();
    const past = addCouncil(doc, councilInput({ name: 'A', reviewDate: '2025-01-01' }), ALICE);
    const today = addCouncil(doc, councilInput({ name: 'B', reviewDate: '2025-03-01' }), ALICE);
    addCouncil(doc, councilInput({ name: 'C', reviewDate: '2025-03-02' }), ALICE);
    addCouncil(doc, councilInput({ name: 'D' }), ALICE);
    const gone = addCouncil(doc, councilInput({ name: 'E', reviewDate: '2024-01-01' }), ALICE);
    removeCouncil(doc, gone, ALICE);
    const all = listCouncils(doc, { includeRemoved: true });
    expect(dueForReview(all, '2025-03-01').map((c) => c.id)).toEqual([past, today]);
  });
});

describe('councils on a doc from a newer app', () => {
  it('every write throws readOnlyNewerVersion and nothing changes', () => {
    const doc = newFederationDoc();
    const id = addCouncil(doc, councilInput(), ALICE);
    setMember(doc, id, BOB, { organizationId: ORG }, ALICE);
    metaMap(doc).set('schemaVersion', SCHEMA_VERSION + 1);
    const before = stateOf(doc);
    const writes: (() => void)[] = [
      () => addCouncil(doc, councilInput({ name: 'New' }), ALICE),
      () => updateCouncil(doc, id, { name: 'Renamed', mandateOwn: 'Other' }, ALICE),
      () => setMember(doc, id, ALICE, { organizationId: '' }, ALICE),
      () => setMember(doc, id, BOB, null, ALICE),
      () => removeCouncil(doc, id, ALICE),
      () => restoreCouncil(doc, id, ALICE),
    ];
    for (const write of writes) expect(codeOf(write)).toBe('error.readOnlyNewerVersion');
    expect(stateOf(doc)).toEqual(before);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before.update);
  });
});
