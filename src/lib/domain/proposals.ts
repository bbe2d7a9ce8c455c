// Proposals: a question, the rule chosen to decide it, every position ever cast (none is lost;
// the latest before the close counts), hand counts, the close, and the outcome with its reasons.
import * as Y from 'yjs';
import {
  asRecord,
  assertNoErrors,
  assertWritable,
  byNewest,
  getEntity,
  insertEntity,
  listEntities,
  nowIso,
  observeRoot,
  patchEntity,
  readEntity,
  readTopFields,
  setRemoved,
  stamp,
  str,
  strList,
  type Entity,
} from './entity';
import { DomainError, type FieldErrors } from './errors';
import { newId, type CouncilId, type MeetingId, type PersonId, type ProposalId } from './ids';
import {
  DECIDERS,
  POSITION_VALUES,
  THRESHOLDS,
  WEIGHTINGS,
  type DecisionRule,
  type HandCount,
  type PositionValue,
} from './decision-rules';
import { collection, LOCAL_EDIT, ROOT, type EntityMap } from './schema';
import { isIsoDate } from './validate';

export const CAST_WAYS = ['self', 'delegate', 'secretary'] as const;
export type CastWay = (typeof CAST_WAYS)[number];

export interface ProposalInput {
  title: string;
  text: string;
  proposerId: PersonId | '';
  councilId: CouncilId | '';
  rule: DecisionRule;
  /** Why the affected parties weigh as they do (for weighting "affected"). */
  weightsReason: string;
  /** ISO time after which positions no longer count, or ''. */
  deadline: string;
  /** "YYYY-MM-DD" when the agreement is reviewed, or ''. */
  reviewDate: string;
  /** Links to what it decides: "request:<id>", "application:<id>", "expense:<id>" … */
  links: string[];
}

/** One cast position, kept forever; the voter's latest one before the close counts. */
export interface Position {
  id: string;
  /** A person, or an organization for whom a delegate votes. */
  voterId: string;
  value: PositionValue;
  reason: string;
  comment: string;
  how: CastWay;
  castBy: PersonId;
  castAt: string;
}

export interface RecordedHands extends HandCount {
  id: string;
  note: string;
  recordedBy: PersonId;
  recordedAt: string;
}

export interface Proposal extends ProposalSummary {
  /** Party id → weight, for weighting "affected". */
  affected: Record<string, number>;
  positions: Position[];
  hands: RecordedHands[];
  /** Objections marked resolved, with who and when (a resolution after the close does not count). */
  resolutions: { positionId: string; by: PersonId; at: string }[];
}

/** A proposal without what was cast and recorded on it: what a list filters and sorts on. */
export interface ProposalSummary extends Entity<ProposalId>, ProposalInput {
  closedAt: string | null;
  closedBy: PersonId | '';
  closedInMeeting: MeetingId | '';
  /** Reasons recorded with the decision. */
  reasons: string;
}

/** A default rule: equal voices of people, simple majority, no quorum, no block. */
export function defaultRule(): DecisionRule {
  return { deciders: 'people', weighting: 'equal', threshold: 'majority', quorum: 0, block: false };
}

/** An empty form. */
export function blankProposal(): ProposalInput {
  return {
    title: '',
    text: '',
    proposerId: '',
    councilId: '',
    rule: defaultRule(),
    weightsReason: '',
    deadline: '',
    reviewDate: '',
    links: [],
  };
}

/** Field errors of a proposal form. */
export function validateProposal(input: ProposalInput): FieldErrors<keyof ProposalInput> {
  const errors: FieldErrors<keyof ProposalInput> = {};
  if (!input.title.trim()) errors.title = 'error.required';
  else if (input.title.length > 200) errors.title = 'error.tooLong';
  const r = input.rule;
  const ruleOk =
    DECIDERS.includes(r.deciders) &&
    WEIGHTINGS.includes(r.weighting) &&
    THRESHOLDS.includes(r.threshold) &&
    r.quorum >= 0 &&
    r.quorum <= 1 &&
    typeof r.block === 'boolean';
  if (!ruleOk) errors.rule = 'error.rule';
  if (r.deciders === 'council' && !input.councilId) errors.councilId = 'error.required';
  if (input.deadline && Number.isNaN(Date.parse(input.deadline)))
    errors.deadline = 'error.dateTime';
  if (Object.values(input.rule).some((v) => v === undefined)) errors.rule = 'error.rule';
  if (input.reviewDate && !isIsoDate(input.reviewDate)) errors.reviewDate = 'error.date';
  if (input.text.length > 50_000) errors.text = 'error.tooLong';
  return errors;
}

function proposalMap(doc: Y.Doc, id: ProposalId): EntityMap {
  const map = collection(doc, ROOT.proposals).get(id);
  if (!(map instanceof Y.Map)) throw new DomainError('error.notFound');
  return map;
}

function nested(doc: Y.Doc, id: ProposalId, key: string): Y.Map<unknown> {
  const value = proposalMap(doc, id).get(key);
  if (!(value instanceof Y.Map)) throw new DomainError('error.notFound', `proposal has no ${key}`);
  return value as Y.Map<unknown>;
}

