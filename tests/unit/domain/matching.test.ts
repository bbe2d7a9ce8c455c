import { describe, expect, it } from 'vitest';
import { DomainError } from '$lib/domain/errors';
import type { PersonId, RequestId } from '$lib/domain/ids';
import { removeCandidate, setCandidate, suggestPeople } from '$lib/domain/matching';
import {
  addPerson,
  blankPerson,
  listPeople,
  removePerson,
  type PersonInput,
} from '$lib/domain/people';
import {
  addRequest,
  blankRequest,
  getRequest,
  type CandidateState,
  type HelpRequest,
  type HelpRequestInput,
} from '$lib/domain/requests';
import { metaMap, SCHEMA_VERSION } from '$lib/domain/schema';
import { ALICE, BOB, fork, newFederationDoc, stateOf, sync } from './helpers';

const P1 = 'p-1' as PersonId;
const P2 = 'p-2' as PersonId;

function setup(req: Partial<HelpRequestInput>, people: Partial<PersonInput>[]) {
  const doc = newFederationDoc();
  const ids = people.map((p, i) =>
    addPerson(doc, { ...blankPerson(), travel: 'no', ...p }, ALICE, `p-${i}` as PersonId),
  );
  const input = { ...blankRequest(), title: 'Talk', groupName: 'Group', ...req };
  const requestId = addRequest(doc, input, ALICE);
  return { doc, ids, requestId, request: getRequest(doc, requestId) as HelpRequest };
}

const names = (doc: ReturnType<typeof setup>) =>
  suggestPeople(doc.request, listPeople(doc.doc, { includeRemoved: true })).map(
    (s) => s.person.name,
  );

describe('suggestPeople', () => {
  it('ranks language over one topic; nobody matching is left out', () => {
    const s = setup({ language: 'pt-BR', topics: ['economics'], preferredFrom: '2026-06-01' }, [
      { name: 'Topic', topics: ['Economics'] },
      { name: 'Lang', languages: ['pt'] },
      {
        name: 'Nothing',
        languages: ['sv'],
        availability: [{ from: '2026-06-02', to: '2026-07-01' }],
      },
    ]);
    const out = suggestPeople(s.request, listPeople(s.doc));
    expect(out.map((x) => [x.person.name, x.score, x.reasons, x.topics])).toEqual([
      ['Lang', 4, ['language'], []],
      ['Topic', 3, ['topic'], ['economics']],
    ]);
  });

  it('a matching date weighs as much as the same country (then by name)', () => {
    const s = setup({ country: 'EE', preferredFrom: '2026-06-01', preferredTo: '2026-06-03' }, [
      { name: 'Near', country: 'EE' },
      { name: 'Free', availability: [{ from: '2026-06-03', to: '2026-06-09' }] },
    ]);
    const out = suggestPeople(s.request, listPeople(s.doc));
    expect(out.map((x) => [x.person.name, x.score, x.reasons])).toEqual([
      ['Free', 2, ['available']],
      ['Near', 2, ['sameCountry']],
    ]);
  });

  it('same country before willing to travel; equal scores go by name, then id', () => {
    const s = setup({ country: 'EE', topics: ['councils'] }, [
      { name: 'Bo', topics: ['councils'], country: 'SE', travel: 'anywhere' },
      { name: 'Al', topics: ['councils'], country: 'SE', travel: 'anywhere' },
      { name: 'Cy', topics: ['councils'], country: 'EE' },
      { name: 'Al', topics: ['councils'], country: 'SE', travel: 'anywhere' },
      { name: 'Zed', topics: ['councils'], country: 'SE', travel: 'country' },
    ]);
    const out = suggestPeople(s.request, listPeople(s.doc));
    expect(out.map((x) => [x.person.name, x.person.id, x.score])).toEqual([
      ['Cy', 'p-2', 5],
      ['Al', 'p-1', 4],
      ['Al', 'p-3', 4],
      ['Bo', 'p-0', 4],
      ['Zed', 'p-4', 3],
    ]);
    expect(out[0]?.reasons).toEqual(['topic', 'sameCountry']);
    expect(out[1]?.reasons).toEqual(['topic', 'travels']);
  });

  it('leaves out removed people', () => {
    const s = setup({ language: 'sv' }, [
      { name: 'Gone', languages: ['sv'] },
      { name: 'Here', languages: ['sv'] },
    ]);
    removePerson(s.doc, s.ids[0]!, BOB);
    expect(names(s)).toEqual(['Here']);
  });

  it('online: distance counts for nobody, so travel willingness does not matter', () => {
    const s = setup({ mode: 'online', language: 'en', country: 'EE' }, [
      { name: 'Stays', languages: ['en'], country: 'DE', travel: 'no' },
      { name: 'Travels', languages: ['en'], country: 'DE', travel: 'anywhere' },
      { name: 'Local', languages: ['en'], country: 'EE' },
    ]);
    const out = suggestPeople(s.request, listPeople(s.doc));
    expect(out.map((x) => [x.person.name, x.score, x.reasons])).toEqual([
      ['Local', 6, ['language', 'sameCountry']],
      ['Stays', 4, ['language']],
      ['Travels', 4, ['language']],
    ]);
  });

  it('one matching topic outranks a matching date alone', () => {
    const s = setup({ topics: ['economics'], preferredFrom: '2026-06-01' }, [
      { name: 'Dates', availability: [{ from: '2026-06-01', to: '2026-06-01' }] },
      { name: 'Topic', topics: ['economics'] },
    ]);
    expect(names(s)).toEqual(['Topic', 'Dates']);
  });
});

