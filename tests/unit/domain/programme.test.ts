import { describe, expect, it } from 'vitest';
import { DomainError } from '$lib/domain/errors';
import { addGathering, blankGathering, getGathering } from '$lib/domain/gatherings';
import type { GatheringId, OrganizationId, PersonId } from '$lib/domain/ids';
import {
  addChecklistItem,
  addProgrammeItem,
  removeAssignment,
  removeChecklistItem,
  removeProgrammeItem,
  setAssignment,
  setReport,
  setSpeaker,
  updateChecklistItem,
  updateProgrammeItem,
} from '$lib/domain/programme';
import { collection, metaMap, ROOT, SCHEMA_VERSION } from '$lib/domain/schema';
import type * as Y from 'yjs';
import { ALICE, BOB, newFederationDoc, stateOf } from './helpers';

const P1 = 'p-1' as PersonId;
const P2 = 'p-2' as PersonId;
const report = {
  text: 'It went well.',
  participants: 14,
  followUpWanted: false,
  followUpNotes: '',
};

function event(kind: 'workshop' | 'talk' = 'workshop') {
  const doc = newFederationDoc();
  const input = { ...blankGathering(), title: 'Intro', kind, start: '2026-06-01T10:00' };
  const id: GatheringId = addGathering(doc, { ...input, end: '2026-06-01T16:00' }, ALICE);
  return { doc, id, get: () => getGathering(doc, id)! };
}

