// Events (workshops, seminars, forums, talks, meetings, online sessions): what, when, where, and
// which requests they answer. Their programme, people sent, checklist and report: programme.ts.
import * as Y from 'yjs';
import {
  assertNoErrors,
  getEntity,
  insertEntity,
  listEntities,
  observeRoot,
  patchEntity,
  readEntity,
  setRemoved,
  str,
  type Entity,
  asRecord,
  numOrNull,
} from './entity';
import type { FieldErrors } from './errors';
import { newId, type GatheringId, type OrganizationId, type PersonId, type RequestId } from './ids';
import {
  editGathering,
  gatheringMap,
  part,
  readAssignments,
  readChecklist,
  readProgramme,
  readReport,
  seedChecklist,
  type Assignment,
  type ChecklistItem,
  type ProgrammeItem,
  type Report,
} from './programme';
import { LOCAL_EDIT, ROOT } from './schema';
import { isHttpUrl, isLanguageTag } from './validate';

export const GATHERING_KINDS = [
  'workshop',
  'seminar',
  'forum',
  'talk',
  'regional-meeting',
  'online',
] as const;
export type GatheringKind = (typeof GATHERING_KINDS)[number];

export interface GatheringInput {
  title: string;
  kind: GatheringKind;
  hostOrganizationId: OrganizationId | '';
  /** Local wall-clock time "YYYY-MM-DDTHH:mm" in `timeZone`. */
  start: string;
  end: string;
  /** IANA time zone, e.g. "Europe/Stockholm". */
  timeZone: string;
  venue: string;
  onlineUrl: string;
  language: string;
  expectedParticipants: number | null;
  actualParticipants: number | null;
  description: string;
}

export interface Gathering extends Entity<GatheringId>, GatheringInput {
  requestIds: RequestId[];
  programme: ProgrammeItem[];
  assignments: Assignment[];
  checklist: ChecklistItem[];
  report: Report | null;
}

/** Something about an event a person should look at; the data itself is kept as it is. */
export type GatheringWarning =
  | { code: 'endBeforeStart' }
  | { code: 'hostRemoved'; organizationId: OrganizationId }
  | { code: 'personMissing'; personId: PersonId };

const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

// Making an Intl.DateTimeFormat costs ~0.1 ms: validating 10,000 events asked it 10,000 times.
const knownZones = new Map<string, boolean>();

