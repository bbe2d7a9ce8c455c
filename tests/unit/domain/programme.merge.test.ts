import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { addGathering, blankGathering, getGathering } from '$lib/domain/gatherings';
import type { GatheringId, PersonId } from '$lib/domain/ids';
import {
  addProgrammeItem,
  setAssignment,
  setReport,
  setSpeaker,
  updateChecklistItem,
} from '$lib/domain/programme';
import { ALICE, BOB, fork, newFederationDoc, sync } from './helpers';

const P1 = 'p-1' as PersonId;
const P2 = 'p-2' as PersonId;
const report = (text: string) => ({
  text,
  participants: 9,
  followUpWanted: false,
  followUpNotes: '',
});

/** Two devices that start from one workshop. */
function twoDevices() {
  const a = newFederationDoc();
  const input = { ...blankGathering(), title: 'Intro', start: '2026-06-01T10:00' };
  const id: GatheringId = addGathering(a, { ...input, end: '2026-06-01T16:00' }, ALICE);
  return { a, id, b: fork(a) };
}

function merged(a: Y.Doc, b: Y.Doc, id: GatheringId) {
  sync(a, b);
  const g = getGathering(a, id)!;
  expect(getGathering(b, id)).toEqual(g);
  return g;
}

describe('programme merge', () => {
  it('speakers added to the same session on both devices are both kept', () => {
    const { a, b, id } = twoDevices();
    const item = addProgrammeItem(a, id, { title: 'Opening' }, ALICE);
    sync(a, b);
    setSpeaker(a, id, item, P1, true, ALICE);
    setSpeaker(b, id, item, P2, true, BOB);
    expect(merged(a, b, id).programme[0]?.speakerIds).toEqual([P1, P2]);
  });

  it('sessions added on both devices are both kept', () => {
    const { a, b, id } = twoDevices();
    const x = addProgrammeItem(a, id, { title: 'Opening', start: '2026-06-01T10:00' }, ALICE);
    const y = addProgrammeItem(b, id, { title: 'Closing', start: '2026-06-01T15:00' }, BOB);
    expect(merged(a, b, id).programme.map((p) => p.id)).toEqual([x, y]);
  });

  it('the same step ticked on both: one done step', () => {
    const { a, b, id } = twoDevices();
    const step = getGathering(a, id)!.checklist[0]!;
    updateChecklistItem(a, id, step.id, { done: true }, ALICE);
    updateChecklistItem(b, id, step.id, { done: true }, BOB);
    const g = merged(a, b, id);
    expect(g.checklist.filter((c) => c.id === step.id)).toHaveLength(1);
    expect(g.checklist.filter((c) => c.doneAt)).toEqual([
      expect.objectContaining({ id: step.id, doneAt: expect.any(String) }),
    ]);
    expect([ALICE, BOB]).toContain(g.checklist[0]?.doneBy);
  });

  it('owner changed on A while B ticks the step: both facts kept', () => {
    const { a, b, id } = twoDevices();
    const step = getGathering(a, id)!.checklist[1]!;
    updateChecklistItem(a, id, step.id, { ownerId: P1, due: '2026-05-15' }, ALICE);
    updateChecklistItem(b, id, step.id, { done: true }, BOB);
    expect(merged(a, b, id).checklist[1]).toMatchObject({
      ownerId: P1,
      due: '2026-05-15',
      doneAt: expect.any(String),
      doneBy: BOB,
    });
  });

  it('travel fields of one person sent, edited on both: both kept', () => {
    const { a, b, id } = twoDevices();
    setAssignment(a, id, P1, { notes: 'Vegetarian' }, ALICE);
    sync(a, b);
    setAssignment(a, id, P1, { travelFrom: 'Oslo', mode: 'train' }, ALICE);
    setAssignment(b, id, P1, { hosting: 'With Kim', returnOn: '2026-06-02' }, BOB);
    expect(merged(a, b, id).assignments).toEqual([
      expect.objectContaining({
        travelFrom: 'Oslo',
        mode: 'train',
        hosting: 'With Kim',
        returnOn: '2026-06-02',
        notes: 'Vegetarian',
      }),
    ]);
  });

  // Regression, fixed: setAssignment (programme.ts) makes the person's Y.Map lazily; two devices sending the
  // same person at once each make one, and the merge keeps only one map (the other's fields lost).
  it('the same person sent on both devices at once: both devices’ fields kept', () => {
    const { a, b, id } = twoDevices();
    setAssignment(a, id, P1, { travelFrom: 'Oslo' }, ALICE);
    setAssignment(b, id, P1, { hosting: 'With Kim' }, BOB);
    expect(merged(a, b, id).assignments).toEqual([
      expect.objectContaining({ travelFrom: 'Oslo', hosting: 'With Kim' }),
    ]);
  });

  it('report text typed on both at different places keeps both insertions', () => {
    const { a, b, id } = twoDevices();
    setReport(a, id, report('We met. We talked.'), ALICE);
    sync(a, b);
    setReport(a, id, report('Ten of us met. We talked.'), ALICE);
    setReport(b, id, report('We met. We talked about councils.'), BOB);
    expect(merged(a, b, id).report?.text).toBe('Ten of us met. We talked about councils.');
  });

  // Regression, fixed: setReport (programme.ts) makes the report's Y.Text lazily; a first report written on
  // two devices at once keeps only one device's text.
  it('a first report written on both devices at once keeps both texts', () => {
    const { a, b, id } = twoDevices();
    setReport(a, id, report('Notes from Alice.'), ALICE);
    setReport(b, id, report('Notes from Bob.'), BOB);
    const text = merged(a, b, id).report?.text ?? '';
    expect(text).toContain('Notes from Alice.');
    expect(text).toContain('Notes from Bob.');
  });
});
