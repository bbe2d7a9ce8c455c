import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { DomainError } from '$lib/domain/errors';
import {
  addGathering,
  blankGathering,
  GATHERING_KINDS,
  gatheringWarnings,
  getGathering,
  linkRequest,
  listGatherings,
  removeGathering,
  restoreGathering,
  updateGathering,
  type GatheringInput,
} from '$lib/domain/gatherings';
import type { GatheringId, PersonId, RequestId } from '$lib/domain/ids';
import { addOrganization, listOrganizations, removeOrganization } from '$lib/domain/organizations';
import { addPerson, blankPerson, listPeople, removePerson } from '$lib/domain/people';
import {
  CHECKLIST_SEEDS,
  setAssignment,
  setSpeaker,
  addProgrammeItem,
} from '$lib/domain/programme';
import { metaMap, SCHEMA_VERSION } from '$lib/domain/schema';
import { ALICE, BOB, fork, newFederationDoc, orgInput, stateOf, sync } from './helpers';

const R1 = 'req-1' as RequestId;
const R2 = 'req-2' as RequestId;

const input = (o: Partial<GatheringInput> = {}): GatheringInput => ({
  ...blankGathering('Europe/Tallinn'),
  title: 'Intro workshop',
  start: '2026-06-01T10:00',
  end: '2026-06-01T16:00',
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

function warnings(doc: Y.Doc, id: GatheringId) {
  const orgs = new Map(listOrganizations(doc, { includeRemoved: true }).map((o) => [o.id, o]));
  const people = new Map(listPeople(doc, { includeRemoved: true }).map((p) => [p.id, p]));
  return gatheringWarnings(getGathering(doc, id)!, orgs, people);
}

describe('gatherings', () => {
  it('addGathering links requests and seeds the checklist of its kind, in order', () => {
    const doc = newFederationDoc();
    for (const kind of GATHERING_KINDS) {
      const id = addGathering(doc, input({ kind, title: ` ${kind} ` }), ALICE, [R2, R1]);
      const g = getGathering(doc, id)!;
      expect(g).toMatchObject({ title: kind, kind, timeZone: 'Europe/Tallinn', report: null });
      expect(g.requestIds).toEqual([R1, R2]);
      expect(g.checklist.map((c) => c.seedKey)).toEqual(CHECKLIST_SEEDS[kind]);
      expect(g.checklist.every((c) => c.doneAt === null && c.title === '')).toBe(true);
    }
  });

  it.each([
    ['end before start', { end: '2026-06-01T09:00' }, 'error.endBeforeStart'],
    ['an impossible local time', { start: '2026-02-30T10:00' }, 'error.dateTime'],
    ['a time with seconds', { end: '2026-06-01T16:00:00' }, 'error.dateTime'],
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, 'error.timeZone'],
    ['a URL that is not http', { onlineUrl: 'ftp://meet.example' }, 'error.url'],
    ['a URL that is no URL', { onlineUrl: 'meet dot example' }, 'error.url'],
    ['an empty title', { title: ' ' }, 'error.required'],
    ['negative participants', { expectedParticipants: -3 }, 'error.count'],
  ] as [string, Partial<GatheringInput>, string][])('refuses %s', (_, bad, expected) => {
    const doc = newFederationDoc();
    const id = addGathering(doc, input(), ALICE);
    const before = stateOf(doc);
    expect(code(() => addGathering(doc, input(bad), ALICE))).toBe(expected);
    expect(code(() => updateGathering(doc, id, bad, BOB))).toBe(expected);
    expect(stateOf(doc)).toEqual(before);
  });

  it('listGatherings sorts by start; remove and restore', () => {
    const doc = newFederationDoc();
    const late = addGathering(
      doc,
      input({ start: '2026-09-01T10:00', end: '2026-09-01T12:00' }),
      ALICE,
    );
    const early = addGathering(
      doc,
      input({ start: '2026-03-01T10:00', end: '2026-03-01T12:00' }),
      ALICE,
    );
    const mid = addGathering(doc, input(), ALICE);
    expect(listGatherings(doc).map((g) => g.id)).toEqual([early, mid, late]);
    removeGathering(doc, mid, BOB);
    expect(listGatherings(doc).map((g) => g.id)).toEqual([early, late]);
    restoreGathering(doc, mid, BOB);
    expect(listGatherings(doc).map((g) => g.id)).toEqual([early, mid, late]);
  });

  it('start moved later on A and end moved earlier on B: both kept, both warn', () => {
    const a = newFederationDoc();
    const id = addGathering(
      a,
      input({ start: '2026-06-01T10:00', end: '2026-06-01T18:00' }),
      ALICE,
    );
    const b = fork(a);
    updateGathering(a, id, { start: '2026-06-01T15:00' }, ALICE);
    updateGathering(b, id, { end: '2026-06-01T12:00' }, BOB);
    expect(warnings(a, id)).toEqual([]);
    sync(a, b);
    expect(getGathering(a, id)).toMatchObject({
      start: '2026-06-01T15:00',
      end: '2026-06-01T12:00',
    });
    expect(getGathering(b, id)).toEqual(getGathering(a, id));
    expect(warnings(a, id)).toEqual([{ code: 'endBeforeStart' }]);
    expect(warnings(b, id)).toEqual([{ code: 'endBeforeStart' }]);
  });

  it('host removed on A while B edits the event: the edit stays and both warn', () => {
    const a = newFederationDoc();
    const host = addOrganization(a, orgInput(), ALICE);
    const id = addGathering(a, input({ hostOrganizationId: host }), ALICE);
    const b = fork(a);
    expect(warnings(a, id)).toEqual([]);
    removeOrganization(a, host, ALICE);
    updateGathering(b, id, { venue: 'Library hall' }, BOB);
    sync(a, b);
    for (const doc of [a, b]) {
      expect(getGathering(doc, id)?.venue).toBe('Library hall');
      expect(warnings(doc, id)).toEqual([{ code: 'hostRemoved', organizationId: host }]);
    }
  });

  it('warns about speakers and people sent who were removed or are unknown', () => {
    const doc = newFederationDoc();
    const speaker = addPerson(doc, { ...blankPerson(), name: 'Sam' }, ALICE, 'p-a' as PersonId);
    const sent = addPerson(doc, { ...blankPerson(), name: 'Kim' }, ALICE, 'p-b' as PersonId);
    const ghost = 'p-c' as PersonId;
    const id = addGathering(doc, input(), ALICE);
    const item = addProgrammeItem(doc, id, { title: 'Opening' }, ALICE);
    setSpeaker(doc, id, item, speaker, true, ALICE);
    setAssignment(doc, id, sent, { travelFrom: 'Oslo' }, ALICE);
    expect(warnings(doc, id)).toEqual([]);
    setSpeaker(doc, id, item, ghost, true, ALICE);
    removePerson(doc, speaker, BOB);
    removePerson(doc, sent, BOB);
    expect(warnings(doc, id)).toEqual([
      { code: 'personMissing', personId: speaker },
      { code: 'personMissing', personId: sent },
      { code: 'personMissing', personId: ghost },
    ]);
  });

  it('requests linked on two devices are both kept', () => {
    const a = newFederationDoc();
    const id = addGathering(a, input(), ALICE);
    const b = fork(a);
    linkRequest(a, id, R1, true, ALICE);
    linkRequest(b, id, R2, true, ALICE);
    sync(a, b);
    expect(getGathering(a, id)?.requestIds).toEqual([R1, R2]);
    linkRequest(b, id, R1, false, ALICE);
    expect(getGathering(b, id)?.requestIds).toEqual([R2]);
  });

  it('a document from a newer app is read-only for event writes', () => {
    const doc = newFederationDoc();
    const id = addGathering(doc, input(), ALICE);
    metaMap(doc).set('schemaVersion', SCHEMA_VERSION + 1);
    const before = stateOf(doc);
    const readOnly = 'error.readOnlyNewerVersion';
    expect(code(() => addGathering(doc, input(), ALICE))).toBe(readOnly);
    expect(code(() => updateGathering(doc, id, { venue: 'x' }, ALICE))).toBe(readOnly);
    expect(code(() => removeGathering(doc, id, ALICE))).toBe(readOnly);
    expect(code(() => restoreGathering(doc, id, ALICE))).toBe(readOnly);
    expect(stateOf(doc)).toEqual(before);
  });

  // Regression, fixed: linkRequest (gatherings.ts) never calls assertWritable, so it writes a newer app's doc.
  it('linkRequest on a document from a newer app throws and changes nothing', () => {
    const doc = newFederationDoc();
    const id = addGathering(doc, input(), ALICE);
    metaMap(doc).set('schemaVersion', SCHEMA_VERSION + 1);
    const before = stateOf(doc);
    expect(code(() => linkRequest(doc, id, R1, true, ALICE))).toBe('error.readOnlyNewerVersion');
    expect(stateOf(doc)).toEqual(before);
  });
});
