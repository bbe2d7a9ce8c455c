import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import {
  addCouncil,
  blankCouncil,
  getCouncil,
  listCouncils,
  setMember,
  updateCouncil,
} from '$lib/domain/councils';
import type { OrganizationId, PersonId } from '$lib/domain/ids';
import { ALICE, BOB, fork, newFederationDoc, sync } from './helpers';

const CAROL = 'person-carol' as PersonId;
const DAN = 'person-dan' as PersonId;

function twoDevices(mandateOwn = '') {
  const a = newFederationDoc();
  const input = { ...blankCouncil(), name: 'Education council', mandateOwn };
  const id = addCouncil(a, input, ALICE);
  const b = fork(a);
  return { a, b, id };
}

function expectSame(a: Y.Doc, b: Y.Doc): void {
  expect(listCouncils(a, { includeRemoved: true })).toEqual(
    listCouncils(b, { includeRemoved: true }),
  );
}

describe('councils merge', () => {
  it('members added on two devices are all kept', () => {
    const { a, b, id } = twoDevices();
    setMember(a, id, CAROL, { organizationId: 'org-a' as OrganizationId }, ALICE);
    setMember(a, id, ALICE, { organizationId: '' }, ALICE);
    setMember(b, id, DAN, { organizationId: 'org-b' as OrganizationId }, BOB);
    setMember(b, id, BOB, { organizationId: '' }, BOB);
    sync(a, b);
    expectSame(a, b);
    expect(getCouncil(a, id)?.members.map((m) => m.personId)).toEqual(
      [ALICE, BOB, CAROL, DAN].sort(),
    );
  });

  it('one removes a member while the other adds another: both acts kept', () => {
    const { a, b, id } = twoDevices();
    setMember(a, id, CAROL, { organizationId: '' }, ALICE);
    sync(a, b);
    setMember(a, id, CAROL, null, ALICE);
    setMember(b, id, DAN, { organizationId: '' }, BOB);
    sync(a, b);
    expectSame(a, b);
    expect(getCouncil(b, id)?.members.map((m) => m.personId)).toEqual([DAN]);
  });

  it('mandate typed on both devices at different places: both insertions kept', () => {
    const { a, b, id } = twoDevices('Plan workshops. Publish reports.');
    updateCouncil(a, id, { mandateOwn: 'Plan and run workshops. Publish reports.' }, ALICE);
    updateCouncil(b, id, { mandateOwn: 'Plan workshops. Publish yearly reports.' }, BOB);
    sync(a, b);
    expectSame(a, b);
    expect(getCouncil(a, id)?.mandateOwn).toBe('Plan and run workshops. Publish yearly reports.');
  });

  it('different fields edited on two devices: both kept', () => {
    const { a, b, id } = twoDevices();
    updateCouncil(a, id, { reviewDate: '2026-01-15' }, ALICE);
    updateCouncil(b, id, { mandateBring: 'Budgets over 500 EUR.', convenerId: BOB }, BOB);
    sync(a, b);
    expectSame(a, b);
    expect(getCouncil(a, id)).toMatchObject({
      reviewDate: '2026-01-15',
      mandateBring: 'Budgets over 500 EUR.',
      convenerId: BOB,
    });
  });
});