/** Adds a proposal; returns its id. */
export function addProposal(doc: Y.Doc, input: ProposalInput, by: PersonId): ProposalId {
  const data = { ...blankProposal(), ...input, title: input.title.trim() };
  assertNoErrors(validateProposal(data), 'proposal');
  const id = newId<ProposalId>();
  doc.transact(() => {
    insertEntity(
      doc,
      ROOT.proposals,
      id,
      { ...data, closedAt: null, closedBy: '', closedInMeeting: '' },
      by,
      ['text', 'reasons'],
    );
    const map = proposalMap(doc, id);
    // Made with the proposal, never lazily: a map made on two devices at once would lose one.
    for (const key of ['affected', 'positions', 'hands', 'resolved']) map.set(key, new Y.Map());
    map.set('reasons', new Y.Text());
  }, LOCAL_EDIT);
  return id;
}

/** Changes the question or its rule; refused once the proposal is closed. */
export function updateProposal(
  doc: Y.Doc,
  id: ProposalId,
  patch: Partial<ProposalInput>,
  by: PersonId,
): void {
  const current = getProposal(doc, id);
  if (!current) throw new DomainError('error.notFound');
  if (current.closedAt) throw new DomainError('error.closed');
  assertNoErrors(validateProposal({ ...current, ...patch }), 'proposal');
  patchEntity(doc, ROOT.proposals, id, { ...patch }, by, ['text']);
}

/** Sets how much a party is affected (weighting "affected"); 0 removes it. */
export function setAffected(
  doc: Y.Doc,
  id: ProposalId,
  partyId: string,
  weight: number,
  by: PersonId,
): void {
  assertWritable(doc);
  // Whole numbers: sums of fractions differ in the last bit with the order they are added in.
  if (!(Number.isInteger(weight) && weight >= 0 && weight <= 1000))
    throw new DomainError('error.count');
  if (getProposal(doc, id)?.closedAt) throw new DomainError('error.closed');
  doc.transact(() => {
    const affected = nested(doc, id, 'affected');
    if (weight > 0) affected.set(partyId, weight);
    else affected.delete(partyId);
    proposalMap(doc, id).set('updatedBy', by);
  }, LOCAL_EDIT);
}

/**
 * Casts a position. An objection needs a reason. Kept even when cast after the close (it is then
 * shown as late and does not count), so no device's record is ever lost.
 */
export function castPosition(
  doc: Y.Doc,
  id: ProposalId,
  position: {
    voterId: string;
    value: PositionValue;
    reason?: string;
    comment?: string;
    how?: CastWay;
  },
  by: PersonId,
): string {
  assertWritable(doc);
  if (!POSITION_VALUES.includes(position.value)) throw new DomainError('error.required');
  if (position.value === 'object' && !position.reason?.trim())
    throw new DomainError('error.reasonRequired');
  const positionId = newId();
  doc.transact(() => {
    const entry: Position = {
      id: positionId,
      voterId: position.voterId,
      value: position.value,
      reason: position.reason?.trim() ?? '',
      comment: position.comment?.trim() ?? '',
      how: position.how ?? 'self',
      castBy: by,
      castAt: nowIso(),
    };
    nested(doc, id, 'positions').set(positionId, entry);
  }, LOCAL_EDIT);
  return positionId;
}

/** Records a show of hands or paper ballots as counts. */
export function recordHands(
  doc: Y.Doc,
  id: ProposalId,
  hands: HandCount & { note?: string },
  by: PersonId,
): string {
  assertWritable(doc);
  const counts = [hands.agree, hands.disagree, hands.abstain, hands.object];
  if (!counts.every((n) => Number.isInteger(n) && n >= 0 && n <= 1_000_000))
    throw new DomainError('error.count');
  const handsId = newId();
  doc.transact(() => {
    nested(doc, id, 'hands').set(handsId, {
      ...hands,
      note: hands.note?.trim() ?? '',
      id: handsId,
      recordedBy: by,
      recordedAt: nowIso(),
    });
  }, LOCAL_EDIT);
  return handsId;
}

/** Marks an objection resolved (it no longer blocks) or open again. */
export function setObjectionResolved(
  doc: Y.Doc,
  id: ProposalId,
  positionId: string,
  resolved: boolean,
  by: PersonId,
): void {
  assertWritable(doc);
  doc.transact(() => {
    const map = nested(doc, id, 'resolved');
    if (resolved) map.set(positionId, { by, at: nowIso() });
    else map.delete(positionId);
  }, LOCAL_EDIT);
}

/** Closes the proposal now (by the chair), with the reasons; positions cast later are late. */
export function closeProposal(
  doc: Y.Doc,
  id: ProposalId,
  by: PersonId,
  reasons = '',
  meetingId: MeetingId | '' = '',
): void {
  assertWritable(doc);
  const current = getProposal(doc, id);
  if (!current) throw new DomainError('error.notFound');
  if (current.closedAt) return;
  doc.transact(() => {
    const map = proposalMap(doc, id);
    map.set('closedAt', nowIso());
    map.set('closedBy', by);
    map.set('closedInMeeting', meetingId);
    const text = map.get('reasons');
    if (text instanceof Y.Text && reasons.trim()) text.insert(text.length, reasons.trim());
    stamp(map, by);
  }, LOCAL_EDIT);
}

