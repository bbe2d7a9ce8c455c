import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DomainError } from '$lib/domain/errors';
import {
  initFederation,
  observeMeta,
  readMeta,
  updateFederation,
  validateFederation,
  type FederationInput,
} from '$lib/domain/federation';
import { isWritable, metaMap, SCHEMA_VERSION } from '$lib/domain/schema';
import { ALICE, BOB, countUpdates, fork, newFederationDoc, stateOf, sync } from './helpers';

const valid: FederationInput = {
  name: 'Nordic federation',
  region: 'Scandinavia',
  baseCurrency: 'SEK',
  languages: ['sv'],
};

/** A federation doc as a newer app (SCHEMA_VERSION + 1) would leave it. */
function newerVersionDoc(): Y.Doc {
  const doc = newFederationDoc();
  metaMap(doc).set('schemaVersion', SCHEMA_VERSION + 1);
  return doc;
}

describe('federation meta', () => {
  it('readMeta is null on an empty doc', () => {
    expect(readMeta(new Y.Doc())).toBeNull();
  });

  it('initFederation writes cleaned meta that readMeta returns', () => {
    const doc = new Y.Doc();
    initFederation(
      doc,
      {
        name: '  Nordic  ',
        region: ' North ',
        baseCurrency: 'sek',
        languages: ['SV', 'sv', 'PT-br'],
      },
      ALICE,
    );
    const meta = readMeta(doc);
    expect(meta).toMatchObject({
      name: 'Nordic',
      region: 'North',
      baseCurrency: 'SEK',
      languages: ['sv', 'pt-BR'],
      schemaVersion: SCHEMA_VERSION,
      createdBy: ALICE,
    });
    expect(Number.isNaN(Date.parse(meta?.createdAt ?? ''))).toBe(false);
  });

  it('validateFederation names each bad field', () => {
    expect(validateFederation(valid)).toEqual({});
    expect(
      validateFederation({
        name: ' ',
        region: 'r'.repeat(121),
        baseCurrency: 'XXXX',
        languages: [],
      }),
    ).toEqual({
      name: 'error.required',
      region: 'error.tooLong',
      baseCurrency: 'error.currency',
      languages: 'error.required',
    });
    expect(validateFederation({ ...valid, name: 'n'.repeat(121) }).name).toBe('error.tooLong');
    expect(validateFederation({ ...valid, languages: ['sv', 'english'] }).languages).toBe(
      'error.language',
    );
  });

  it.each<[string, Partial<FederationInput>]>([
    ['empty name', { name: '   ' }],
    ['unknown currency', { baseCurrency: 'XXXX' }],
    ['no languages', { languages: [] }],
    ['bad language', { languages: ['english'] }],
  ])('initFederation refuses %s and writes nothing', (_label, bad) => {
    const doc = new Y.Doc();
    expect(
      countUpdates(doc, () =>
        expect(() => initFederation(doc, { ...valid, ...bad }, ALICE)).toThrow(),
      ),
    ).toBe(0);
    expect(readMeta(doc)).toBeNull();
  });

  it('updateFederation changes only the given fields', () => {
    const doc = newFederationDoc();
    updateFederation(doc, { name: 'Nordic & Baltic', languages: ['sv', 'en'] }, BOB);
    expect(readMeta(doc)).toMatchObject({
      name: 'Nordic & Baltic',
      region: 'Scandinavia',
      baseCurrency: 'SEK',
      languages: ['sv', 'en'],
      createdBy: ALICE,
    });
    expect(metaMap(doc).get('updatedBy')).toBe(BOB);
  });

  it('updateFederation with identical (after cleaning) values writes nothing', () => {
    const doc = newFederationDoc();
    const n = countUpdates(doc, () =>
      updateFederation(
        doc,
        { name: ' Nordic federation ', baseCurrency: 'sek', languages: ['SV'] },
        BOB,
      ),
    );
    expect(n).toBe(0);
  });

  it.each<[string, Partial<FederationInput>]>([
    ['empty name', { name: '' }],
    ['unknown currency', { baseCurrency: 'XXXX' }],
    ['no languages', { languages: [] }],
  ])('updateFederation refuses %s and leaves the doc unchanged', (_label, bad) => {
    const doc = newFederationDoc();
    const before = stateOf(doc);
    expect(() => updateFederation(doc, bad, BOB)).toThrow();
    expect(stateOf(doc)).toEqual(before);
  });

  it('updateFederation throws on a doc without meta', () => {
    expect(() => updateFederation(new Y.Doc(), { name: 'x' }, ALICE)).toThrow();
  });

  it('updateFederation on a newer-version doc throws readOnlyNewerVersion and changes nothing', () => {
    const doc = newerVersionDoc();
    const before = stateOf(doc);
    let thrown: unknown;
    try {
      updateFederation(doc, { name: 'Renamed' }, BOB);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect((thrown as DomainError).code).toBe('error.readOnlyNewerVersion');
    expect(stateOf(doc).sv).toEqual(before.sv);
    expect(stateOf(doc).update).toEqual(before.update);
    expect(readMeta(doc)).toMatchObject({
      name: 'Nordic federation',
      schemaVersion: SCHEMA_VERSION + 1,
    });
  });

  // Regression, fixed (src/lib/domain/federation.ts:44-57): initFederation skips assertWritable, so it overwrites
  // a newer app's meta and downgrades schemaVersion to SCHEMA_VERSION, making the doc writable again.
  it('initFederation on a newer-version doc throws and changes nothing', () => {
    const doc = newerVersionDoc();
    const before = stateOf(doc);
    expect(() => initFederation(doc, valid, BOB)).toThrow(DomainError);
    expect(stateOf(doc)).toEqual(before);
  });

  it('isWritable: empty, current and older docs yes; newer no', () => {
    expect(isWritable(new Y.Doc())).toBe(true);
    expect(isWritable(newFederationDoc())).toBe(true);
    const older = newFederationDoc();
    metaMap(older).set('schemaVersion', SCHEMA_VERSION - 1);
    expect(isWritable(older)).toBe(true);
    expect(isWritable(newerVersionDoc())).toBe(false);
  });

  it('concurrent updates of different meta fields both survive', () => {
    const a = newFederationDoc();
    const b = fork(a);
    updateFederation(a, { name: 'Renamed' }, ALICE);
    updateFederation(b, { region: 'Northern Europe' }, BOB);
    sync(a, b);
    expect(readMeta(a)).toEqual(readMeta(b));
    expect(readMeta(a)).toMatchObject({ name: 'Renamed', region: 'Northern Europe' });
  });

  it('observeMeta fires on change and stops after unsubscribe', () => {
    const doc = newFederationDoc();
    let calls = 0;
    const stop = observeMeta(doc, () => calls++);
    updateFederation(doc, { name: 'One' }, ALICE);
    expect(calls).toBe(1);
    stop();
    updateFederation(doc, { name: 'Two' }, ALICE);
    expect(calls).toBe(1);
  });
});
