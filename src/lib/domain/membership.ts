// Membership applications: an organization asks to join and accepts a regional due; the federation
// accepts or declines, by a person's recorded act (linked to a decision when there is one).
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
  nowIso,
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
import {
  newId,
  type ApplicationId,
  type OrganizationId,
  type PersonId,
  type ProposalId,
} from './ids';
import { isMinorAmount } from './money';
import { collection, LOCAL_EDIT, ROOT } from './schema';
import { DUES_PERIODS, readFundSettings, type DuesPeriod } from './fund-settings';
import { addDays } from './periods';
import { isEmail, isIsoDate } from './validate';

export interface ApplicationInput {
  organizationId: OrganizationId | '';
  applicantName: string;
  contact: string;
  /** Members of the organization, which places it on the sliding scale. */
  memberCount: number | null;
  /** The tier of the sliding scale it accepts, or '' for an amount of its own. */
  tierId: string;
  /** The due it accepts per dues period, minor units of the base currency. */
  dueAmount: number;
  motivation: string;
}

export const APPLICATION_DECISIONS = ['accepted', 'declined', 'left'] as const;
export type ApplicationDecision = (typeof APPLICATION_DECISIONS)[number];

/**
 * One recorded act on an application: a decision, whose `date` is when membership starts or ends,
 * or ('due') a new due from `date` on. Accepting and changing the due record the amount then agreed.
 */
export interface ApplicationAct extends Act {
  decision: ApplicationDecision | 'due';
  date: string;
  by: PersonId;
  proposalId: ProposalId | '';
  reason: string;
  /** Minor units per period, for 'accepted' and 'due'; 0 otherwise. */
  dueAmount: number;
  /** The dues period in force when the due was agreed ('' for other acts). */
  duesPeriod: DuesPeriod | '';
  /** False for an act that was not possible from the status reached before it (kept, no effect). */
  applied: boolean;
}

export type ApplicationStatus = 'pending' | ApplicationDecision;

/** A stretch of membership with one due: `until` is its last day, '' while it lasts. */
export interface MembershipTerm {
  from: string;
  until: string;
  dueAmount: number;
  /** Per what the due is: a later change of the federation's setting does not re-price it. */
  period: DuesPeriod;
}

export interface MembershipApplication extends Entity<ApplicationId>, ApplicationInput {
  status: ApplicationStatus;
  /** Membership dates, from the acts: "YYYY-MM-DD" or ''. */
  memberFrom: string;
  memberUntil: string;
  /** Every stretch of membership and its due, oldest first: what dues are owed from. */
  terms: MembershipTerm[];
  /** Every act, in the order every device agrees on. */
  history: ApplicationAct[];
}

export function blankApplication(): ApplicationInput {
  return {
    organizationId: '',
    applicantName: '',
    contact: '',
    memberCount: null,
    tierId: '',
    dueAmount: 0,
    motivation: '',
  };
}

export function validateApplication(input: ApplicationInput): FieldErrors<keyof ApplicationInput> {
  const errors: FieldErrors<keyof ApplicationInput> = {};
  if (!input.organizationId) errors.organizationId = 'error.required';
  if (!input.applicantName.trim()) errors.applicantName = 'error.required';
  else if (input.applicantName.length > 200) errors.applicantName = 'error.tooLong';
  if (input.contact.length > 200) errors.contact = 'error.tooLong';
  else if (input.contact.includes('@') && !isEmail(input.contact.trim()))
    errors.contact = 'error.email';
  if (
    input.memberCount !== null &&
    !(Number.isInteger(input.memberCount) && input.memberCount >= 0)
  )
    errors.memberCount = 'error.count';
  if (!isMinorAmount(input.dueAmount)) errors.dueAmount = 'error.amount';
  if (input.motivation.length > 20_000) errors.motivation = 'error.tooLong';
  return errors;
}

