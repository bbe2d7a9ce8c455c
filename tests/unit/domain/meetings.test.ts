import { afterEach, describe, expect, it, vi } from 'vitest';
import { DomainError } from '$lib/domain/errors';
import type { CouncilId, MeetingId, OrganizationId, PersonId } from '$lib/domain/ids';
import {
  addAgendaItem,
  addMeeting,
  blankMeeting,
  changedSinceApproval,
  getMeeting,
  listMeetings,
  minutesFingerprint,
  moveAgendaItem,
  removeAgendaItem,
  removeMeeting,
  setAttendance,
  setCurrentItem,
  setMinutes,
  setMinutesStage,
  updateMeeting,
  validateMeeting,
  type MeetingInput,
} from '$lib/domain/meetings';
import * as Y from 'yjs';
import { collection, metaMap, ROOT, SCHEMA_VERSION } from '$lib/domain/schema';
import { ALICE, BOB, newFederationDoc, stateOf } from './helpers';

const CAROL = 'person-carol' as PersonId;
const ORG = 'org-malmo' as OrganizationId;

const input = (over: Partial<MeetingInput> = {}): MeetingInput => ({
  ...blankMeeting('Europe/Stockholm'),
  title: 'Regional meeting',
  start: '2026-05-01T10:00',
  ...over,
});

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof DomainError ? e.code : `not a DomainError: ${String(e)}`;
  }
  return undefined;
}

function fresh() {
  const doc = newFederationDoc();
  return { doc, id: addMeeting(doc, input(), ALICE) };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('meetings: add, update, validate', () => {
  it('adds a meeting in draft, with no attendance or agenda', () => {
    const { doc, id } = fresh();
    expect(getMeeting(doc, id)).toMatchObject({
      ...input(),
      attendance: [],
      agenda: [],
      currentItemId: '',
      stage: 'draft',
      approvedAt: null,
      fingerprint: '',
    });
    expect(listMeetings(doc).map((m) => m.id)).toEqual([id]);
  });

  it.each<[string, Partial<MeetingInput>, string, string]>([
    ['no title', { title: '  ' }, 'title', 'error.required'],
    ['a council meeting without a council', { kind: 'council' }, 'councilId', 'error.required'],
    ['an empty start', { start: '' }, 'start', 'error.dateTime'],
    ['a start with a space', { start: '2026-05-01 10:00' }, 'start', 'error.dateTime'],
    ['a start with seconds', { start: '2026-05-01T10:00:00' }, 'start', 'error.dateTime'],
    ['month 13', { start: '2026-13-01T10:00' }, 'start', 'error.dateTime'],
    ['hour 25', { start: '2026-05-01T25:00' }, 'start', 'error.dateTime'],
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, 'timeZone', 'error.timeZone'],
    ['an empty time zone', { timeZone: '' }, 'timeZone', 'error.timeZone'],
  ])('refuses %s', (_, over, field, code) => {
    expect(validateMeeting(input(over))).toEqual({ [field]: code });
    expect(codeOf(() => addMeeting(newFederationDoc(), input(over), ALICE))).toBe(code);
  });

  it('accepts a council meeting with its council', () => {
    expect(validateMeeting(input({ kind: 'council', councilId: 'c1' as CouncilId }))).toEqual({});
  });

  // Regression, fixed: validateMeeting only checks Date.parse, which rolls Feb 30 over to Mar 2 (gatherings'
  // isLocalTime also checks the round trip).
  it('refuses a day that does not exist', () => {
    expect(validateMeeting(input({ start: '2026-02-30T10:00' }))).toEqual({
      start: 'error.dateTime',
    });
  });

  it('updates the given fields only; refuses an invalid result', () => {
    const { doc, id } = fresh();
    updateMeeting(doc, id, { place: 'Folkets hus', chairId: BOB }, BOB);
    expect(getMeeting(doc, id)).toMatchObject({
      place: 'Folkets hus',
      chairId: BOB,
      title: 'Regional meeting',
    });
    expect(codeOf(() => updateMeeting(doc, id, { kind: 'council' }, BOB))).toBe('error.required');
    expect(codeOf(() => updateMeeting(doc, id, { timeZone: 'Nowhere' }, BOB))).toBe(
      'error.timeZone',
    );
    expect(codeOf(() => updateMeeting(doc, 'x' as MeetingId, { place: 'y' }, BOB))).toBe(
      'error.notFound',
    );
    removeMeeting(doc, id, ALICE);
    expect(listMeetings(doc)).toEqual([]);
  });
});

