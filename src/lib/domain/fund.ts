// The fund as a whole: everything its screens and rules read, in one snapshot, and the writes
// that need more than one area (paying out an approved expense request).
import type * as Y from 'yjs';
import { listAccounts, type Account } from './accounts';
import { listBudgets, type Budget } from './budgets';
import { getCouncil, listCouncils } from './councils';
import { decide } from './decisions';
import { DomainError } from './errors';
import {
  expenseOutcome,
  getExpenseRequest,
  listExpenseRequests,
  type ExpenseOutcome,
  type ExpenseRequest,
} from './expenses';
import { readFundSettings, readNotDuplicates, type FundSettings } from './fund-settings';
import type {
  AccountId,
  CouncilId,
  ExpenseRequestId,
  LedgerEntryId,
  PersonId,
  ProposalId,
} from './ids';
import { blankEntry, listEntries, recordEntry } from './ledger';
import { viewLedger, type LedgerView } from './ledger-view';
import { listApplications, type MembershipApplication } from './membership';
import { duesLines, type DuesLine } from './dues';
import { listOrganizations } from './organizations';
import { listPeople } from './people';
import { getProposal } from './proposals';
import { metaMap } from './schema';
import { str } from './entity';

export interface FundSnapshot {
  baseCurrency: string;
  /** The day each removed organization was removed: it owes no dues after that. */
  removedOrganizations: Map<string, string>;
  accounts: Account[];
  settings: FundSettings;
  view: LedgerView;
  notDuplicates: Set<string>;
  applications: MembershipApplication[];
  expenseRequests: ExpenseRequest[];
  budgets: Budget[];
}

/** The ledger and its view; the part that grows, read on its own so it can be cached. */
export function readLedger(doc: Y.Doc): LedgerView {
  return viewLedger(listEntries(doc));
}

/** What the rule of an expense request needs from the rest of the document. */
function ruleContext(doc: Y.Doc, now: string) {
  return {
    councilMembers: (id: CouncilId) =>
      new Set<string>(getCouncil(doc, id)?.members.map((m) => m.personId) ?? []),
    proposalResult: (id: ProposalId) => {
      const proposal = getProposal(doc, id);
      if (!proposal || proposal.deletedAt) return null;
      const electorate = {
        organizations: listOrganizations(doc),
        people: listPeople(doc),
        councils: listCouncils(doc),
      };
      const d = decide(proposal, electorate, now);
      return { closed: d.closed, passed: d.outcome.passed };
    },
  };
}

/** The outcome of one expense request under the federation's current rule. */
export function outcomeOf(
  doc: Y.Doc,
  request: ExpenseRequest,
  now = new Date().toISOString(),
): ExpenseOutcome {
  const ctx = ruleContext(doc, now);
  return expenseOutcome(
    request,
    readFundSettings(doc).expenseRule,
    ctx.councilMembers,
    ctx.proposalResult,
  );
}

/** Net amount paid out for a request, from the entries that count. */
export function paidFor(view: LedgerView, id: ExpenseRequestId): number {
  let paid = 0;
  for (const e of view.entries)
    if (
      e.expenseRequestId === id &&
      e.correction !== 'reversal' &&
      view.state.get(e.id) === 'counted'
    )
      paid += e.baseAmount;
  return paid;
}

/**
 * Pays out (part of) an approved request: records the expense entry, linked to the request,
 * its event and council. Refuses more than what is left of the approved amount.
 */
export function payExpense(
  doc: Y.Doc,
  id: ExpenseRequestId,
  pay: {
    accountId: AccountId;
    date: string;
    amount: number;
    receipt: string;
    paidBy: PersonId | '';
  },
  by: PersonId,
): LedgerEntryId {
  const request = getExpenseRequest(doc, id);
  if (!request || request.deletedAt) throw new DomainError('error.notFound');
  if (outcomeOf(doc, request).state !== 'approved') throw new DomainError('error.notApproved');
  if (pay.amount > request.amount - paidFor(readLedger(doc), id))
    throw new DomainError('error.overApproved');
  const base = str(metaMap(doc).get('baseCurrency'));
  return recordEntry(
    doc,
    {
      ...blankEntry('expense', base, pay.date),
      accountId: pay.accountId,
      amount: pay.amount,
      payee: request.payee || request.purpose,
      category: request.category,
      gatheringId: request.gatheringId,
      councilId: request.councilId,
      receipt: pay.receipt,
      paidBy: pay.paidBy,
      expenseRequestId: id,
      memo: request.purpose,
    },
    by,
  );
}

/** The day each removed organization was removed. */
export function removedOrganizations(doc: Y.Doc): Map<string, string> {
  const out = new Map<string, string>();
  for (const o of listOrganizations(doc, { includeRemoved: true }))
    if (o.deletedAt) out.set(o.id, o.deletedAt.slice(0, 10));
  return out;
}

/** Dues owed and paid per organization and period, as of `today`. */
export function duesOf(doc: Y.Doc, today: string, view: LedgerView = readLedger(doc)): DuesLine[] {
  const s = readFundSettings(doc);
  return duesLines(listApplications(doc), view, s.duesGraceDays, today, removedOrganizations(doc));
}

/** Everything the fund's screens show. */
export function readFund(doc: Y.Doc, view: LedgerView = readLedger(doc)): FundSnapshot {
  return {
    baseCurrency: str(metaMap(doc).get('baseCurrency')),
    removedOrganizations: removedOrganizations(doc),
    accounts: listAccounts(doc, { includeRemoved: true }),
    settings: readFundSettings(doc),
    view,
    notDuplicates: readNotDuplicates(doc),
    applications: listApplications(doc),
    expenseRequests: listExpenseRequests(doc),
    budgets: listBudgets(doc),
  };
}
