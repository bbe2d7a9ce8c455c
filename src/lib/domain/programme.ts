// Inside an event: its programme (sessions with speakers), the people sent (travel, hosting),
// the preparation checklist and the report. Each lives in a nested map of the event, keyed by id,
// so additions on two devices are both kept.
import * as Y from 'yjs';
import { assertWritable, isEmptyValue, nowIso, stamp, str } from './entity';
import { spliceText } from './text';
import { DomainError } from './errors';
import { newId, type GatheringId, type OrganizationId, type PersonId } from './ids';
import { collection, LOCAL_EDIT, ROOT, type EntityMap } from './schema';

export interface ProgrammeItem {
  id: string;
  title: string;
  /** Local "YYYY-MM-DDTHH:mm" in the event's time zone, or ''. */
  start: string;
  end: string;
  notes: string;
  speakerIds: PersonId[];
}

export const TRAVEL_MODES = ['train', 'bus', 'car', 'plane', 'boat', 'local', 'online'] as const;
export type TravelMode = (typeof TRAVEL_MODES)[number];

/** A person sent to the event, with their travel and where they stay. */
export interface Assignment {
  personId: PersonId;
  /** Their home organization when they were sent. */
  organizationId: OrganizationId | '';
  travelFrom: string;
  travelTo: string;
  departOn: string;
  returnOn: string;
  mode: TravelMode | '';
  hosting: string;
  notes: string;
}

export interface ChecklistItem {
  id: string;
  /** Position: seeds in their order, later items after them. */
  order: number;
  /** A message key for seeded items (shown translated); '' for items people wrote. */
  seedKey: string;
  title: string;
  ownerId: PersonId | '';
  due: string;
  doneAt: string | null;
  doneBy: PersonId | '';
}

export interface Report {
  text: string;
  participants: number | null;
  followUpWanted: boolean;
  followUpNotes: string;
  writtenAt: string;
  writtenBy: PersonId;
}

/** Seeded preparation steps per kind of event (message keys under `checklist.`). */
export const CHECKLIST_SEEDS: Record<string, readonly string[]> = {
  workshop: ['venue', 'speakers', 'travel', 'hosting', 'invite', 'material', 'report'],
  seminar: ['venue', 'speakers', 'travel', 'hosting', 'invite', 'material', 'report'],
  forum: ['venue', 'speakers', 'agenda', 'invite', 'facilitation', 'report'],
  talk: ['venue', 'speakers', 'travel', 'invite', 'report'],
  'regional-meeting': ['venue', 'agenda', 'invite', 'facilitation', 'minutes'],
  online: ['onlineRoom', 'speakers', 'invite', 'material', 'report'],
};

/** The stored map of an event; throws when there is none. */
export function gatheringMap(doc: Y.Doc, id: GatheringId): EntityMap {
  const map = collection(doc, ROOT.gatherings).get(id);
  if (!(map instanceof Y.Map)) throw new DomainError('error.notFound');
  return map;
}

/** A nested map of an event (requests, programme, assignments, checklist, report). */
export function part(doc: Y.Doc, id: GatheringId, key: string): Y.Map<unknown> {
  const value = gatheringMap(doc, id).get(key);
  if (!(value instanceof Y.Map)) throw new DomainError('error.notFound', `event has no ${key}`);
  return value as Y.Map<unknown>;
}

/**
 * Runs `fn` as one edit of an event: refused on a read-only doc, stamps updatedAt/updatedBy when
 * `fn` changed something (a save that changes nothing leaves nothing to load).
 */
export function editGathering(doc: Y.Doc, id: GatheringId, by: PersonId, fn: () => void): void {
  assertWritable(doc);
  doc.transact((tr) => {
    const map = gatheringMap(doc, id);
    fn();
    if (tr.changed.size > 0 || tr.deleteSet.clients.size > 0) stamp(map, by);
  }, LOCAL_EDIT);
}

function setFields(map: Y.Map<unknown>, fields: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(fields)) {
    const current = map.get(k);
    // Writing '' or null where the key is missing would only add an item to load.
    if (v !== undefined && current !== v && !(isEmptyValue(v) && isEmptyValue(current)))
      map.set(k, v);
  }
}

function child(doc: Y.Doc, id: GatheringId, key: string, childId: string): Y.Map<unknown> {
  const map = part(doc, id, key).get(childId);
  if (!(map instanceof Y.Map)) throw new DomainError('error.notFound');
  return map as Y.Map<unknown>;
}