function applicationMap(doc: Y.Doc, id: ApplicationId): Y.Map<unknown> {
  const map = collection(doc, ROOT.applications).get(id);
  if (!(map instanceof Y.Map)) throw new DomainError('error.notFound');
  return map;
}

/** Records an application; returns its id. */
export function addApplication(doc: Y.Doc, input: ApplicationInput, by: PersonId): ApplicationId {
  const data = {
    ...input,
    applicantName: input.applicantName.trim(),
    contact: input.contact.trim(),
  };
  assertNoErrors(validateApplication(data), 'application');
  if (!isActive(doc, ROOT.organizations, data.organizationId))
    throw new DomainError('error.organization');
  const id = newId<ApplicationId>();
  doc.transact(() => {
    insertEntity(doc, ROOT.applications, id, { ...data }, by, ['motivation']);
    // Made with the application, never lazily: a map made on two devices at once loses one side.
    applicationMap(doc, id).set('history', new Y.Map());
  }, LOCAL_EDIT);
  return id;
}

/** Changes what was applied for; the due of an accepted member changes only from then on. */
export function updateApplication(
  doc: Y.Doc,
  id: ApplicationId,
  patch: Partial<ApplicationInput>,
  by: PersonId,
): void {
  const current = getApplication(doc, id);
  if (!current) throw new DomainError('error.notFound');
  assertNoErrors(validateApplication({ ...current, ...patch }), 'application');
  doc.transact(() => {
    patchEntity(doc, ROOT.applications, id, { ...patch }, by, ['motivation']);
    // A member's new due holds from today: the periods already owed keep the due agreed then.
    if (current.status === 'accepted' && patch.dueAmount && patch.dueAmount !== current.dueAmount)
      appendAct<ApplicationAct>(historyOf(doc, id), {
        decision: 'due',
        date: nowIso().slice(0, 10),
        by,
        proposalId: '',
        reason: '',
        dueAmount: patch.dueAmount,
        duesPeriod: readFundSettings(doc).duesPeriod,
        applied: true,
      });
  }, LOCAL_EDIT);
}

function historyOf(doc: Y.Doc, id: ApplicationId): Y.Map<ApplicationAct> {
  const history = applicationMap(doc, id).get('history');
  // A peer running other code may have stored the application without its history.
  if (!(history instanceof Y.Map))
    throw new DomainError('error.notFound', 'application has no history');
  return history as Y.Map<ApplicationAct>;
}

const NEXT: Record<ApplicationStatus, ApplicationDecision[]> = {
  pending: ['accepted', 'declined'],
  accepted: ['left'],
  declined: ['accepted'],
  left: ['accepted'],
};

/** The decisions that may follow `status`. */
export function nextDecisions(status: ApplicationStatus): readonly ApplicationDecision[] {
  return NEXT[status];
}

/** Accepts, declines or ends a membership as of `date`; a decline needs a reason. */
export function decideApplication(
  doc: Y.Doc,
  id: ApplicationId,
  decision: ApplicationDecision,
  date: string,
  by: PersonId,
  opts: { reason?: string; proposalId?: ProposalId | '' } = {},
): void {
  assertWritable(doc);
  const current = getApplication(doc, id);
  if (!current) throw new DomainError('error.notFound');
  if (!NEXT[current.status].includes(decision))
    throw new DomainError('error.statusNotAllowed', `${current.status} → ${decision}`);
  if (!isIsoDate(date)) throw new DomainError('error.date');
  const reason = (opts.reason ?? '').trim();
  if (decision === 'declined' && !reason) throw new DomainError('error.reasonRequired');
  if (decision === 'left' && current.memberFrom && date < current.memberFrom)
    throw new DomainError('error.date', 'a membership cannot end before it starts');
  doc.transact(() => {
    const map = applicationMap(doc, id);
    appendAct<ApplicationAct>(historyOf(doc, id), {
      decision,
      date,
      by,
      proposalId: opts.proposalId ?? '',
      reason,
      dueAmount: decision === 'accepted' ? current.dueAmount : 0,
      duesPeriod: decision === 'accepted' ? readFundSettings(doc).duesPeriod : '',
      applied: true,
    });
    stamp(map, by);
  }, LOCAL_EDIT);
}

