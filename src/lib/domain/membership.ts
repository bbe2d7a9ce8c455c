// Membership applications: an organization asks to join and accepts a regional due; the federation
// accepts or declines, by a person's recorded act (linked to a decision when there is one).
import * as Y from 'yjs';
import { appendAct, readActs, type Act } from './acts';
import {
  assertNoErrors,
  assertWritable,
  getEntity,
  listEntities,
  insertEntity,
  nowIso,
  numOrNull,
  observeRoot,
  patchEntity,
  readEntity,
  setRemoved,
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
import { isActive } from './ledger';
import { isMinorAmount } from './money';
import { collection, LOCAL_EDIT, ROOT } from './schema';
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

/** One recorded decision on an application; `date` is when membership starts or ends. */
export interface ApplicationAct extends Act {
  decision: ApplicationDecision;
  date: string;
  by: PersonId;
  proposalId: ProposalId | '';
  reason: string;
}

export type ApplicationStatus = 'pending' | ApplicationDecision;

export interface MembershipApplication extends Entity<ApplicationId>, ApplicationInput {
  status: ApplicationStatus;
  /** Membership dates, from the acts: "YYYY-MM-DD" or ''. */
  memberFrom: string;
  memberUntil: string;
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
  patchEntity(doc, ROOT.applications, id, { ...patch }, by, ['motivation']);
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
  doc.transact(() => {
    const map = applicationMap(doc, id);
    const history = map.get('history') as Y.Map<ApplicationAct>;
    appendAct<ApplicationAct>(history, {
      decision,
      date,
      by,
      proposalId: opts.proposalId ?? '',
      reason,
    });
    map.set('updatedAt', nowIso());
    map.set('updatedBy', by);
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
  const history = readActs<ApplicationAct>(raw.history, (r) => {
    const decision = r.decision as ApplicationDecision;
    if (!APPLICATION_DECISIONS.includes(decision) || !isIsoDate(str(r.date))) return null;
    return {
      decision,
      date: str(r.date),
      by: str(r.by) as PersonId,
      proposalId: str(r.proposalId) as ProposalId | '',
      reason: str(r.reason),
    };
  });
  // Replaying the acts in the agreed order gives status and dates; an act that is not allowed
  // from the status reached so far (a concurrent accept and decline) is kept but has no effect.
  let status: ApplicationStatus = 'pending';
  let memberFrom = '';
  let memberUntil = '';
  for (const act of history) {
    if (!NEXT[status].includes(act.decision)) continue;
    status = act.decision;
    if (act.decision === 'accepted') {
      memberFrom = act.date;
      memberUntil = '';
    }
    if (act.decision === 'left') memberUntil = act.date;
  }
  const dueAmount = numOrNull(raw.dueAmount);
  return {
    ...readEntity<ApplicationId>(raw, id),
    organizationId: str(raw.organizationId) as OrganizationId | '',
    applicantName: str(raw.applicantName),
    contact: str(raw.contact),
    memberCount: numOrNull(raw.memberCount),
    tierId: str(raw.tierId),
    dueAmount: isMinorAmount(dueAmount) ? dueAmount : 0,
    motivation: str(raw.motivation),
    status,
    memberFrom,
    memberUntil,
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
  return listEntities(doc, ROOT.applications, toApplication, opts).sort((a, b) =>
    a.createdAt > b.createdAt ? -1 : a.createdAt < b.createdAt ? 1 : a.id < b.id ? -1 : 1,
  );
}

export function observeApplications(doc: Y.Doc, onChange: () => void): () => void {
  return observeRoot(doc, ROOT.applications, onChange);
}
