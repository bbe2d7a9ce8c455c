// Expense requests: someone asks to spend, the federation's rule approves or rejects, and paying
// out an approved request records the expense in the ledger.
import * as Y from 'yjs';
import { appendAct, readActs, type Act } from './acts';
import {
  assertNoErrors,
  assertWritable,
  byNewest,
  getEntity,
  insertEntity,
  isActive,
  listEntities,
  numOrNull,
  observeRoot,
  patchEntity,
  readEntity,
  setRemoved,
  stamp,
  str,
  type Entity,
} from './entity';
import { DomainError, type FieldErrors } from './errors';
import { readFundSettings, type ExpenseRule } from './fund-settings';
import {
  newId,
  type CouncilId,
  type ExpenseRequestId,
  type GatheringId,
  type PersonId,
  type ProposalId,
} from './ids';
import { EXPENSE_CATEGORIES, type ExpenseCategory } from './ledger';
import { isMinorAmount } from './money';
import { collection, LOCAL_EDIT, ROOT } from './schema';

export interface ExpenseRequestInput {
  purpose: string;
  payee: string;
  /** Minor units of the base currency. */
  amount: number;
  category: ExpenseCategory;
  gatheringId: GatheringId | '';
  councilId: CouncilId | '';
  requestedBy: PersonId | '';
  /** Under the "decision" rule: the proposal that decides it. */
  proposalId: ProposalId | '';
}

export const EXPENSE_ACTS = ['approve', 'reject', 'withdraw'] as const;
export type ExpenseActKind = (typeof EXPENSE_ACTS)[number];

export interface ExpenseAct extends Act {
  kind: ExpenseActKind;
  by: PersonId;
  reason: string;
  /** What the approver saw: an approval counts only for this amount. */
  amount: number;
  /** The council the approver belonged to when acting ('' if none): leaving later keeps it valid. */
  asMemberOf: CouncilId | '';
}

export interface ExpenseRequest extends Entity<ExpenseRequestId>, ExpenseRequestInput {
  history: ExpenseAct[];
}

export type ExpenseState = 'pending' | 'approved' | 'rejected' | 'withdrawn';

export interface ExpenseOutcome {
  state: ExpenseState;
  /** Distinct people whose approval counted, in the order they counted. */
  approvers: PersonId[];
  /** Acts that came after the outcome was fixed, or from people not eligible: kept, not counted. */
  ignored: string[];
}

export function blankExpenseRequest(): ExpenseRequestInput {
  return {
    purpose: '',
    payee: '',
    amount: 0,
    category: 'travel',
    gatheringId: '',
    councilId: '',
    requestedBy: '',
    proposalId: '',
  };
}

export function validateExpenseRequest(
  input: ExpenseRequestInput,
): FieldErrors<keyof ExpenseRequestInput> {
  const errors: FieldErrors<keyof ExpenseRequestInput> = {};
  if (!input.purpose.trim()) errors.purpose = 'error.required';
  else if (input.purpose.length > 500) errors.purpose = 'error.tooLong';
  if (input.payee.length > 200) errors.payee = 'error.tooLong';
  if (!isMinorAmount(input.amount)) errors.amount = 'error.amount';
  if (!EXPENSE_CATEGORIES.includes(input.category)) errors.category = 'error.required';
  return errors;
}

function requestMap(doc: Y.Doc, id: ExpenseRequestId): Y.Map<unknown> {
  const map = collection(doc, ROOT.expenseRequests).get(id);
  if (!(map instanceof Y.Map)) throw new DomainError('error.notFound');
  return map;
}

/** Records a request to spend; returns its id. */
export function addExpenseRequest(
  doc: Y.Doc,
  input: ExpenseRequestInput,
  by: PersonId,
): ExpenseRequestId {
  const data = { ...input, purpose: input.purpose.trim(), payee: input.payee.trim() };
  assertNoErrors(validateExpenseRequest(data), 'expense request');
  if (data.gatheringId && !isActive(doc, ROOT.gatherings, data.gatheringId))
    throw new DomainError('error.deletedEvent');
  if (data.councilId && !isActive(doc, ROOT.councils, data.councilId))
    throw new DomainError('error.deletedCouncil');
  const id = newId<ExpenseRequestId>();
  doc.transact(() => {
    insertEntity(
      doc,
      ROOT.expenseRequests,
      id,
      { ...data, requestedBy: data.requestedBy || by },
      by,
    );
    // Made with the request, never lazily: a map made on two devices at once loses one side.
    requestMap(doc, id).set('history', new Y.Map());
  }, LOCAL_EDIT);
  return id;
}

/** Changes a request while nobody has acted on it. */
export function updateExpenseRequest(
  doc: Y.Doc,
  id: ExpenseRequestId,
  patch: Partial<ExpenseRequestInput>,
  by: PersonId,
): void {
  const current = getExpenseRequest(doc, id);
  if (!current) throw new DomainError('error.notFound');
  if (current.history.length) throw new DomainError('error.expenseActedOn');
  assertNoErrors(validateExpenseRequest({ ...current, ...patch }), 'expense request');
  patchEntity(doc, ROOT.expenseRequests, id, { ...patch }, by);
}