export function setApplicationRemoved(
  doc: Y.Doc,
  id: ApplicationId,
  removed: boolean,
  by: PersonId,
): void {
  setRemoved(doc, ROOT.applications, id, removed, by);
}

function toApplication(id: string, raw: Record<string, unknown>): MembershipApplication {
  const storedDue = numOrNull(raw.dueAmount);
  const dueAmount = isMinorAmount(storedDue) ? storedDue : 0;
  const history = readActs<ApplicationAct>(raw.history, (r) => {
    const decision = r.decision as ApplicationAct['decision'];
    if (!(APPLICATION_DECISIONS.includes(decision as ApplicationDecision) || decision === 'due'))
      return null;
    if (!isIsoDate(str(r.date))) return null;
    const amount = numOrNull(r.dueAmount);
    return {
      decision,
      date: str(r.date),
      by: str(r.by) as PersonId,
      proposalId: str(r.proposalId) as ProposalId | '',
      reason: str(r.reason),
      dueAmount: isMinorAmount(amount) ? amount : 0,
      duesPeriod: DUES_PERIODS.includes(r.duesPeriod as DuesPeriod)
        ? (r.duesPeriod as DuesPeriod)
        : '',
      applied: true,
    };
  });
  // Replaying the acts in the agreed order gives status and terms; an act that is not allowed
  // from the status reached so far (a concurrent accept and decline) is kept but has no effect.
  let status: ApplicationStatus = 'pending';
  const terms: MembershipTerm[] = [];
  const open = () => (terms.at(-1) && !terms.at(-1)!.until ? terms.at(-1)! : null);
  for (const act of history) {
    if (act.decision === 'due') {
      const term = open();
      act.applied = status === 'accepted' && !!term && !!act.dueAmount && act.date > term.from;
      if (act.applied && term) {
        term.until = addDays(act.date, -1);
        terms.push({
          from: act.date,
          until: '',
          dueAmount: act.dueAmount,
          period: act.duesPeriod || term.period,
        });
      }
      continue;
    }
    act.applied = NEXT[status].includes(act.decision);
    if (!act.applied) continue;
    status = act.decision;
    if (act.decision === 'accepted')
      terms.push({
        from: act.date,
        until: '',
        dueAmount: act.dueAmount || dueAmount,
        period: act.duesPeriod || 'year',
      });
    const term = open();
    if (act.decision === 'left' && term) term.until = act.date < term.from ? term.from : act.date;
  }
  const first = terms.findLast((t, i) => i === 0 || terms[i - 1]!.until !== addDays(t.from, -1));
  return {
    ...readEntity<ApplicationId>(raw, id),
    organizationId: str(raw.organizationId) as OrganizationId | '',
    applicantName: str(raw.applicantName),
    contact: str(raw.contact),
    memberCount: numOrNull(raw.memberCount),
    tierId: str(raw.tierId),
    dueAmount,
    motivation: str(raw.motivation),
    status,
    memberFrom: status === 'accepted' || status === 'left' ? (first?.from ?? '') : '',
    memberUntil: status === 'left' ? (terms.at(-1)?.until ?? '') : '',
    terms,
    history,
  };
}

export function getApplication(doc: Y.Doc, id: ApplicationId): MembershipApplication | null {
  return getEntity(doc, ROOT.applications, id, toApplication);
}

/** Applications, newest first. */
export function listApplications(
  doc: Y.Doc,
  opts: { includeRemoved?: boolean } = {},
): MembershipApplication[] {
  return listEntities(doc, ROOT.applications, toApplication, opts).sort(byNewest);
}

export function observeApplications(doc: Y.Doc, onChange: () => void): () => void {
  return observeRoot(doc, ROOT.applications, onChange);
}