/** Adds a session to the programme; returns its id. */
export function addProgrammeItem(
  doc: Y.Doc,
  id: GatheringId,
  item: { title: string; start?: string; end?: string; notes?: string },
  by: PersonId,
): string {
  if (!item.title.trim()) throw new DomainError('error.required');
  const itemId = newId();
  editGathering(doc, id, by, () => {
    const map = new Y.Map<unknown>();
    part(doc, id, 'programme').set(itemId, map);
    setFields(map, {
      title: item.title.trim(),
      start: item.start ?? '',
      end: item.end ?? '',
      notes: item.notes ?? '',
    });
    map.set('speakers', new Y.Map());
  });
  return itemId;
}

/** Changes a session's title, times or notes. */
export function updateProgrammeItem(
  doc: Y.Doc,
  id: GatheringId,
  itemId: string,
  patch: Partial<Pick<ProgrammeItem, 'title' | 'start' | 'end' | 'notes'>>,
  by: PersonId,
): void {
  editGathering(doc, id, by, () => setFields(child(doc, id, 'programme', itemId), patch));
}

/** Removes a session from the programme. */
export function removeProgrammeItem(
  doc: Y.Doc,
  id: GatheringId,
  itemId: string,
  by: PersonId,
): void {
  editGathering(doc, id, by, () => part(doc, id, 'programme').delete(itemId));
}

/** Adds or removes a speaker of a session; speakers added on two devices are both kept. */
export function setSpeaker(
  doc: Y.Doc,
  id: GatheringId,
  itemId: string,
  personId: PersonId,
  speaking: boolean,
  by: PersonId,
): void {
  editGathering(doc, id, by, () => {
    const speakers = child(doc, id, 'programme', itemId).get('speakers');
    if (!(speakers instanceof Y.Map)) throw new DomainError('error.notFound');
    if (speaking) speakers.set(personId, { at: nowIso(), by });
    else speakers.delete(personId);
  });
}

const ASSIGNMENT_FIELDS = [
  'organizationId',
  'travelFrom',
  'travelTo',
  'departOn',
  'returnOn',
  'mode',
  'hosting',
  'notes',
] as const;

// Assignments are stored flat, one key per person and field ("<personId>/<field>"), so two devices
// sending the same person at once, or editing different fields, never replace each other's map.
const key = (personId: PersonId, field: string) => `${personId}/${field}`;

/** Sends a person to the event (or updates their travel and hosting); fields merge one by one. */
export function setAssignment(
  doc: Y.Doc,
  id: GatheringId,
  personId: PersonId,
  fields: Partial<Omit<Assignment, 'personId'>>,
  by: PersonId,
): void {
  editGathering(doc, id, by, () => {
    const assignments = part(doc, id, 'assignments');
    if (!assignments.get(key(personId, 'sentAt')))
      assignments.set(key(personId, 'sentAt'), nowIso());
    if (assignments.get(key(personId, 'removedAt')))
      assignments.set(key(personId, 'removedAt'), null);
    for (const field of ASSIGNMENT_FIELDS) {
      const value = fields[field];
      if (value !== undefined && assignments.get(key(personId, field)) !== value)
        assignments.set(key(personId, field), value);
    }
  });
}

/** No longer sends a person (a tombstone: sending them again brings their travel details back). */
export function removeAssignment(
  doc: Y.Doc,
  id: GatheringId,
  personId: PersonId,
  by: PersonId,
): void {
  editGathering(doc, id, by, () =>
    part(doc, id, 'assignments').set(key(personId, 'removedAt'), nowIso()),
  );
}

/** Seeds the checklist of a new event from its kind. */
export function seedChecklist(doc: Y.Doc, id: GatheringId, kind: string, by: PersonId): void {
  for (const key of CHECKLIST_SEEDS[kind] ?? [])
    addChecklistItem(doc, id, { seedKey: key, title: '' }, by);
}

/** Adds a preparation step; returns its id. */
export function addChecklistItem(
  doc: Y.Doc,
  id: GatheringId,
  item: { title: string; seedKey?: string; ownerId?: PersonId | ''; due?: string; order?: number },
  by: PersonId,
): string {
  if (!item.title.trim() && !item.seedKey) throw new DomainError('error.required');
  const itemId = newId();
  editGathering(doc, id, by, () => {
    const checklist = part(doc, id, 'checklist');
    const map = new Y.Map<unknown>();
    let last = -1;
    for (const entry of checklist.values())
      if (entry instanceof Y.Map) last = Math.max(last, Number(entry.get('order')) || 0);
    const order = item.order ?? last + 1;
    checklist.set(itemId, map);
    setFields(map, {
      order,
      seedKey: item.seedKey ?? '',
      title: item.title.trim(),
      ownerId: item.ownerId ?? '',
      due: item.due ?? '',
      doneAt: null,
      doneBy: '',
    });
  });
  return itemId;
}