/** Whether `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  let known = knownZones.get(zone);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      known = zone.length > 0;
    } catch {
      known = false;
    }
    if (knownZones.size < 1000) knownZones.set(zone, known);
  }
  return known;
}

/** Whether `value` is a real local wall-clock time "YYYY-MM-DDTHH:mm". */
export function isLocalTime(value: string): boolean {
  if (!LOCAL_TIME.test(value)) return false;
  const d = new Date(`${value}:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value);
}

/** An empty form in `timeZone`. */
export function blankGathering(timeZone = 'UTC'): GatheringInput {
  return {
    title: '',
    kind: 'workshop',
    hostOrganizationId: '',
    start: '',
    end: '',
    timeZone,
    venue: '',
    onlineUrl: '',
    language: '',
    expectedParticipants: null,
    actualParticipants: null,
    description: '',
  };
}

const isCount = (n: number | null) =>
  n === null || (Number.isInteger(n) && n >= 0 && n <= 1_000_000);

/** Field errors of an event form; empty when it can be saved. */
export function validateGathering(input: GatheringInput): FieldErrors<keyof GatheringInput> {
  const errors: FieldErrors<keyof GatheringInput> = {};
  if (!input.title.trim()) errors.title = 'error.required';
  else if (input.title.length > 200) errors.title = 'error.tooLong';
  if (!GATHERING_KINDS.includes(input.kind)) errors.kind = 'error.required';
  if (!isLocalTime(input.start)) errors.start = 'error.dateTime';
  if (!isLocalTime(input.end)) errors.end = 'error.dateTime';
  else if (isLocalTime(input.start) && input.end < input.start) errors.end = 'error.endBeforeStart';
  if (!isTimeZone(input.timeZone)) errors.timeZone = 'error.timeZone';
  if (input.onlineUrl && !isHttpUrl(input.onlineUrl)) errors.onlineUrl = 'error.url';
  if (input.language && !isLanguageTag(input.language)) errors.language = 'error.language';
  if (!isCount(input.expectedParticipants)) errors.expectedParticipants = 'error.count';
  if (!isCount(input.actualParticipants)) errors.actualParticipants = 'error.count';
  if (input.description.length > 20_000) errors.description = 'error.tooLong';
  return errors;
}

const TEXT_FIELDS = ['description'] as const;

/** Adds an event, linked to `requestIds`, with a checklist seeded from its kind. */
export function addGathering(
  doc: Y.Doc,
  input: GatheringInput,
  by: PersonId,
  requestIds: RequestId[] = [],
): GatheringId {
  const data = { ...blankGathering(), ...input, title: input.title.trim() };
  assertNoErrors(validateGathering(data), 'event');
  const id = newId<GatheringId>();
  doc.transact(() => {
    insertEntity(doc, ROOT.gatherings, id, { ...data }, by, TEXT_FIELDS);
    const map = gatheringMap(doc, id);
    // Nested maps are made with the event, never lazily (a lazy map made on two devices loses one).
    for (const key of ['requests', 'programme', 'assignments', 'checklist', 'report'])
      map.set(key, new Y.Map());
    part(doc, id, 'report').set('text', new Y.Text());
    for (const requestId of requestIds) part(doc, id, 'requests').set(requestId, true);
    seedChecklist(doc, id, data.kind, by);
  }, LOCAL_EDIT);
  return id;
}

/** Changes the given fields only. */
export function updateGathering(
  doc: Y.Doc,
  id: GatheringId,
  patch: Partial<GatheringInput>,
  by: PersonId,
): void {
  const current = getGathering(doc, id);
  const data = patch.title === undefined ? patch : { ...patch, title: patch.title.trim() };
  if (current) assertNoErrors(validateGathering({ ...current, ...data }), 'event');
  patchEntity(doc, ROOT.gatherings, id, { ...data }, by, TEXT_FIELDS);
}

/** Links or unlinks a request; links made on two devices at once are both kept. */
export function linkRequest(
  doc: Y.Doc,
  id: GatheringId,
  requestId: RequestId,
  linked: boolean,
  by: PersonId,
): void {
  editGathering(doc, id, by, () => {
    const requests = part(doc, id, 'requests');
    if (linked) requests.set(requestId, true);
    else requests.delete(requestId);
  });
}

/** Removes an event (tombstone). */
export function removeGathering(doc: Y.Doc, id: GatheringId, by: PersonId): void {
  setRemoved(doc, ROOT.gatherings, id, true, by);
}

/** Brings a removed event back. */
export function restoreGathering(doc: Y.Doc, id: GatheringId, by: PersonId): void {
  setRemoved(doc, ROOT.gatherings, id, false, by);
}

const num = numOrNull;
const obj = asRecord;

function toGathering(id: string, raw: Record<string, unknown>): Gathering {
  const kind = str(raw.kind) as GatheringKind;
  return {
    ...readEntity<GatheringId>(raw, id),
    title: str(raw.title),
    kind: GATHERING_KINDS.includes(kind) ? kind : 'workshop',
    hostOrganizationId: str(raw.hostOrganizationId) as OrganizationId | '',
    start: str(raw.start),
    end: str(raw.end),
    timeZone: str(raw.timeZone) || 'UTC',
    venue: str(raw.venue),
    onlineUrl: str(raw.onlineUrl),
    language: str(raw.language),
    expectedParticipants: num(raw.expectedParticipants),
    actualParticipants: num(raw.actualParticipants),
    description: str(raw.description),
    requestIds: Object.keys(obj(raw.requests)).sort() as RequestId[],
    programme: readProgramme(obj(raw.programme)),
    assignments: readAssignments(obj(raw.assignments)),
    checklist: readChecklist(obj(raw.checklist)),
    report: readReport(obj(raw.report)),
  };
}

/** Whether an event is not over before `today` (YYYY-MM-DD): it is upcoming or on today. */
export function notOverBy(event: Pick<Gathering, 'end'>, today: string): boolean {
  return event.end.slice(0, 10) >= today;
}

/** One event (removed ones too), or null. */
export function getGathering(doc: Y.Doc, id: GatheringId): Gathering | null {
  return getEntity(doc, ROOT.gatherings, id, toGathering);
}

/** Events by start time (then id); removed ones on request. */
export function listGatherings(doc: Y.Doc, opts: { includeRemoved?: boolean } = {}): Gathering[] {
  return listEntities(doc, ROOT.gatherings, toGathering, opts).sort((a, b) =>
    a.start < b.start ? -1 : a.start > b.start ? 1 : a.id < b.id ? -1 : 1,
  );
}

/**
 * What a person should look at: an end before the start (possible after two devices edited the
 * times), a host organization that was removed, speakers or people sent who are no longer people
 * of the federation.
 */
export function gatheringWarnings(
  g: Gathering,
  organizations: ReadonlyMap<string, { deletedAt: string | null }>,
  people: ReadonlyMap<string, { deletedAt: string | null }>,
): GatheringWarning[] {
  const warnings: GatheringWarning[] = [];
  if (g.start && g.end && g.end < g.start) warnings.push({ code: 'endBeforeStart' });
  if (g.hostOrganizationId && organizations.get(g.hostOrganizationId)?.deletedAt !== null)
    warnings.push({ code: 'hostRemoved', organizationId: g.hostOrganizationId });
  const named = new Set<PersonId>();
  for (const item of g.programme) for (const s of item.speakerIds) named.add(s);
  for (const a of g.assignments) named.add(a.personId);
  for (const personId of [...named].sort()) {
    if (people.get(personId)?.deletedAt !== null)
      warnings.push({ code: 'personMissing', personId });
  }
  return warnings;
}

/** Calls `onChange` after every change to any event; returns the unsubscribe. */
export function observeGatherings(doc: Y.Doc, onChange: () => void): () => void {
  return observeRoot(doc, ROOT.gatherings, onChange);
}
