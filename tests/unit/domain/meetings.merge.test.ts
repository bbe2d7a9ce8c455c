import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import type { MeetingId, OrganizationId, PersonId } from '$lib/domain/ids';
import {
  addAgendaItem,
  addMeeting,
  blankMeeting,
  changedSinceApproval,
  getMeeting,
  setAttendance,
  setMinutes,
  setMinutesStage,
} from '$lib/domain/meetings';
import { ALICE, BOB, fork, newFederationDoc, sync } from './helpers';

/** Two secretaries' phones that start from one meeting with one agenda item and its minutes. */
function twoPhones(minutes: string) {
  const a = newFederationDoc();
  const id = addMeeting(
    a,
    { ...blankMeeting(), title: 'Regional meeting', start: '2026-05-01T10:00' },
    ALICE,
  );
  const item = addAgendaItem(a, id, { title: 'Dues' }, ALICE);
  if (minutes) setMinutes(a, id, item, minutes, ALICE);
  return { a, b: fork(a), id, item };
}

const minutesOf = (doc: Y.Doc, id: MeetingId) => getMeeting(doc, id)!.agenda[0]!.minutes;

function expectSame(a: Y.Doc, b: Y.Doc, id: MeetingId): void {
  expect(getMeeting(a, id)).toEqual(getMeeting(b, id));
}

describe('meetings merge', () => {
  it('two secretaries typing offline at different places: both insertions kept', () => {
    const { a, b, id, item } = twoPhones('Budget discussed. Vote next week.');
    setMinutes(a, id, item, 'Anna opened. Budget discussed. Vote next week.', ALICE);
    setMinutes(b, id, item, 'Budget discussed at length. Vote next week. Closed 12:00.', BOB);
    sync(a, b);
    expectSame(a, b, id);
    expect(minutesOf(a, id)).toBe(
      'Anna opened. Budget discussed at length. Vote next week. Closed 12:00.',
    );
  });

  it('character-wise: a deletion on one phone and an insertion on the other both apply', () => {
    const { a, b, id, item } = twoPhones('Dues: 100 SEK, maybe 120 SEK.');
    setMinutes(a, id, item, 'Dues: 100 SEK.', ALICE);
    setMinutes(b, id, item, 'Yearly dues: 100 SEK, maybe 120 SEK.', BOB);
    sync(a, b);
    expectSame(a, b, id);
    expect(minutesOf(a, id)).toBe('Yearly dues: 100 SEK.');
  });

  it('typing into empty minutes on both phones keeps every character of both', () => {
    const { a, b, id, item } = twoPhones('');
    setMinutes(a, id, item, 'Alice notes.', ALICE);
    setMinutes(b, id, item, 'Bob notes.', BOB);
    sync(a, b);
    expectSame(a, b, id);
    expect(['Alice notes.Bob notes.', 'Bob notes.Alice notes.']).toContain(minutesOf(a, id));
  });

  it('attendance and agenda items added on both phones are all kept, in one order', () => {
    const { a, b, id } = twoPhones('');
    setAttendance(a, id, BOB, 'org-1' as OrganizationId, ALICE);
    setAttendance(b, id, 'person-carol' as PersonId, '', BOB);
    const x = addAgendaItem(a, id, { title: 'Tartu' }, ALICE);
    const y = addAgendaItem(b, id, { title: 'Oslo' }, BOB);
    sync(a, b);
    expectSame(a, b, id);
    const m = getMeeting(a, id)!;
    expect(m.attendance.map((p) => p.personId)).toEqual([BOB, 'person-carol']);
    expect(
      m.agenda
        .slice(1)
        .map((i) => i.id)
        .sort(),
    ).toEqual([x, y].sort());
  });

  it('minutes edited offline while the other phone approved: changed since approval on both', () => {
    const { a, b, id, item } = twoPhones('Agreed.');
    setMinutesStage(a, id, 'proposed', ALICE);
    sync(a, b);
    setMinutesStage(a, id, 'approved', ALICE);
    setMinutes(b, id, item, 'Agreed, with one objection.', BOB);
    expect(changedSinceApproval(getMeeting(a, id)!)).toBe(false);
    sync(a, b);
    expectSame(a, b, id);
    for (const doc of [a, b]) {
      const m = getMeeting(doc, id)!;
      expect(m.stage).toBe('approved');
      expect(m.agenda[0]?.minutes).toBe('Agreed, with one objection.');
      expect(changedSinceApproval(m)).toBe(true);
    }
  });
});
