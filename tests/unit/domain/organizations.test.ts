import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DomainError } from '$lib/domain/errors';
import type { OrganizationId } from '$lib/domain/ids';
import {
  addOrganization,
  blankOrganization,
  getOrganization,
  listOrganizations,
  observeOrganizations,
  removeOrganization,
  restoreOrganization,
  updateOrganization,
  validateOrganization,
  type OrganizationInput,
} from '$lib/domain/organizations';
import { collection, metaMap, ROOT, SCHEMA_VERSION } from '$lib/domain/schema';
import { withClock } from '$lib/domain/time';
import { ALICE, BOB, countUpdates, newFederationDoc, orgInput, stateOf } from './helpers';

const invalid: [string, Partial<OrganizationInput>][] = [
  ['empty name', { name: '  ' }],
  ['name over 200', { name: 'n'.repeat(201) }],
  ['country not alpha-2', { country: 'Sweden' }],
  ['unknown stage', { stage: 'huge' as OrganizationInput['stage'] }],
  ['bad e-mail', { contactEmail: 'not-an-address' }],
  ['non-http website', { website: 'ftp://example.se' }],
  ['bad language', { languages: ['english'] }],
  ['impossible date', { memberSince: '2026-02-30' }],
  ['notes over 20,000', { notes: 'x'.repeat(20_001) }],
];

