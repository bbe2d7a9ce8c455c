import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DomainError } from '$lib/domain/errors';
import type { PersonId } from '$lib/domain/ids';
import {
  addPerson,
  blankPerson,
  cleanTags,
  getPerson,
  listPeople,
  removePerson,
  restorePerson,
  updatePerson,
  validatePerson,
  type PersonInput,
} from '$lib/domain/people';
import { collection, metaMap, ROOT, SCHEMA_VERSION } from '$lib/domain/schema';
import { ALICE, BOB, newFederationDoc, stateOf } from './helpers';

const person = (o: Partial<PersonInput> = {}): PersonInput => ({
  ...blankPerson(),
  name: 'Kim',
  ...o,
});

const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  return undefined;
};

const invalid: [string, Partial<PersonInput>, string][] = [
  ['empty name', { name: '  ' }, 'error.required'],
  ['name over 200', { name: 'n'.repeat(201) }, 'error.tooLong'],
  ['country not alpha-2', { country: 'Sweden' }, 'error.country'],
  ['bad e-mail', { email: 'kim at example' }, 'error.email'],
  ['bad language', { languages: ['english'] }, 'error.language'],
  [
    'to before from',
    { availability: [{ from: '2026-05-10', to: '2026-05-01' }] },
    'error.dateRange',
  ],
  [
    'impossible date',
    { availability: [{ from: '2026-02-30', to: '2026-03-02' }] },
    'error.dateRange',
  ],
  ['not a date', { availability: [{ from: 'soon', to: '2026-03-02' }] }, 'error.dateRange'],
  ['unknown travel', { travel: 'moon' as PersonInput['travel'] }, 'error.required'],
];

describe('people', () => {
  it('blankPerson only lacks a name', () => {
    expect(validatePerson(blankPerson())).toEqual({ name: 'error.required' });
    expect(validatePerson(person())).toEqual({});
  });

  it('addPerson stores a cleaned snapshot that getPerson reads', () => {
    const doc = newFederationDoc();
    const id = addPerson(
      doc,
      person({
        name: '  Kim Berg ',
        country: ' se ',
        languages: ['SV', 'sv', 'PT-br'],
        topics: [' Economics', 'economics', 'COUNCILS', ' '],
        skills: ['Training', 'training '],
        email: ' kim@example.se ',
        availability: [{ from: '2026-05-01', to: '2026-05-01' }],
        availabilityNotes: 'Weekends only.',
      }),
      ALICE,
    );
    expect(getPerson(doc, id)).toMatchObject({
      id,
      name: 'Kim Berg',
      country: 'SE',
      languages: ['sv', 'pt-BR'],
      topics: ['economics', 'councils'],
      skills: ['training'],
      email: 'kim@example.se',
      availability: [{ from: '2026-05-01', to: '2026-05-01' }],
      availabilityNotes: 'Weekends only.',
      travel: 'region',
      createdBy: ALICE,
      deletedAt: null,
    });
    expect(collection(doc, ROOT.people).get(id)?.get('availabilityNotes')).toBeInstanceOf(Y.Text);
  });

  it('cleanTags lower-cases, trims and drops duplicates and blanks', () => {
    expect(cleanTags(['A', ' a', 'B ', '', 'b', 'Ä'])).toEqual(['a', 'b', 'ä']);
  });

  it.each(invalid)('addPerson refuses %s', (_, bad, expected) => {
    const doc = newFederationDoc();
    const before = stateOf(doc);
    expect(Object.values(validatePerson(person(bad)))).toEqual([expected]);
    expect(code(() => addPerson(doc, person(bad), ALICE))).toBe(expected);
    expect(stateOf(doc)).toEqual(before);
  });

  it.each(invalid)('updatePerson refuses %s and keeps the person', (_, bad, expected) => {
    const doc = newFederationDoc();
    const id = addPerson(doc, person(), ALICE);
    const before = stateOf(doc);
    expect(code(() => updatePerson(doc, id, bad, BOB))).toBe(expected);
    expect(stateOf(doc)).toEqual(before);
  });

  it('addPerson with a given id makes the device profile a person, once', () => {
    const doc = newFederationDoc();
    const me = 'device-profile-1' as PersonId;
    expect(addPerson(doc, person({ name: 'Me' }), me, me)).toBe(me);
    expect(getPerson(doc, me)?.name).toBe('Me');
    const before = stateOf(doc);
    expect(code(() => addPerson(doc, person({ name: 'Other' }), me, me))).toBe('error.exists');
    expect(stateOf(doc)).toEqual(before);
    removePerson(doc, me, me);
    expect(code(() => addPerson(doc, person(), me, me))).toBe('error.exists');
  });

  it('updatePerson changes only the given fields and cleans them', () => {
    const doc = newFederationDoc();
    const id = addPerson(doc, person({ city: 'Lund', topics: ['economics'] }), ALICE);
    updatePerson(doc, id, { topics: ['Councils', 'councils'], travel: 'anywhere' }, BOB);
    expect(getPerson(doc, id)).toMatchObject({
      name: 'Kim',
      city: 'Lund',
      topics: ['councils'],
      travel: 'anywhere',
      createdBy: ALICE,
      updatedBy: BOB,
    });
    expect(code(() => updatePerson(doc, 'nope' as PersonId, { city: 'x' }, BOB))).toBe(
      'error.notFound',
    );
  });

  it('remove hides a person from the list, restore brings them back with all fields', () => {
    const doc = newFederationDoc();
    const id = addPerson(doc, person({ city: 'Lund' }), ALICE);
    removePerson(doc, id, BOB);
    expect(listPeople(doc)).toEqual([]);
    expect(listPeople(doc, { includeRemoved: true }).map((p) => p.id)).toEqual([id]);
    expect(getPerson(doc, id)?.deletedAt).toEqual(expect.any(String));
    restorePerson(doc, id, BOB);
    expect(getPerson(doc, id)).toMatchObject({ city: 'Lund', deletedAt: null });
    expect(listPeople(doc).map((p) => p.id)).toEqual([id]);
  });

  it('listPeople sorts by name, then id', () => {
    const doc = newFederationDoc();
    const b = addPerson(doc, person({ name: 'Bo' }), ALICE, 'p-2' as PersonId);
    const a2 = addPerson(doc, person({ name: 'Ann' }), ALICE, 'p-9' as PersonId);
    const a1 = addPerson(doc, person({ name: 'Ann' }), ALICE, 'p-1' as PersonId);
    expect(listPeople(doc).map((p) => p.id)).toEqual([a1, a2, b]);
    expect(getPerson(doc, 'nobody' as PersonId)).toBeNull();
  });

  it('a document from a newer app is read-only: every write throws and changes nothing', () => {
    const doc = newFederationDoc();
    const id = addPerson(doc, person(), ALICE);
    metaMap(doc).set('schemaVersion', SCHEMA_VERSION + 1);
    const before = stateOf(doc);
    const readOnly = 'error.readOnlyNewerVersion';
    expect(code(() => addPerson(doc, person(), ALICE))).toBe(readOnly);
    expect(code(() => updatePerson(doc, id, { city: 'x' }, ALICE))).toBe(readOnly);
    expect(code(() => removePerson(doc, id, ALICE))).toBe(readOnly);
    expect(code(() => restorePerson(doc, id, ALICE))).toBe(readOnly);
    expect(stateOf(doc)).toEqual(before);
  });
});
