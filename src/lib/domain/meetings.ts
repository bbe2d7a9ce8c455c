// Meetings: attendance, an agenda with time boxes and a current item, minutes written together
// (one Y.Text per item), and the minutes' stages up to approval with a fingerprint.
import { digest } from 'lib0/hash/sha256';
import * as Y from 'yjs';
import {
  asRecord,
  assertNoErrors,
  assertWritable,
  getEntity,
  insertEntity,
  listEntities,
  nowIso,
  observeRoot,
  patchEntity,
  readEntity,
  setRemoved,
  stamp,
  str,
  type Entity,
} from './entity';
import { DomainError, type FieldErrors } from './errors';
import { newId, type CouncilId, type MeetingId, type OrganizationId, type PersonId } from './ids';
import { collection, LOCAL_EDIT, ROOT, type EntityMap } from './schema';
import { spliceText } from './text';
import { isLocalTime, isTimeZone } from './gatherings';

export const MEETING_KINDS = ['regional', 'council'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const AGENDA_KINDS = ['proposal', 'request', 'report', 'free'] as const;
export type AgendaKind = (typeof AGENDA_KINDS)[number];

export const MINUTES_STAGES = ['draft', 'proposed', 'approved'] as const;
export type MinutesStage = (typeof MINUTES_STAGES)[number];

export interface MeetingInput {
  title: string;
  kind: MeetingKind;
  councilId: CouncilId | '';
  /** Local "YYYY-MM-DDTHH:mm" in `timeZone`. */
  start: string;
  timeZone: string;
  place: string;
  onlineUrl: string;
  chairId: PersonId | '';
  secretaryId: PersonId | '';
}

export interface AgendaItem {
  id: string;
  title: string;
  kind: AgendaKind;
  /** The proposal, request … it is about, or ''. */
  refId: string;
  order: number;
  /** Minutes allotted. */
  timebox: number;
  minutes: string;
}

export interface Attendee {
  personId: PersonId;
  /** The organization they represent here, or ''. */
  organizationId: OrganizationId | '';
}

export interface Meeting extends Entity<MeetingId>, MeetingInput {
  attendance: Attendee[];
  agenda: AgendaItem[];
  currentItemId: string;
  stage: MinutesStage;
  approvedAt: string | null;
  approvedBy: PersonId | '';
  /** SHA-256 of the minutes when approved; '' before. */
  fingerprint: string;
}

/** An empty form. */
export function blankMeeting(timeZone = 'UTC'): MeetingInput {
  return {
    title: '',
    kind: 'regional',
    councilId: '',
    start: '',
    timeZone,
    place: '',
    onlineUrl: '',
    chairId: '',
    secretaryId: '',
  };
}

/** Field errors of a meeting form. */
export function validateMeeting(input: MeetingInput): FieldErrors<keyof MeetingInput> {
  const errors: FieldErrors<keyof MeetingInput> = {};
  if (!input.title.trim()) errors.title = 'error.required';
  if (!MEETING_KINDS.includes(input.kind)) errors.kind = 'error.required';
  if (input.kind === 'council' && !input.councilId) errors.councilId = 'error.required';
  if (!isLocalTime(input.start)) errors.start = 'error.dateTime';
  if (!isTimeZone(input.timeZone)) errors.timeZone = 'error.timeZone';
  return errors;
}

function meetingMap(doc: Y.Doc, id: MeetingId): EntityMap {
  const map = collection(doc, ROOT.meetings).get(id);
  if (!(map instanceof Y.Map)) throw new DomainError('error.notFound');
  return map;
}

function part(doc: Y.Doc, id: MeetingId, key: string): Y.Map<unknown> {
  const value = meetingMap(doc, id).get(key);
  if (!(value instanceof Y.Map)) throw new DomainError('error.notFound', `meeting has no ${key}`);
  return value as Y.Map<unknown>;
}

function edit(
  doc: Y.Doc,
  id: MeetingId,
  by: PersonId,
  fn: (map: EntityMap) => void,
  // Minutes are typed a keystroke at a time: restamping the meeting on each one doubled the
  // items the document keeps, so the same person's typing restamps it at most once a minute.
  stampEveryMs = 0,
): void {
  assertWritable(doc);
  doc.transact(() => {
    const map = meetingMap(doc, id);
    fn(map);
    const now = nowIso();
    const last = Date.parse(String(map.get('updatedAt') ?? ''));
    const fresh = map.get('updatedBy') === by && Date.parse(now) - last < stampEveryMs;
    if (fresh) return;
    stamp(map, by, now);
  }, LOCAL_EDIT);
}

/** Adds a meeting; returns its id. */
export function addMeeting(doc: Y.Doc, input: MeetingInput, by: PersonId): MeetingId {
  const data = { ...blankMeeting(), ...input, title: input.title.trim() };
  assertNoErrors(validateMeeting(data), 'meeting');
  const id = newId<MeetingId>();
  doc.transact(() => {
    insertEntity(
      doc,
      ROOT.meetings,
      id,
      {
        ...data,
        currentItemId: '',
        stage: 'draft',
        approvedAt: null,
        approvedBy: '',
        fingerprint: '',
      },
      by,
    );
    const map = meetingMap(doc, id);
    // Made with the meeting, never lazily: a map made on two devices at once would lose one.
    map.set('attendance', new Y.Map());
    map.set('agenda', new Y.Map());
  }, LOCAL_EDIT);
  return id;
}

/** Changes the given fields only. */
export function updateMeeting(
  doc: Y.Doc,
  id: MeetingId,
  patch: Partial<MeetingInput>,
  by: PersonId,
): void {
  const current = getMeeting(doc, id);
  if (current) assertNoErrors(validateMeeting({ ...current, ...patch }), 'meeting');
  patchEntity(doc, ROOT.meetings, id, { ...patch }, by);
}

/** Records a person as present (representing an organization) or absent. */
export function setAttendance(
  doc: Y.Doc,
  id: MeetingId,
  personId: PersonId,
  organizationId: OrganizationId | '' | null,
  by: PersonId,
): void {
  edit(doc, id, by, () => {
    const attendance = part(doc, id, 'attendance');
    if (organizationId === null) attendance.delete(personId);
    else attendance.set(personId, { organizationId, at: nowIso() });
  });
}

/** Approved minutes are frozen: their agenda can no longer change either. */
function assertNotApproved(doc: Y.Doc, id: MeetingId): void {
  if (getMeeting(doc, id)?.stage === 'approved') throw new DomainError('error.minutesApproved');
}

/** Adds an agenda item at the end; returns its id. */
export function addAgendaItem(
  doc: Y.Doc,
  id: MeetingId,
  item: { title: string; kind?: AgendaKind; refId?: string; timebox?: number },
  by: PersonId,
): string {
  assertNotApproved(doc, id);
  if (!item.title.trim()) throw new DomainError('error.required');
  const itemId = newId();
  edit(doc, id, by, () => {
    const agenda = part(doc, id, 'agenda');
    let last = -1;
    for (const entry of agenda.values())
      if (entry instanceof Y.Map) last = Math.max(last, Number(entry.get('order')) || 0);
    const map = new Y.Map<unknown>();
    agenda.set(itemId, map);
    map.set('title', item.title.trim());
    map.set('kind', item.kind ?? 'free');
    map.set('refId', item.refId ?? '');
    map.set('order', last + 1);
    const timebox = Number(item.timebox ?? 10);
    map.set('timebox', Number.isFinite(timebox) ? Math.max(0, Math.round(timebox)) : 10);
    // The minutes text is made with the item, so two secretaries type into the same Y.Text.
    map.set('minutes', new Y.Text());
  });
  return itemId;
}

function item(doc: Y.Doc, id: MeetingId, itemId: string): Y.Map<unknown> {
  const map = part(doc, id, 'agenda').get(itemId);
  if (!(map instanceof Y.Map)) throw new DomainError('error.notFound');
  return map as Y.Map<unknown>;
}

/** Moves an item to `order` (items sort by order, then id). */
export function moveAgendaItem(
  doc: Y.Doc,
  id: MeetingId,
  itemId: string,
  order: number,
  by: PersonId,
): void {
  assertNotApproved(doc, id);
  edit(doc, id, by, () => item(doc, id, itemId).set('order', order));
}

/** Removes an agenda item. */
export function removeAgendaItem(doc: Y.Doc, id: MeetingId, itemId: string, by: PersonId): void {
  assertNotApproved(doc, id);
  edit(doc, id, by, () => part(doc, id, 'agenda').delete(itemId));
}

/** The chair moves the meeting to an item. */
export function setCurrentItem(doc: Y.Doc, id: MeetingId, itemId: string, by: PersonId): void {
  edit(doc, id, by, (map) => map.set('currentItemId', itemId));
}

/** Writes an item's minutes (spliced, so two secretaries' typing merges); refused once approved. */
export function setMinutes(
  doc: Y.Doc,
  id: MeetingId,
  itemId: string,
  text: string,
  by: PersonId,
): void {
  if (getMeeting(doc, id)?.stage === 'approved') throw new DomainError('error.minutesApproved');
  edit(
    doc,
    id,
    by,
    () => {
      const minutes = item(doc, id, itemId).get('minutes');
      if (!(minutes instanceof Y.Text)) throw new DomainError('error.notFound');
      spliceText(minutes, text);
    },
    60_000,
  );
}

/** The fingerprint of a meeting's minutes: SHA-256 over every item's title and text, in order. */
export function minutesFingerprint(meeting: Pick<Meeting, 'agenda'>): string {
  const text = meeting.agenda.map((a) => `${a.title}\n${a.minutes}`).join('\n\u0000\n');
  return [...digest(new TextEncoder().encode(text))]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');
}

/** Moves the minutes to the next stage: draft → proposed → approved (frozen with a fingerprint). */
export function setMinutesStage(
  doc: Y.Doc,
  id: MeetingId,
  stage: MinutesStage,
  by: PersonId,
): void {
  const current = getMeeting(doc, id);
  if (!current) throw new DomainError('error.notFound');
  const next = MINUTES_STAGES.indexOf(stage);
  const now = MINUTES_STAGES.indexOf(current.stage);
  if (next !== now + 1 && !(stage === 'draft' && current.stage === 'proposed'))
    throw new DomainError('error.statusNotAllowed');
  edit(doc, id, by, (map) => {
    map.set('stage', stage);
    if (stage === 'approved') {
      map.set('approvedAt', nowIso());
      map.set('approvedBy', by);
      map.set('fingerprint', minutesFingerprint(current));
    }
  });
}

/** Whether the minutes changed after they were approved (a device edited them offline). */
export function changedSinceApproval(meeting: Meeting): boolean {
  return meeting.stage === 'approved' && meeting.fingerprint !== minutesFingerprint(meeting);
}

/** Removes a meeting (tombstone). */
export function removeMeeting(doc: Y.Doc, id: MeetingId, by: PersonId): void {
  setRemoved(doc, ROOT.meetings, id, true, by);
}

const obj = asRecord;

function toMeeting(id: string, raw: Record<string, unknown>): Meeting {
  const kind = str(raw.kind) as MeetingKind;
  const stage = str(raw.stage) as MinutesStage;
  return {
    ...readEntity<MeetingId>(raw, id),
    title: str(raw.title),
    kind: MEETING_KINDS.includes(kind) ? kind : 'regional',
    councilId: str(raw.councilId) as CouncilId | '',
    start: str(raw.start),
    timeZone: str(raw.timeZone) || 'UTC',
    place: str(raw.place),
    onlineUrl: str(raw.onlineUrl),
    chairId: str(raw.chairId) as PersonId | '',
    secretaryId: str(raw.secretaryId) as PersonId | '',
    attendance: Object.entries(obj(raw.attendance))
      .map(([personId, a]) => ({
        personId: personId as PersonId,
        organizationId: str(obj(a).organizationId) as OrganizationId | '',
      }))
      .sort((a, b) => (a.personId < b.personId ? -1 : 1)),
    agenda: Object.entries(obj(raw.agenda))
      .map(([itemId, a]) => {
        const m = obj(a);
        const k = str(m.kind) as AgendaKind;
        return {
          id: itemId,
          title: str(m.title),
          kind: AGENDA_KINDS.includes(k) ? k : 'free',
          refId: str(m.refId),
          order: typeof m.order === 'number' ? m.order : 0,
          timebox: typeof m.timebox === 'number' ? m.timebox : 0,
          minutes: str(m.minutes),
        };
      })
      .sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1)),
    currentItemId: str(raw.currentItemId),
    stage: MINUTES_STAGES.includes(stage) ? stage : 'draft',
    approvedAt: typeof raw.approvedAt === 'string' ? raw.approvedAt : null,
    approvedBy: str(raw.approvedBy) as PersonId | '',
    fingerprint: str(raw.fingerprint),
  };
}

/** One meeting (removed ones too), or null. */
export function getMeeting(doc: Y.Doc, id: MeetingId): Meeting | null {
  return getEntity(doc, ROOT.meetings, id, toMeeting);
}

/** Meetings, latest first (then id); removed ones on request. */
export function listMeetings(doc: Y.Doc, opts: { includeRemoved?: boolean } = {}): Meeting[] {
  return listEntities(doc, ROOT.meetings, toMeeting, opts).sort((a, b) =>
    a.start > b.start ? -1 : a.start < b.start ? 1 : a.id < b.id ? -1 : 1,
  );
}

/** Calls `onChange` after every change to any meeting; returns the unsubscribe. */
export function observeMeetings(doc: Y.Doc, onChange: () => void): () => void {
  return observeRoot(doc, ROOT.meetings, onChange);
}