describe('organizations', () => {
  it('blankOrganization only lacks a name', () => {
    expect(validateOrganization(blankOrganization())).toEqual({ name: 'error.required' });
    expect(validateOrganization(orgInput())).toEqual({});
  });

  it('addOrganization stores a cleaned snapshot that getOrganization reads', () => {
    const doc = newFederationDoc();
    const id = addOrganization(
      doc,
      orgInput({
        name: '  Oslo  ',
        country: ' no ',
        city: ' Oslo ',
        languages: ['NB', 'nb', 'PT-br'],
        notes: 'First contact in May.',
        memberSince: '2025-05-01',
        website: 'https://oslo.example',
      }),
      ALICE,
    );
    const org = getOrganization(doc, id);
    expect(org).toMatchObject({
      id,
      name: 'Oslo',
      country: 'NO',
      city: 'Oslo',
      stage: 'forming',
      languages: ['nb', 'pt-BR'],
      notes: 'First contact in May.',
      memberSince: '2025-05-01',
      createdBy: ALICE,
      updatedBy: ALICE,
      deletedAt: null,
    });
    expect(org?.createdAt).toBe(org?.updatedAt);
    expect(collection(doc, ROOT.organizations).get(id)?.get('notes')).toBeInstanceOf(Y.Text);
  });

  it('updateOrganization changes the given fields and records who', () => {
    const doc = newFederationDoc();
    const id = addOrganization(doc, orgInput(), ALICE);
    updateOrganization(doc, id, { city: 'Malmö', stage: 'growing', notes: 'Met twice.' }, BOB);
    expect(getOrganization(doc, id)).toMatchObject({
      name: 'Malmö chapter',
      city: 'Malmö',
      stage: 'growing',
      notes: 'Met twice.',
      createdBy: ALICE,
      updatedBy: BOB,
    });
  });

  it('an update with identical values produces no Yjs update', () => {
    const doc = newFederationDoc();
    const id = addOrganization(doc, orgInput({ languages: ['sv', 'en'], notes: 'n' }), ALICE);
    const n = countUpdates(doc, () =>
      updateOrganization(
        doc,
        id,
        {
          name: ' Malmö chapter ',
          country: 'se',
          languages: ['SV', 'en'],
          notes: 'n',
          stage: 'forming',
        },
        BOB,
      ),
    );
    expect(n).toBe(0);
    expect(getOrganization(doc, id)?.updatedBy).toBe(ALICE);
  });

  it('a patch writes only the changed field plus updatedAt/updatedBy', () => {
    const doc = newFederationDoc();
    const id = withClock(
      () => '2026-01-01T10:00:00.000Z',
      () => addOrganization(doc, orgInput(), ALICE),
    );
    const keys: string[] = [];
    const map = collection(doc, ROOT.organizations).get(id);
    map?.observe((e) => keys.push(...e.keysChanged));
    const patch = () => updateOrganization(doc, id, { name: 'Malmö chapter', city: 'Lund' }, BOB);
    const n = countUpdates(doc, () => withClock(() => '2026-01-01T10:05:00.000Z', patch));
    expect(n).toBe(1);
    expect(keys.sort()).toEqual(['city', 'updatedAt', 'updatedBy']);

    // A stamp that is already there (the same person, the same millisecond) is not written again.
    keys.length = 0;
    const again = () => updateOrganization(doc, id, { city: 'Malmö' }, BOB);
    withClock(() => '2026-01-01T10:05:00.000Z', again);
    expect(keys).toEqual(['city']);
    expect(getOrganization(doc, id)).toMatchObject({
      city: 'Malmö',
      createdBy: ALICE,
      updatedBy: BOB,
      updatedAt: '2026-01-01T10:05:00.000Z',
    });
  });

  it('a new entity stores no empty fields, and reads them as empty', () => {
    const doc = newFederationDoc();
    const id = addOrganization(doc, orgInput({ website: '', contactName: '' }), ALICE);
    const keys = [...(collection(doc, ROOT.organizations).get(id)?.keys() ?? [])];
    expect(keys).not.toContain('website');
    expect(keys).not.toContain('deletedAt');
    expect(keys).not.toContain('updatedBy');
    expect(getOrganization(doc, id)).toMatchObject({
      website: '',
      contactName: '',
      deletedAt: null,
      updatedBy: ALICE,
    });
  });

  it('updating an unknown id throws notFound', () => {
    const doc = newFederationDoc();
    expect(() => updateOrganization(doc, 'nope' as OrganizationId, { city: 'x' }, ALICE)).toThrow(
      expect.objectContaining({ code: 'error.notFound' }),
    );
    expect(() => removeOrganization(doc, 'nope' as OrganizationId, ALICE)).toThrow(DomainError);
    expect(getOrganization(doc, 'nope' as OrganizationId)).toBeNull();
  });

  it.each(invalid)('addOrganization refuses %s and writes nothing', (_label, bad) => {
    const doc = newFederationDoc();
    const before = stateOf(doc);
    expect(() => addOrganization(doc, orgInput(bad), ALICE)).toThrow();
    expect(stateOf(doc)).toEqual(before);
    expect(listOrganizations(doc, { includeRemoved: true })).toEqual([]);
  });

  it.each(invalid)('updateOrganization refuses %s and writes nothing', (_label, bad) => {
    const doc = newFederationDoc();
    const id = addOrganization(doc, orgInput(), ALICE);
    const before = stateOf(doc);
    expect(() => updateOrganization(doc, id, bad, BOB)).toThrow();
    expect(stateOf(doc)).toEqual(before);
  });

  it('remove hides, includeRemoved shows, restore brings back with all fields', () => {
    const doc = newFederationDoc();
    const id = addOrganization(doc, orgInput({ notes: 'keep me' }), ALICE);
    const other = addOrganization(doc, orgInput({ name: 'Other' }), ALICE);
    removeOrganization(doc, id, BOB);
    expect(listOrganizations(doc).map((o) => o.id)).toEqual([other]);
    const removed = listOrganizations(doc, { includeRemoved: true }).find((o) => o.id === id);
    expect(removed?.deletedAt).toEqual(expect.any(String));
    expect(getOrganization(doc, id)?.deletedAt).toEqual(expect.any(String));
    restoreOrganization(doc, id, ALICE);
    expect(getOrganization(doc, id)).toMatchObject({ deletedAt: null, notes: 'keep me' });
    expect(listOrganizations(doc)).toHaveLength(2);
  });

  it('writes on a newer-version doc throw readOnlyNewerVersion and change nothing', () => {
    const doc = newFederationDoc();
    const id = addOrganization(doc, orgInput(), ALICE);
    metaMap(doc).set('schemaVersion', SCHEMA_VERSION + 1);
    const before = stateOf(doc);
    const readOnly = expect.objectContaining({ code: 'error.readOnlyNewerVersion' });
    expect(() => addOrganization(doc, orgInput(), ALICE)).toThrow(readOnly);
    expect(() => updateOrganization(doc, id, { city: 'x' }, ALICE)).toThrow(readOnly);
    expect(() => removeOrganization(doc, id, ALICE)).toThrow(readOnly);
    expect(() => restoreOrganization(doc, id, ALICE)).toThrow(readOnly);
    expect(stateOf(doc)).toEqual(before);
  });

  it('lists by name then id, whatever the insertion order', () => {
    const doc = newFederationDoc();
    for (const name of ['Umeå', 'Bergen', 'Aarhus', 'Bergen', 'Åbo', 'aarhus']) {
      addOrganization(doc, orgInput({ name }), ALICE);
    }
    const list = listOrganizations(doc);
    expect(list.map((o) => o.name)).toEqual([
      'Aarhus',
      'Bergen',
      'Bergen',
      'Umeå',
      'aarhus',
      'Åbo',
    ]);
    const bergen = list.filter((o) => o.name === 'Bergen').map((o) => o.id);
    expect(bergen).toEqual([...bergen].sort());
    // A doc that received the same entities in reverse order lists them the same way.
    const copy = new Y.Doc();
    const source = collection(doc, ROOT.organizations);
    for (const [id, map] of [...source.entries()].reverse()) {
      const m = new Y.Map<unknown>();
      for (const [k, v] of Object.entries(map.toJSON())) m.set(k, v);
      collection(copy, ROOT.organizations).set(id, m);
    }
    expect(listOrganizations(copy)).toEqual(list);
  });

  it('reads garbage stored values as sane defaults', () => {
    const doc = newFederationDoc();
    const garbage = new Y.Map<unknown>();
    collection(doc, ROOT.organizations).set('g1', garbage);
    const langs = new Y.Array<unknown>();
    langs.push(['sv', 3, null, 'en']);
    garbage.set('name', 42);
    garbage.set('country', { code: 'SE' });
    garbage.set('stage', 'huge');
    garbage.set('languages', langs);
    garbage.set('notes', new Y.Map());
    garbage.set('memberSince', null);
    garbage.set('contactEmail', ['a@b.se']);
    garbage.set('deletedAt', 12345);
    garbage.set('createdAt', true);
    const [org] = listOrganizations(doc);
    expect(org).toEqual({
      id: 'g1',
      name: '',
      country: '',
      city: '',
      stage: 'forming',
      contactName: '',
      contactEmail: '',
      website: '',
      languages: ['sv', 'en'],
      notes: '',
      memberSince: '',
      createdAt: '',
      createdBy: '',
      updatedAt: '',
      updatedBy: '',
      deletedAt: null,
    });
    expect(getOrganization(doc, 'g1' as OrganizationId)).toEqual(org);
  });

  it('reads notes stored as a plain string (older writer)', () => {
    const doc = newFederationDoc();
    const m = new Y.Map<unknown>();
    collection(doc, ROOT.organizations).set('g2', m);
    m.set('name', 'Plain');
    m.set('notes', 'plain notes');
    expect(listOrganizations(doc)[0]).toMatchObject({ name: 'Plain', notes: 'plain notes' });
    updateOrganization(doc, 'g2' as OrganizationId, { notes: 'now text' }, ALICE);
    expect(m.get('notes')).toBeInstanceOf(Y.Text);
    expect(getOrganization(doc, 'g2' as OrganizationId)?.notes).toBe('now text');
  });

  // Regression, fixed (src/lib/domain/organizations.ts:157,167 via entity.ts:127): readFields calls map.toJSON()
  // without checking for a Y.Map, so one non-map entry (written by any peer) makes
  // listOrganizations/getOrganization throw "map.toJSON is not a function" for the whole federation.
  it('skips a collection entry that is not a Y.Map instead of throwing', () => {
    const doc = newFederationDoc();
    addOrganization(doc, orgInput(), ALICE);
    (collection(doc, ROOT.organizations) as Y.Map<unknown>).set('bad', 'not a map');
    expect(listOrganizations(doc, { includeRemoved: true }).map((o) => o.name)).toEqual([
      'Malmö chapter',
    ]);
  });

  it('observeOrganizations fires on deep changes and stops after unsubscribe', () => {
    const doc = newFederationDoc();
    const id = addOrganization(doc, orgInput(), ALICE);
    let calls = 0;
    const stop = observeOrganizations(doc, () => calls++);
    updateOrganization(doc, id, { notes: 'typed' }, ALICE);
    removeOrganization(doc, id, ALICE);
    expect(calls).toBe(2);
    stop();
    restoreOrganization(doc, id, ALICE);
    expect(calls).toBe(2);
  });
});
