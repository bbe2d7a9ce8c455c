// Help requests: a group's call for help and its lifecycle, from "new" to "followed up".
import * as Y from 'yjs';
import { appendAct, byKnowledge } from './acts';
import {
  assertNoErrors,
  assertWritable,
  byNewest,
  getEntity,
  insertEntity,
  listEntities,
  numOrNull,
  observeRoot,
  patchEntity,
  readEntity,
  setRemoved,
  stamp,
  str,
  strList,
  type Entity,
} from './entity';
import { DomainError, type FieldErrors } from './errors';
import { newId, type OrganizationId, type PersonId, type RequestId } from './ids';
import { cleanTags } from './people';
import { collection, LOCAL_EDIT, ROOT, type EntityMap } from './schema';
import { isCountryCode, isEmail, isIsoDate, isLanguageTag } from './validate';

export const REQUEST_KINDS = [
  'start-chapter',
  'workshop',
  'seminar',
  'talk',
  'forum',
  'material',
  'translation',
  'advice',
  'other',
] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

export const REQUEST_STATUSES = [
  'new',
  'discussion',
  'accepted',
  'declined',
  'planned',
  'done',
  'followed-up',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const REQUEST_MODES = ['in-person', 'online', 'either'] as const;
export type RequestMode = (typeof REQUEST_MODES)[number];

export const CONTRIBUTIONS = ['hosting', 'venue', 'costs', 'translation'] as const;
export type Contribution = (typeof CONTRIBUTIONS)[number];

/** The status changes a person may make from each status. */
export const NEXT_STATUSES: Record<RequestStatus, readonly RequestStatus[]> = {
  new: ['discussion', 'accepted', 'declined'],
  discussion: ['accepted', 'declined'],
  accepted: ['planned', 'declined'],
  declined: ['discussion'],
  planned: ['done', 'accepted'],
  done: ['followed-up'],
  'followed-up': [],
};

export interface HelpRequestInput {
  title: string;
  kind: RequestKind;
  /** The member organization asking, or '' for a group that is not a member yet. */
  fromOrganizationId: OrganizationId | '';
  groupName: string;
  contactName: string;
  contactEmail: string;
  country: string;
  city: string;
  groupSize: number | null;
  description: string;
  topics: string[];
  preferredFrom: string;
  preferredTo: string;
  language: string;
  mode: RequestMode;
  place: string;
  expectedPeople: number | null;
  contributions: Contribution[];
  contributionNotes: string;
  /** The request this one follows up, or ''. */
  followUpOf: RequestId | '';
}

/** One recorded change of status; all of them stay, the current status is derived. */
export interface StatusChange {
  id: string;
  status: RequestStatus;
  reason: string;
  at: string;
  by: PersonId;
  /** One more than the highest seq the writer had seen: later knowledge wins over clock time. */
  seq: number;
}

export const CANDIDATE_STATES = ['asked', 'agreed', 'declined'] as const;
export type CandidateState = (typeof CANDIDATE_STATES)[number];

/** A person the coordinator asked to go, and their answer (one current entry per person). */
export interface Candidate {
  personId: PersonId;
  state: CandidateState;
  note: string;
  at: string;
  by: PersonId;
}

export interface HelpRequest extends Entity<RequestId>, HelpRequestInput {
  status: RequestStatus;
  /** Oldest first, in the order that decides the status. */
  history: StatusChange[];
  /** People asked to go, by name order of their id. */
  candidates: Candidate[];
}

/** An empty form. */
export function blankRequest(): HelpRequestInput {
  return {
    title: '',
    kind: 'workshop',
    fromOrganizationId: '',
    groupName: '',
    contactName: '',
    contactEmail: '',
    country: '',
    city: '',
    groupSize: null,
    description: '',
    topics: [],
    preferredFrom: '',
    preferredTo: '',
    language: '',
    mode: 'in-person',
    place: '',
    expectedPeople: null,
    contributions: [],
    contributionNotes: '',
    followUpOf: '',
  };
}

const isCount = (n: number | null) =>
  n === null || (Number.isInteger(n) && n >= 0 && n <= 1_000_000);

/** Field errors of a request form; empty when it can be saved. */
export function validateRequest(input: HelpRequestInput): FieldErrors<keyof HelpRequestInput> {
  const errors: FieldErrors<keyof HelpRequestInput> = {};
  if (!input.title.trim()) errors.title = 'error.required';
  else if (input.title.length > 200) errors.title = 'error.tooLong';
  if (!REQUEST_KINDS.includes(input.kind)) errors.kind = 'error.required';
  if (!input.fromOrganizationId && !input.groupName.trim()) errors.groupName = 'error.requestFrom';
  if (input.contactEmail && !isEmail(input.contactEmail)) errors.contactEmail = 'error.email';
  if (input.country && !isCountryCode(input.country)) errors.country = 'error.country';
  if (!isCount(input.groupSize)) errors.groupSize = 'error.count';
  if (!isCount(input.expectedPeople)) errors.expectedPeople = 'error.count';
  if (input.preferredFrom && !isIsoDate(input.preferredFrom)) errors.preferredFrom = 'error.date';
  if (input.preferredTo && !isIsoDate(input.preferredTo)) errors.preferredTo = 'error.date';
  else if (input.preferredFrom && input.preferredTo && input.preferredTo < input.preferredFrom)
    errors.preferredTo = 'error.endBeforeStart';
  if (input.language && !isLanguageTag(input.language)) errors.language = 'error.language';
  if (!REQUEST_MODES.includes(input.mode)) errors.mode = 'error.required';
  if (!input.contributions.every((c) => CONTRIBUTIONS.includes(c)))
    errors.contributions = 'error.required';
  if (input.description.length > 20_000) errors.description = 'error.tooLong';
  return errors;
}

function clean(input: Partial<HelpRequestInput>): Partial<HelpRequestInput> {
  const out: Partial<HelpRequestInput> = { ...input };
  if (out.title !== undefined) out.title = out.title.trim();
  if (out.groupName !== undefined) out.groupName = out.groupName.trim();
  if (out.country !== undefined) out.country = out.country.trim().toUpperCase();
  if (out.contactEmail !== undefined) out.contactEmail = out.contactEmail.trim();
  if (out.topics !== undefined) out.topics = cleanTags(out.topics);
  if (out.contributions !== undefined) out.contributions = [...new Set(out.contributions)];
  return out;
}

const TEXT_FIELDS = ['description'] as const;

/** The stored map of a request; throws when there is none. */
export function requestMap(doc: Y.Doc, id: RequestId): EntityMap {
  const map = collection(doc, ROOT.requests).get(id);
  if (!(map instanceof Y.Map)) throw new DomainError('error.notFound');
  return map;
}

function historyMap(map: EntityMap): Y.Map<StatusChange> {
  const history = map.get('history');
  if (history instanceof Y.Map) return history as Y.Map<StatusChange>;
  throw new DomainError('error.notFound', 'request has no history map');
}

/** Adds a request with status "new"; returns its id. */
export function addRequest(doc: Y.Doc, input: HelpRequestInput, by: PersonId): RequestId {
  const data = { ...blankRequest(), ...clean(input) };
  assertNoErrors(validateRequest(data), 'request');
  const id = newId<RequestId>();
  doc.transact(() => {
    insertEntity(doc, ROOT.requests, id, { ...data }, by, TEXT_FIELDS);
    // Created with the entity, never lazily: two devices creating it at once would lose entries.
    requestMap(doc, id).set('history', new Y.Map());
    requestMap(doc, id).set('candidates', new Y.Map());
    appendChange(doc, id, 'new', '', by);
  }, LOCAL_EDIT);
  return id;
}

/** Changes the given fields only. */
export function updateRequest(
  doc: Y.Doc,
  id: RequestId,
  patch: Partial<HelpRequestInput>,
  by: PersonId,
): void {
  const current = getRequest(doc, id);
  const data = clean(patch);
  if (current) assertNoErrors(validateRequest({ ...current, ...data }), 'request');
  patchEntity(doc, ROOT.requests, id, { ...data }, by, TEXT_FIELDS);
}

function appendChange(
  doc: Y.Doc,
  id: RequestId,
  status: RequestStatus,
  reason: string,
  by: PersonId,
): void {
  appendAct<StatusChange>(historyMap(requestMap(doc, id)), { status, reason, by });
}

/**
 * Moves a request to `status` if that is allowed from its current status; a decline needs a
 * reason. Concurrent changes on two devices are both kept; every device derives the same status.
 */
export function changeStatus(
  doc: Y.Doc,
  id: RequestId,
  status: RequestStatus,
  by: PersonId,
  reason = '',
): void {
  assertWritable(doc);
  const current = getRequest(doc, id);
  if (!current) throw new DomainError('error.notFound');
  if (!NEXT_STATUSES[current.status].includes(status))
    throw new DomainError('error.statusNotAllowed', `${current.status} → ${status}`);
  if (status === 'declined' && !reason.trim()) throw new DomainError('error.reasonRequired');
  doc.transact(() => {
    appendChange(doc, id, status, reason.trim(), by);
    const map = requestMap(doc, id);
    stamp(map, by);
  }, LOCAL_EDIT);
}

/** Removes a request (tombstone). */
export function removeRequest(doc: Y.Doc, id: RequestId, by: PersonId): void {
  setRemoved(doc, ROOT.requests, id, true, by);
}

/** Brings a removed request back. */
export function restoreRequest(doc: Y.Doc, id: RequestId, by: PersonId): void {
  setRemoved(doc, ROOT.requests, id, false, by);
}

/** Orders changes by (seq, at, id): a total order every device agrees on. */
export function orderChanges(changes: StatusChange[]): StatusChange[] {
  return [...changes].sort(byKnowledge);
}

function toChanges(v: unknown): StatusChange[] {
  if (!(v && typeof v === 'object')) return [];
  const out: StatusChange[] = [];
  for (const [id, c] of Object.entries(v as Record<string, Partial<StatusChange>>)) {
    if (!c || !REQUEST_STATUSES.includes(c.status as RequestStatus)) continue;
    out.push({
      id,
      status: c.status as RequestStatus,
      reason: str(c.reason),
      at: str(c.at),
      by: str(c.by) as PersonId,
      seq: Number(c.seq) || 0,
    });
  }
  return orderChanges(out);
}

function toCandidates(v: unknown): Candidate[] {
  if (!(v && typeof v === 'object')) return [];
  const out: Candidate[] = [];
  for (const [personId, c] of Object.entries(v as Record<string, Partial<Candidate>>)) {
    if (!c || !CANDIDATE_STATES.includes(c.state as CandidateState)) continue;
    out.push({
      personId: personId as PersonId,
      state: c.state as CandidateState,
      note: str(c.note),
      at: str(c.at),
      by: str(c.by) as PersonId,
    });
  }
  return out.sort((a, b) => (a.personId < b.personId ? -1 : 1));
}

const num = numOrNull;

function toRequest(id: string, raw: Record<string, unknown>): HelpRequest {
  const history = toChanges(raw.history);
  const kind = str(raw.kind) as RequestKind;
  const mode = str(raw.mode) as RequestMode;
  return {
    ...readEntity<RequestId>(raw, id),
    title: str(raw.title),
    kind: REQUEST_KINDS.includes(kind) ? kind : 'other',
    fromOrganizationId: str(raw.fromOrganizationId) as OrganizationId | '',
    groupName: str(raw.groupName),
    contactName: str(raw.contactName),
    contactEmail: str(raw.contactEmail),
    country: str(raw.country),
    city: str(raw.city),
    groupSize: num(raw.groupSize),
    description: str(raw.description),
    topics: strList(raw.topics),
    preferredFrom: str(raw.preferredFrom),
    preferredTo: str(raw.preferredTo),
    language: str(raw.language),
    mode: REQUEST_MODES.includes(mode) ? mode : 'either',
    place: str(raw.place),
    expectedPeople: num(raw.expectedPeople),
    contributions: strList(raw.contributions).filter((c): c is Contribution =>
      CONTRIBUTIONS.includes(c as Contribution),
    ),
    contributionNotes: str(raw.contributionNotes),
    followUpOf: str(raw.followUpOf) as RequestId | '',
    status: history.at(-1)?.status ?? 'new',
    history,
    candidates: toCandidates(raw.candidates),
  };
}

/** One request (removed ones too), or null. */
export function getRequest(doc: Y.Doc, id: RequestId): HelpRequest | null {
  return getEntity(doc, ROOT.requests, id, toRequest);
}

/** Requests, newest first (then by id); removed ones on request. */
export function listRequests(doc: Y.Doc, opts: { includeRemoved?: boolean } = {}): HelpRequest[] {
  return listEntities(doc, ROOT.requests, toRequest, opts).sort(byNewest);
}

/** Whether a request still needs the federation's attention. */
export function isOpen(request: HelpRequest): boolean {
  return (
    !request.deletedAt && ['new', 'discussion', 'accepted', 'planned'].includes(request.status)
  );
}

/** Calls `onChange` after every change to any request; returns the unsubscribe. */
export function observeRequests(doc: Y.Doc, onChange: () => void): () => void {
  return observeRoot(doc, ROOT.requests, onChange);
}