describe('meetings: attendance, agenda, current item, minutes', () => {
  it('records attendance with the organization represented; null marks absent', () => {
    const { doc, id } = fresh();
    setAttendance(doc, id, CAROL, ORG, ALICE);
    setAttendance(doc, id, BOB, '', ALICE);
    setAttendance(doc, id, ALICE, ORG, ALICE);
    setAttendance(doc, id, ALICE, null, ALICE);
    expect(getMeeting(doc, id)?.attendance).toEqual([
      { personId: BOB, organizationId: '' },
      { personId: CAROL, organizationId: ORG },
    ]);
  });

  it('appends agenda items in order with defaults; moves and removes them', () => {
    const { doc, id } = fresh();
    const a = addAgendaItem(doc, id, { title: ' Opening ' }, ALICE);
    const b = addAgendaItem(
      doc,
      id,
      { title: 'Dues', kind: 'proposal', refId: 'p1', timebox: 20.4 },
      ALICE,
    );
    const c = addAgendaItem(doc, id, { title: 'Report', kind: 'report', timebox: -5 }, ALICE);
    expect(getMeeting(doc, id)?.agenda).toMatchObject([
      { id: a, title: 'Opening', kind: 'free', refId: '', order: 0, timebox: 10, minutes: '' },
      { id: b, kind: 'proposal', refId: 'p1', order: 1, timebox: 20 },
      { id: c, kind: 'report', order: 2, timebox: 0 },
    ]);
    moveAgendaItem(doc, id, c, -1, BOB);
    expect(getMeeting(doc, id)?.agenda.map((x) => x.id)).toEqual([c, a, b]);
    const d = addAgendaItem(doc, id, { title: 'Any other business' }, ALICE);
    expect(getMeeting(doc, id)?.agenda.at(-1)).toMatchObject({ id: d, order: 2 });
    removeAgendaItem(doc, id, a, BOB);
    expect(getMeeting(doc, id)?.agenda.map((x) => x.id)).toEqual([c, b, d]);
    expect(codeOf(() => addAgendaItem(doc, id, { title: ' ' }, ALICE))).toBe('error.required');
    expect(codeOf(() => moveAgendaItem(doc, id, 'nope', 1, ALICE))).toBe('error.notFound');
  });

  it('the chair moves the current item', () => {
    const { doc, id } = fresh();
    const a = addAgendaItem(doc, id, { title: 'Opening' }, ALICE);
    setCurrentItem(doc, id, a, BOB);
    expect(getMeeting(doc, id)).toMatchObject({ currentItemId: a, updatedBy: BOB });
  });

  it('writes minutes per item', () => {
    const { doc, id } = fresh();
    const a = addAgendaItem(doc, id, { title: 'Opening' }, ALICE);
    const b = addAgendaItem(doc, id, { title: 'Dues' }, ALICE);
    setMinutes(doc, id, a, 'Opened at 10:05.', BOB);
    setMinutes(doc, id, b, 'Dues stay.', BOB);
    setMinutes(doc, id, b, 'Dues stay as they are.', BOB);
    expect(getMeeting(doc, id)?.agenda.map((x) => x.minutes)).toEqual([
      'Opened at 10:05.',
      'Dues stay as they are.',
    ]);
    expect(codeOf(() => setMinutes(doc, id, 'nope', 'x', BOB))).toBe('error.notFound');
  });
  it('restamps the meeting at most once a minute while one person types minutes', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-05-01T10:00:00Z'));
    const { doc, id } = fresh();
    const a = addAgendaItem(doc, id, { title: 'Opening' }, ALICE);
    const stamps = () => collection(doc, ROOT.meetings).get(id)!;
    let text = '';
    setMinutes(doc, id, a, (text += 'O'), BOB);
    const first = getMeeting(doc, id)!.updatedAt;
    const before = Y.encodeStateAsUpdate(doc).length;
    for (const ch of 'pened at ten') {
      vi.setSystemTime(Date.now() + 1000);
      setMinutes(doc, id, a, (text += ch), BOB);
    }
    // Twelve keystrokes cost the characters, not twelve new updatedAt/updatedBy pairs.
    expect(getMeeting(doc, id)).toMatchObject({ updatedAt: first, updatedBy: BOB });
    expect(Y.encodeStateAsUpdate(doc).length - before).toBeLessThan(200);
    vi.setSystemTime(Date.now() + 61_000);
    setMinutes(doc, id, a, (text += '.'), BOB);
    expect(getMeeting(doc, id)!.updatedAt).not.toBe(first);
    // Someone else typing is stamped at once.
    setMinutes(doc, id, a, text + ' Ok', ALICE);
    expect(stamps().get('updatedBy')).toBe(ALICE);
    expect(getMeeting(doc, id)!.agenda[0]!.minutes).toBe('Opened at ten. Ok');
  });
});