/** Ticks or unticks a step, or changes its owner or due date; ticking twice is one done step. */
export function updateChecklistItem(
  doc: Y.Doc,
  id: GatheringId,
  itemId: string,
  patch: { done?: boolean; ownerId?: PersonId | ''; due?: string; title?: string },
  by: PersonId,
): void {
  editGathering(doc, id, by, () => {
    const map = child(doc, id, 'checklist', itemId);
    const { done, ...rest } = patch;
    setFields(map, rest);
    if (done === true && !map.get('doneAt')) setFields(map, { doneAt: nowIso(), doneBy: by });
    if (done === false) setFields(map, { doneAt: null, doneBy: '' });
  });
}

/** Removes a step. */
export function removeChecklistItem(
  doc: Y.Doc,
  id: GatheringId,
  itemId: string,
  by: PersonId,
): void {
  editGathering(doc, id, by, () => part(doc, id, 'checklist').delete(itemId));
}

/** Writes the report fields (the text merges character by character). */
export function setReport(
  doc: Y.Doc,
  id: GatheringId,
  report: Omit<Report, 'writtenAt' | 'writtenBy'>,
  by: PersonId,
): void {
  editGathering(doc, id, by, () => {
    const map = part(doc, id, 'report');
    const text = map.get('text');
    // The text is made with the event (addGathering): two devices writing a first report merge.
    if (!(text instanceof Y.Text))
      throw new DomainError('error.notFound', 'event has no report text');
    spliceText(text, report.text);
    setFields(map, {
      participants: report.participants,
      followUpWanted: report.followUpWanted,
      followUpNotes: report.followUpNotes,
      writtenAt: nowIso(),
      writtenBy: by,
    });
  });
}

const entries = (v: Record<string, unknown>) =>
  Object.entries(v).filter(
    (e): e is [string, Record<string, unknown>] => !!e[1] && typeof e[1] === 'object',
  );

/** The programme of a stored event, by start time then id. */
export function readProgramme(raw: Record<string, unknown>): ProgrammeItem[] {
  return entries(raw)
    .map(([id, m]) => ({
      id,
      title: str(m.title),
      start: str(m.start),
      end: str(m.end),
      notes: str(m.notes),
      speakerIds: Object.keys(
        m.speakers && typeof m.speakers === 'object' ? m.speakers : {},
      ).sort() as PersonId[],
    }))
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.id < b.id ? -1 : 1));
}

/** The people sent to a stored event, by person id. */
export function readAssignments(flat: Record<string, unknown>): Assignment[] {
  const byPerson = new Map<string, Record<string, unknown>>();
  for (const [k, value] of Object.entries(flat)) {
    const cut = k.lastIndexOf('/');
    if (cut <= 0) continue;
    const personId = k.slice(0, cut);
    const fields = byPerson.get(personId) ?? {};
    fields[k.slice(cut + 1)] = value;
    byPerson.set(personId, fields);
  }
  return [...byPerson]
    .filter(([, m]) => m.sentAt && !m.removedAt)
    .map(([personId, m]): Assignment => ({
      personId: personId as PersonId,
      organizationId: str(m.organizationId) as OrganizationId | '',
      travelFrom: str(m.travelFrom),
      travelTo: str(m.travelTo),
      departOn: str(m.departOn),
      returnOn: str(m.returnOn),
      mode: (TRAVEL_MODES as readonly string[]).includes(str(m.mode))
        ? (str(m.mode) as TravelMode)
        : '',
      hosting: str(m.hosting),
      notes: str(m.notes),
    }))
    .sort((a, b) => (a.personId < b.personId ? -1 : 1));
}

/** The checklist of a stored event, in its order (then id). */
export function readChecklist(raw: Record<string, unknown>): ChecklistItem[] {
  return entries(raw)
    .map(([id, m]) => ({
      id,
      order: typeof m.order === 'number' ? m.order : 0,
      seedKey: str(m.seedKey),
      title: str(m.title),
      ownerId: str(m.ownerId) as PersonId | '',
      due: str(m.due),
      doneAt: typeof m.doneAt === 'string' ? m.doneAt : null,
      doneBy: str(m.doneBy) as PersonId | '',
    }))
    .sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1));
}

/** The report of a stored event, or null before one is written. */
export function readReport(raw: Record<string, unknown>): Report | null {
  if (!raw.writtenAt) return null;
  return {
    text: str(raw.text),
    participants: typeof raw.participants === 'number' ? raw.participants : null,
    followUpWanted: raw.followUpWanted === true,
    followUpNotes: str(raw.followUpNotes),
    writtenAt: str(raw.writtenAt),
    writtenBy: str(raw.writtenBy) as PersonId,
  };
}
