// The transparency report of a period: income by kind, expenses by category and event, dues paid
// and outstanding per organization, and balances at the start and end.
import { categoryOf, type IncomeKind } from './budgets';
import { duesLines, type DuesLine } from './dues';
import type { AccountId, GatheringId, LedgerEntryId, OrganizationId } from './ids';
import type { ExpenseCategory, LedgerEntry } from './ledger';
import { balances, type LedgerView } from './ledger-view';
import type { MembershipApplication } from './membership';
import { addDays } from './periods';

export interface TransparencyReport {
  from: string;
  to: string;
  opening: number;
  closing: number;
  accounts: { accountId: AccountId; opening: number; closing: number }[];
  income: { kind: IncomeKind; amount: number }[];
  incomeTotal: number;
  expensesByCategory: { category: ExpenseCategory; amount: number }[];
  /** Expenses linked to an event ('' for none). */
  expensesByEvent: { gatheringId: GatheringId | ''; amount: number }[];
  expenseTotal: number;
  /** Dues paid in the period, and outstanding at its end, per organization. */
  dues: { organizationId: OrganizationId; paid: number; outstanding: number; overdue: number }[];
}

function add<K>(map: Map<K, number>, key: K, amount: number): void {
  map.set(key, (map.get(key) ?? 0) + amount);
}

function sorted<K extends string, N extends string>(map: Map<K, number>, name: N) {
  return [...map]
    .filter(([, amount]) => amount !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, amount]) => ({ [name]: key, amount }) as { [P in N]: K } & { amount: number });
}

/**
 * The report of the days `from` to `to` (inclusive). A correction counts in the period of its own
 * date, so a closed period's report never changes when a mistake is corrected later.
 */
export function transparencyReport(
  view: LedgerView,
  applications: readonly MembershipApplication[],
  dues: { graceDays: number; removed?: ReadonlyMap<string, string> },
  from: string,
  to: string,
): TransparencyReport {
  const byId = new Map<LedgerEntryId, LedgerEntry>(view.entries.map((e) => [e.id, e]));
  const income = new Map<IncomeKind, number>();
  const byCategory = new Map<ExpenseCategory, number>();
  const byEvent = new Map<GatheringId | '', number>();
  const duesPaid = new Map<OrganizationId, number>();
  for (const p of view.postings) {
    if (p.date < from) continue;
    if (p.date > to) break;
    const e = byId.get(p.entryId);
    const c = e && categoryOf(e);
    if (!e || !c) continue;
    if (c.direction === 'income') add(income, c.category as IncomeKind, p.delta);
    else {
      add(byCategory, c.category as ExpenseCategory, -p.delta);
      add(byEvent, e.gatheringId, -p.delta);
    }
    if (e.kind === 'dues') add(duesPaid, e.organizationId as OrganizationId, p.delta);
  }
  const start = balances(view, addDays(from, -1));
  const end = balances(view, to);
  const accountIds = [...new Set([...start.byAccount.keys(), ...end.byAccount.keys()])].sort();
  const lines: DuesLine[] = duesLines(applications, view, dues.graceDays, to, dues.removed);
  const duesRows = new Map<OrganizationId, TransparencyReport['dues'][number]>();
  const row = (id: OrganizationId) => {
    let r = duesRows.get(id);
    if (!r) duesRows.set(id, (r = { organizationId: id, paid: 0, outstanding: 0, overdue: 0 }));
    return r;
  };
  for (const [id, paid] of duesPaid) row(id).paid += paid;
  for (const l of lines) {
    if (!l.outstanding) continue;
    row(l.organizationId).outstanding += l.outstanding;
    if (l.state === 'overdue') row(l.organizationId).overdue += l.outstanding;
  }
  const incomeRows = sorted(income, 'kind');
  const categoryRows = sorted(byCategory, 'category');
  return {
    from,
    to,
    opening: start.total,
    closing: end.total,
    accounts: accountIds.map((accountId) => ({
      accountId,
      opening: start.byAccount.get(accountId) ?? 0,
      closing: end.byAccount.get(accountId) ?? 0,
    })),
    income: incomeRows,
    incomeTotal: incomeRows.reduce((s, r) => s + r.amount, 0),
    expensesByCategory: categoryRows,
    expensesByEvent: sorted(byEvent, 'gatheringId'),
    expenseTotal: categoryRows.reduce((s, r) => s + r.amount, 0),
    dues: [...duesRows.values()].sort((a, b) => (a.organizationId < b.organizationId ? -1 : 1)),
  };
}
