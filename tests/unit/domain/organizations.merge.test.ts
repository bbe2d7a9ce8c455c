import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import {
  addOrganization,
  getOrganization,
  listOrganizations,
  removeOrganization,
  restoreOrganization,
  updateOrganization,
} from '$lib/domain/organizations';
import { ALICE, BOB, fork, newFederationDoc, orgInput, sync } from './helpers';

/** Two devices that start from one federation with one organization. */
function twoDevices(notes = '') {
  const a = newFederationDoc();
  const id = addOrganization(a, orgInput({ name: 'Malmö chapter', city: 'Malmö', notes }), ALICE);
  const b = fork(a);
  return { a, b, id };
}

function expectSame(a: Y.Doc, b: Y.Doc): void {
  expect(listOrganizations(a, { includeRemoved: true })).toEqual(
    listOrganizations(b, { includeRemoved: true }),
  );
  expect(listOrganizations(a)).toEqual(listOrganizations(b));
}

describe('organizations merge', () => {
  it('both add different organizations: both present', () => {
    const { a, b, id } = twoDevices();
    const x = addOrganization(a, orgInput({ name: 'Oslo' }), ALICE);
    const y = addOrganization(b, orgInput({ name: 'Bergen' }), BOB);
    sync(a, b);
    expectSame(a, b);
    expect(listOrganizations(a).map((o) => o.id)).toEqual([y, id, x]);
  });

  it('both add an organization with the same name: both kept, same order', () => {
    const { a, b } = twoDevices();
    const x = addOrganization(a, orgInput({ name: 'Oslo' }), ALICE);
    const y = addOrganization(b, orgInput({ name: 'Oslo' }), BOB);
    sync(a, b);
    expectSame(a, b);
    const oslo = listOrganizations(a).filter((o) => o.name === 'Oslo');
    expect(oslo.map((o) => o.id).sort()).toEqual([x, y].sort());
  });

  it('both edit different fields of the same organization: both edits kept', () => {
    const { a, b, id } = twoDevices();
    updateOrganization(a, id, { city: 'Lund', languages: ['sv'] }, ALICE);
    updateOrganization(b, id, { stage: 'growing', contactEmail: 'hej@malmo.example' }, BOB);
    sync(a, b);
    expectSame(a, b);
    expect(getOrganization(a, id)).toMatchObject({
      name: 'Malmö chapter',
      city: 'Lund',
      languages: ['sv'],
      stage: 'growing',
      contactEmail: 'hej@malmo.example',
    });
  });

  it('both edit the same field: the same winner on both devices', () => {
    const { a, b, id } = twoDevices();
    updateOrganization(a, id, { city: 'Lund' }, ALICE);
    updateOrganization(b, id, { city: 'Ystad' }, BOB);
    sync(a, b);
    expectSame(a, b);
    expect(['Lund', 'Ystad']).toContain(getOrganization(a, id)?.city);
  });

  it('one removes while the other edits: removed on both, the edit back after restore', () => {
    const { a, b, id } = twoDevices();
    removeOrganization(a, id, ALICE);
    updateOrganization(b, id, { city: 'Lund', notes: 'Edited while offline.' }, BOB);
    sync(a, b);
    expectSame(a, b);
    expect(listOrganizations(a).map((o) => o.id)).not.toContain(id);
    expect(getOrganization(b, id)?.deletedAt).toEqual(expect.any(String));
    restoreOrganization(a, id, ALICE);
    sync(a, b);
    expectSame(a, b);
    expect(getOrganization(b, id)).toMatchObject({
      deletedAt: null,
      city: 'Lund',
      notes: 'Edited while offline.',
    });
  });

  it('both type into the notes at different places: both insertions present', () => {
    const { a, b, id } = twoDevices('Met in Lund. Next step: a workshop.');
    updateOrganization(a, id, { notes: 'First met in Lund. Next step: a workshop.' }, ALICE);
    updateOrganization(b, id, { notes: 'Met in Lund. Next step: a workshop in March.' }, BOB);
    sync(a, b);
    expectSame(a, b);
    expect(getOrganization(a, id)?.notes).toBe(
      'First met in Lund. Next step: a workshop in March.',
    );
  });

  it('one device works offline for a long time: nothing is lost either way', () => {
    const { a, b, id } = twoDevices();
    const added = [
      addOrganization(a, orgInput({ name: 'A1' }), ALICE),
      addOrganization(a, orgInput({ name: 'A2' }), ALICE),
    ];
    removeOrganization(a, added[0]!, ALICE);
    added.push(addOrganization(b, orgInput({ name: 'B1' }), BOB));
    updateOrganization(b, id, { notes: 'from b' }, BOB);
    sync(a, b);
    sync(a, b); // a second exchange is a no-op
    expectSame(a, b);
    const ids = listOrganizations(a, { includeRemoved: true }).map((o) => o.id);
    for (const x of [id, ...added]) expect(ids).toContain(x);
    expect(getOrganization(a, id)?.notes).toBe('from b');
  });
});