/** Records an approval, a rejection (with a reason) or the requester's withdrawal. */
export function actOnExpense(
  doc: Y.Doc,
  id: ExpenseRequestId,
  kind: ExpenseActKind,
  by: PersonId,
  reason = '',
): void {
  assertWritable(doc);
  if (kind === 'reject' && !reason.trim()) throw new DomainError('error.reasonRequired');
  const request = getExpenseRequest(doc, id);
  if (!request) throw new DomainError('error.notFound');
  const rule = readFundSettings(doc).expenseRule;
  const councilId = rule.kind === 'approvers' ? rule.councilId : '';
  const member = councilId && collection(doc, ROOT.councils).get(councilId)?.get('members');
  doc.transact(() => {
    const map = requestMap(doc, id);
    const history = map.get('history');
    // A peer running other code may have stored the request without its history.
    if (!(history instanceof Y.Map))
      throw new DomainError('error.notFound', 'request has no history');
    appendAct<ExpenseAct>(history as Y.Map<ExpenseAct>, {
      kind,
      by,
      reason: reason.trim(),
      amount: request.amount,
      asMemberOf: member instanceof Y.Map && member.has(by) ? councilId : '',
    });
    stamp(map, by);
  }, LOCAL_EDIT);
}

export function setExpenseRequestRemoved(
  doc: Y.Doc,
  id: ExpenseRequestId,
  removed: boolean,
  by: PersonId,
): void {
  setRemoved(doc, ROOT.expenseRequests, id, removed, by);
}

/**
 * The outcome under the approvers rule, replaying the acts in the order every device agrees on:
 * the first act that settles it (enough distinct eligible approvals, an eligible rejection, or the
 * requester withdrawing) fixes the outcome; every later act stays in the history, not counted.
 * The requester never approves their own request. `eligible` null means anyone may approve.
 */
export function approversOutcome(
  request: ExpenseRequest,
  count: number,
  eligible: ReadonlySet<string> | null,
  councilId: CouncilId | '' = '',
): ExpenseOutcome {
  let state: ExpenseState = 'pending';
  const approvers: PersonId[] = [];
  const ignored: string[] = [];
  for (const act of request.history) {
    // Eligible now, or a member of the rule's council when acting; and for the amount it is now.
    const member =
      !eligible || eligible.has(act.by) || (!!councilId && act.asMemberOf === councilId);
    const sameAmount = act.kind !== 'approve' || act.amount === request.amount;
    const mayDecide = member && sameAmount && act.by !== request.requestedBy;
    if (state !== 'pending') ignored.push(act.id);
    else if (act.kind === 'withdraw') {
      if (act.by === request.requestedBy) state = 'withdrawn';
      else ignored.push(act.id);
    } else if (!mayDecide) ignored.push(act.id);
    else if (act.kind === 'reject') state = 'rejected';
    else if (approvers.includes(act.by)) ignored.push(act.id);
    else {
      approvers.push(act.by);
      if (approvers.length >= count) state = 'approved';
    }
  }
  return { state, approvers, ignored };
}

/** The outcome under the federation's rule; under "decision", the linked proposal decides. */
export function expenseOutcome(
  request: ExpenseRequest,
  rule: ExpenseRule,
  councilMembers: (id: CouncilId) => ReadonlySet<string>,
  proposalResult: (id: ProposalId) => { closed: boolean; passed: boolean } | null,
): ExpenseOutcome {
  if (rule.kind === 'approvers')
    return approversOutcome(
      request,
      rule.count,
      rule.councilId ? councilMembers(rule.councilId) : null,
      rule.councilId,
    );
  const withdrawn = request.history.find(
    (a) => a.kind === 'withdraw' && a.by === request.requestedBy,
  );
  const result = request.proposalId ? proposalResult(request.proposalId) : null;
  const ignored = request.history.map((a) => a.id);
  if (result?.closed)
    return { state: result.passed ? 'approved' : 'rejected', approvers: [], ignored };
  return { state: withdrawn ? 'withdrawn' : 'pending', approvers: [], ignored };
}

function toExpenseRequest(id: string, raw: Record<string, unknown>): ExpenseRequest {
  const category = str(raw.category) as ExpenseCategory;
  const amount = numOrNull(raw.amount);
  return {
    ...readEntity<ExpenseRequestId>(raw, id),
    purpose: str(raw.purpose),
    payee: str(raw.payee),
    amount: isMinorAmount(amount) ? amount : 0,
    category: EXPENSE_CATEGORIES.includes(category) ? category : 'other',
    gatheringId: str(raw.gatheringId) as GatheringId | '',
    councilId: str(raw.councilId) as CouncilId | '',
    requestedBy: str(raw.requestedBy) as PersonId | '',
    proposalId: str(raw.proposalId) as ProposalId | '',
    history: readActs<ExpenseAct>(raw.history, (r) => {
      const kind = r.kind as ExpenseActKind;
      if (!EXPENSE_ACTS.includes(kind)) return null;
      return {
        kind,
        by: str(r.by) as PersonId,
        reason: str(r.reason),
        amount: numOrNull(r.amount) ?? 0,
        asMemberOf: str(r.asMemberOf) as CouncilId | '',
      };
    }),
  };
}

export function getExpenseRequest(doc: Y.Doc, id: ExpenseRequestId): ExpenseRequest | null {
  return getEntity(doc, ROOT.expenseRequests, id, toExpenseRequest);
}

/** Requests, newest first. */
export function listExpenseRequests(
  doc: Y.Doc,
  opts: { includeRemoved?: boolean } = {},
): ExpenseRequest[] {
  return listEntities(doc, ROOT.expenseRequests, toExpenseRequest, opts).sort(byNewest);
}

export function observeExpenseRequests(doc: Y.Doc, onChange: () => void): () => void {
  return observeRoot(doc, ROOT.expenseRequests, onChange);
}