describe('meetings: minutes stages and fingerprint', () => {
  it('draft → proposed → approved freezes the minutes with their fingerprint', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-06-01T18:00:00Z'));
    const { doc, id } = fresh();
    const a = addAgendaItem(doc, id, { title: 'Dues' }, ALICE);
    setMinutes(doc, id, a, 'Agreed.', ALICE);
    setMinutesStage(doc, id, 'proposed', ALICE);
    setMinutesStage(doc, id, 'draft', ALICE);
    setMinutesStage(doc, id, 'proposed', ALICE);
    setMinutesStage(doc, id, 'approved', BOB);
    const m = getMeeting(doc, id)!;
    expect(m).toMatchObject({
      stage: 'approved',
      approvedBy: BOB,
      approvedAt: '2026-06-01T18:00:00.000Z',
    });
    expect(m.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(m.fingerprint).toBe(minutesFingerprint(m));
    expect(changedSinceApproval(m)).toBe(false);
    expect(codeOf(() => setMinutes(doc, id, a, 'Changed.', ALICE))).toBe('error.minutesApproved');
    expect(getMeeting(doc, id)?.agenda[0]?.minutes).toBe('Agreed.');
  });

  it.each<[string, ('proposed' | 'approved' | 'draft')[], 'proposed' | 'approved' | 'draft']>([
    ['draft → approved', [], 'approved'],
    ['draft → draft', [], 'draft'],
    ['proposed → proposed', ['proposed'], 'proposed'],
    ['approved → draft', ['proposed', 'approved'], 'draft'],
    ['approved → proposed', ['proposed', 'approved'], 'proposed'],
    ['approved → approved', ['proposed', 'approved'], 'approved'],
  ])('refuses %s', (_, path, next) => {
    const { doc, id } = fresh();
    for (const s of path) setMinutesStage(doc, id, s, ALICE);
    const before = stateOf(doc);
    expect(codeOf(() => setMinutesStage(doc, id, next, ALICE))).toBe('error.statusNotAllowed');
    expect(stateOf(doc)).toEqual(before);
  });

  it('the fingerprint covers every item’s title and text, in order', () => {
    const item = (id: string, title: string, minutes: string, order: number) => ({
      id,
      title,
      minutes,
      order,
      kind: 'free' as const,
      refId: '',
      timebox: 10,
    });
    const base = [item('a', 'Dues', 'Agreed.', 0), item('b', 'Tartu', 'Two go.', 1)];
    const fp = minutesFingerprint({ agenda: base });
    expect(minutesFingerprint({ agenda: base.map((x) => ({ ...x })) })).toBe(fp);
    expect(
      minutesFingerprint({ agenda: [base[0]!, { ...base[1]!, minutes: 'Three go.' }] }),
    ).not.toBe(fp);
    expect(minutesFingerprint({ agenda: [{ ...base[0]!, title: 'Fees' }, base[1]!] })).not.toBe(fp);
    expect(minutesFingerprint({ agenda: [base[1]!, base[0]!] })).not.toBe(fp);
  });

  it('approved minutes freeze the agenda too: no item added, moved or removed', () => {
    const { doc, id } = fresh();
    const item = addAgendaItem(doc, id, { title: 'Dues' }, ALICE);
    setMinutesStage(doc, id, 'proposed', ALICE);
    setMinutesStage(doc, id, 'approved', ALICE);
    const code = (fn: () => void) => {
      try {
        fn();
        return 'no error';
      } catch (e) {
        return (e as { code?: string }).code;
      }
    };
    expect(code(() => addAgendaItem(doc, id, { title: 'Added later' }, BOB))).toBe(
      'error.minutesApproved',
    );
    expect(code(() => moveAgendaItem(doc, id, item, 5, BOB))).toBe('error.minutesApproved');
    expect(code(() => removeAgendaItem(doc, id, item, BOB))).toBe('error.minutesApproved');
    expect(changedSinceApproval(getMeeting(doc, id)!)).toBe(false);
  });
});

describe('meetings on a doc from a newer app', () => {
  it('every write throws readOnlyNewerVersion and nothing changes', () => {
    const { doc, id } = fresh();
    const item = addAgendaItem(doc, id, { title: 'Dues' }, ALICE);
    metaMap(doc).set('schemaVersion', SCHEMA_VERSION + 1);
    const before = stateOf(doc);
    const writes: (() => unknown)[] = [
      () => addMeeting(doc, input(), ALICE),
      () => updateMeeting(doc, id, { place: 'Hall' }, ALICE),
      () => setAttendance(doc, id, BOB, ORG, ALICE),
      () => setAttendance(doc, id, BOB, null, ALICE),
      () => addAgendaItem(doc, id, { title: 'More' }, ALICE),
      () => moveAgendaItem(doc, id, item, 5, ALICE),
      () => removeAgendaItem(doc, id, item, ALICE),
      () => setCurrentItem(doc, id, item, ALICE),
      () => setMinutes(doc, id, item, 'Typed.', ALICE),
      () => setMinutesStage(doc, id, 'proposed', ALICE),
      () => removeMeeting(doc, id, ALICE),
    ];
    for (const write of writes) expect(codeOf(write)).toBe('error.readOnlyNewerVersion');
    expect(stateOf(doc)).toEqual(before);
  });
});