describe('candidates', () => {
  it('setCandidate keeps one current answer per person; removeCandidate takes it off', () => {
    const { doc, requestId } = setup({}, []);
    setCandidate(doc, requestId, P2, 'asked', ALICE, ' by phone ');
    setCandidate(doc, requestId, P1, 'asked', ALICE);
    setCandidate(doc, requestId, P2, 'agreed', BOB);
    expect(getRequest(doc, requestId)?.candidates).toEqual([
      { personId: P1, state: 'asked', note: '', at: expect.any(String), by: ALICE },
      { personId: P2, state: 'agreed', note: '', at: expect.any(String), by: BOB },
    ]);
    removeCandidate(doc, requestId, P1);
    expect(getRequest(doc, requestId)?.candidates.map((c) => c.personId)).toEqual([P2]);
    expect(() => setCandidate(doc, requestId, P1, 'maybe' as CandidateState, ALICE)).toThrow(
      DomainError,
    );
    expect(() => setCandidate(doc, 'x' as RequestId, P1, 'asked', ALICE)).toThrow(DomainError);
  });

  it('different people set on two devices are both kept', () => {
    const { doc: a, requestId } = setup({}, []);
    const b = fork(a);
    setCandidate(a, requestId, P1, 'asked', ALICE);
    setCandidate(b, requestId, P2, 'asked', BOB);
    sync(a, b);
    expect(getRequest(a, requestId)?.candidates.map((c) => c.personId)).toEqual([P1, P2]);
    expect(getRequest(b, requestId)).toEqual(getRequest(a, requestId));
  });

  it('the same person asked on A and agreed on B: one entry, the same on both', () => {
    const { doc: a, requestId } = setup({}, []);
    const b = fork(a);
    setCandidate(a, requestId, P1, 'asked', ALICE);
    setCandidate(b, requestId, P1, 'agreed', BOB);
    sync(a, b);
    const candidates = getRequest(a, requestId)!.candidates;
    expect(candidates).toHaveLength(1);
    expect(['asked', 'agreed']).toContain(candidates[0]?.state);
    expect(getRequest(b, requestId)?.candidates).toEqual(candidates);
  });

  it('a document from a newer app is read-only', () => {
    const { doc, requestId } = setup({}, []);
    setCandidate(doc, requestId, P1, 'asked', ALICE);
    metaMap(doc).set('schemaVersion', SCHEMA_VERSION + 1);
    const before = stateOf(doc);
    const readOnly = expect.objectContaining({ code: 'error.readOnlyNewerVersion' });
    expect(() => setCandidate(doc, requestId, P2, 'asked', ALICE)).toThrow(readOnly);
    expect(() => removeCandidate(doc, requestId, P1)).toThrow(readOnly);
    expect(stateOf(doc)).toEqual(before);
  });
});