/** Removes a proposal (tombstone). */
export function removeProposal(doc: Y.Doc, id: ProposalId, by: PersonId): void {
  setRemoved(doc, ROOT.proposals, id, true, by);
}

const obj = asRecord;
const int = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0);

function toRule(v: unknown): DecisionRule {
  const r = obj(v);
  const d = defaultRule();
  return {
    deciders: DECIDERS.includes(r.deciders as never)
      ? (r.deciders as DecisionRule['deciders'])
      : d.deciders,
    weighting: WEIGHTINGS.includes(r.weighting as never)
      ? (r.weighting as DecisionRule['weighting'])
      : d.weighting,
    threshold: THRESHOLDS.includes(r.threshold as never)
      ? (r.threshold as DecisionRule['threshold'])
      : d.threshold,
    quorum: typeof r.quorum === 'number' && r.quorum >= 0 && r.quorum <= 1 ? r.quorum : 0,
    block: r.block === true,
  };
}

function toSummary(id: string, raw: Record<string, unknown>): ProposalSummary {
  return {
    ...readEntity<ProposalId>(raw, id),
    title: str(raw.title),
    text: str(raw.text),
    proposerId: str(raw.proposerId) as PersonId | '',
    councilId: str(raw.councilId) as CouncilId | '',
    rule: toRule(raw.rule),
    weightsReason: str(raw.weightsReason),
    deadline: str(raw.deadline),
    reviewDate: str(raw.reviewDate),
    links: strList(raw.links),
    closedAt: typeof raw.closedAt === 'string' ? raw.closedAt : null,
    closedBy: str(raw.closedBy) as PersonId | '',
    closedInMeeting: str(raw.closedInMeeting) as MeetingId | '',
    reasons: str(raw.reasons),
  };
}

function toProposal(id: string, raw: Record<string, unknown>): Proposal {
  const positions = Object.values(obj(raw.positions))
    .map(obj)
    .filter(
      (p) => POSITION_VALUES.includes(p.value as PositionValue) && typeof p.voterId === 'string',
    )
    .map((p) => ({
      id: str(p.id),
      voterId: str(p.voterId),
      value: p.value as PositionValue,
      reason: str(p.reason),
      comment: str(p.comment),
      how: (CAST_WAYS.includes(p.how as CastWay) ? p.how : 'self') as CastWay,
      castBy: str(p.castBy) as PersonId,
      castAt: str(p.castAt),
    }))
    .sort((a, b) => (a.castAt < b.castAt ? -1 : a.castAt > b.castAt ? 1 : a.id < b.id ? -1 : 1));
  const hands = Object.values(obj(raw.hands))
    .map(obj)
    .map((h) => ({
      id: str(h.id),
      agree: int(h.agree),
      disagree: int(h.disagree),
      abstain: int(h.abstain),
      object: int(h.object),
      note: str(h.note),
      recordedBy: str(h.recordedBy) as PersonId,
      recordedAt: str(h.recordedAt),
    }))
    .sort((a, b) =>
      a.recordedAt < b.recordedAt ? -1 : a.recordedAt > b.recordedAt ? 1 : a.id < b.id ? -1 : 1,
    );
  const affected: Record<string, number> = {};
  // Sorted by party id, so every device adds the weights in the same order.
  for (const [party, w] of Object.entries(obj(raw.affected)).sort(([a], [b]) => (a < b ? -1 : 1)))
    if (typeof w === 'number' && Number.isInteger(w) && w > 0) affected[party] = w;
  return {
    ...toSummary(id, raw),
    affected,
    positions,
    hands,
    resolutions: Object.entries(obj(raw.resolved))
      .map(([positionId, r]) => ({
        positionId,
        by: str(obj(r).by) as PersonId,
        at: str(obj(r).at),
      }))
      .sort((a, b) => (a.positionId < b.positionId ? -1 : 1)),
  };
}

/** One proposal (removed ones too), or null. */
export function getProposal(doc: Y.Doc, id: ProposalId): Proposal | null {
  return getEntity(doc, ROOT.proposals, id, toProposal);
}

/** Proposals, newest first (then id); removed ones on request. */
export function listProposals(doc: Y.Doc, opts: { includeRemoved?: boolean } = {}): Proposal[] {
  return listEntities(doc, ROOT.proposals, toProposal, opts).sort(byNewest);
}

/**
 * Proposals without their positions, hands and resolutions, newest first: a list of thousands
 * reads only what it filters and sorts on, and the rows on screen read the whole proposal.
 */
export function listProposalSummaries(
  doc: Y.Doc,
  opts: { includeRemoved?: boolean } = {},
): ProposalSummary[] {
  return listEntities(doc, ROOT.proposals, toSummary, opts, readTopFields).sort(byNewest);
}

/** Calls `onChange` after every change to any proposal; returns the unsubscribe. */
export function observeProposals(doc: Y.Doc, onChange: () => void): () => void {
  return observeRoot(doc, ROOT.proposals, onChange);
}