describe('programme', () => {
  it('sessions: add, sort by start, update, speakers, remove', () => {
    const { doc, id, get } = event();
    expect(() => addProgrammeItem(doc, id, { title: '  ' }, ALICE)).toThrow(DomainError);
    const late = addProgrammeItem(
      doc,
      id,
      { title: ' Closing ', start: '2026-06-01T15:00' },
      ALICE,
    );
    const early = addProgrammeItem(doc, id, { title: 'Opening', start: '2026-06-01T10:00' }, ALICE);
    updateProgrammeItem(doc, id, late, { notes: 'Short.' }, BOB);
    setSpeaker(doc, id, early, P2, true, ALICE);
    setSpeaker(doc, id, early, P1, true, ALICE);
    expect(get().programme).toEqual([
      {
        id: early,
        title: 'Opening',
        start: '2026-06-01T10:00',
        end: '',
        notes: '',
        speakerIds: [P1, P2],
      },
      {
        id: late,
        title: 'Closing',
        start: '2026-06-01T15:00',
        end: '',
        notes: 'Short.',
        speakerIds: [],
      },
    ]);
    setSpeaker(doc, id, early, P2, false, BOB);
    expect(get().updatedBy).toBe(BOB);
    removeProgrammeItem(doc, id, late, BOB);
    expect(get().programme.map((p) => [p.id, p.speakerIds])).toEqual([[early, [P1]]]);
    expect(() => setSpeaker(doc, id, late, P1, true, ALICE)).toThrow(DomainError);
  });

  it('assignments: fields merge one by one, unknown modes read as ""', () => {
    const { doc, id, get } = event();
    const org = 'org-1' as OrganizationId;
    setAssignment(doc, id, P1, { organizationId: org, travelFrom: 'Oslo', mode: 'train' }, ALICE);
    setAssignment(doc, id, P1, { hosting: 'With Kim', departOn: '2026-05-31' }, BOB);
    setAssignment(doc, id, P2, { mode: 'rocket' as 'train' }, BOB);
    expect(get().assignments).toEqual([
      {
        personId: P1,
        organizationId: org,
        travelFrom: 'Oslo',
        travelTo: '',
        departOn: '2026-05-31',
        returnOn: '',
        mode: 'train',
        hosting: 'With Kim',
        notes: '',
      },
      expect.objectContaining({ personId: P2, mode: '' }),
    ]);
    removeAssignment(doc, id, P2, ALICE);
    expect(get().assignments.map((a) => a.personId)).toEqual([P1]);
  });

  it('checklist: own items after the seeds; ticking twice keeps the first tick', () => {
    const { doc, id, get } = event('talk');
    expect(() => addChecklistItem(doc, id, { title: ' ' }, ALICE)).toThrow(DomainError);
    const own = addChecklistItem(doc, id, { title: ' Print flyers ', ownerId: P1 }, ALICE);
    expect(get().checklist.map((c) => c.seedKey || c.title)).toEqual([
      'venue',
      'speakers',
      'travel',
      'invite',
      'report',
      'Print flyers',
    ]);
    updateChecklistItem(doc, id, own, { done: true }, ALICE);
    const done = get().checklist.at(-1)!;
    expect(done).toMatchObject({ ownerId: P1, doneAt: expect.any(String), doneBy: ALICE });
    updateChecklistItem(doc, id, own, { done: true, due: '2026-05-20' }, BOB);
    expect(get().checklist.at(-1)).toEqual({ ...done, due: '2026-05-20' });
    updateChecklistItem(doc, id, own, { done: false }, BOB);
    expect(get().checklist.at(-1)).toMatchObject({ doneAt: null, doneBy: '' });
    removeChecklistItem(doc, id, own, BOB);
    expect(get().checklist).toHaveLength(5);
  });

  it('a seeded step stores only its order and seed; unticking an unticked step writes nothing', () => {
    const { doc, id, get } = event('talk');
    const step = get().checklist[0]!;
    const stored = collection(doc, ROOT.gatherings).get(id)?.get('checklist') as Y.Map<
      Y.Map<unknown>
    >;
    expect([...stored.get(step.id)!.keys()].sort()).toEqual(['order', 'seedKey']);
    const before = stateOf(doc);
    updateChecklistItem(doc, id, step.id, { done: false, ownerId: '', due: '' }, ALICE);
    expect(stateOf(doc)).toEqual(before);
    updateChecklistItem(doc, id, step.id, { done: true, ownerId: P2 }, ALICE);
    updateChecklistItem(doc, id, step.id, { done: false, ownerId: '' }, BOB);
    expect(get().checklist[0]).toEqual({ ...step, doneAt: null, doneBy: '', ownerId: '' });
  });

  // Regression, fixed: programme.ts addChecklistItem orders a new item at 100 + checklist.size; after removals
  // that equals an existing item's order, so the new item sorts among (before) the seeds.
  it('an item added after two steps were removed still comes last', () => {
    const { doc, id, get } = event('workshop');
    const [first, second] = get().checklist;
    removeChecklistItem(doc, id, first!.id, ALICE);
    removeChecklistItem(doc, id, second!.id, ALICE);
    addChecklistItem(doc, id, { title: 'Book a projector' }, ALICE);
    expect(get().checklist.at(-1)?.title).toBe('Book a projector');
  });

  it('the report: none before it is written, then its fields', () => {
    const { doc, id, get } = event();
    expect(get().report).toBeNull();
    setReport(doc, id, report, BOB);
    expect(get().report).toEqual({ ...report, writtenAt: expect.any(String), writtenBy: BOB });
    setReport(doc, id, { ...report, text: 'It went very well.' }, ALICE);
    expect(get().report).toMatchObject({ text: 'It went very well.', writtenBy: ALICE });
  });

  it('a document from a newer app is read-only: every write throws and changes nothing', () => {
    const { doc, id, get } = event();
    const item = addProgrammeItem(doc, id, { title: 'Opening' }, ALICE);
    setAssignment(doc, id, P1, { travelFrom: 'Oslo' }, ALICE);
    const step = get().checklist[0]!.id;
    metaMap(doc).set('schemaVersion', SCHEMA_VERSION + 1);
    const before = stateOf(doc);
    const readOnly = expect.objectContaining({ code: 'error.readOnlyNewerVersion' });
    expect(() => addProgrammeItem(doc, id, { title: 'x' }, ALICE)).toThrow(readOnly);
    expect(() => updateProgrammeItem(doc, id, item, { title: 'x' }, ALICE)).toThrow(readOnly);
    expect(() => removeProgrammeItem(doc, id, item, ALICE)).toThrow(readOnly);
    expect(() => setSpeaker(doc, id, item, P1, true, ALICE)).toThrow(readOnly);
    expect(() => setAssignment(doc, id, P1, { hosting: 'x' }, ALICE)).toThrow(readOnly);
    expect(() => removeAssignment(doc, id, P1, ALICE)).toThrow(readOnly);
    expect(() => addChecklistItem(doc, id, { title: 'x' }, ALICE)).toThrow(readOnly);
    expect(() => updateChecklistItem(doc, id, step, { done: true }, ALICE)).toThrow(readOnly);
    expect(() => removeChecklistItem(doc, id, step, ALICE)).toThrow(readOnly);
    expect(() => setReport(doc, id, report, ALICE)).toThrow(readOnly);
    expect(stateOf(doc)).toEqual(before);
  });
});
