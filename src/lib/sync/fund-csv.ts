// CSV files of the fund (the transparency report and the ledger of a period) for spreadsheets.
// Amounts are number cells (major units, and minor units as integers) so they sum; every text cell
// that a spreadsheet would run as a formula is neutralised with a leading apostrophe.
import Papa from 'papaparse';
import type { TransparencyReport } from '$lib/domain/fund-report';
import type { LedgerEntry } from '$lib/domain/ledger';
import type { EntryState, LedgerView } from '$lib/domain/ledger-view';
import { minorToDecimal } from '$lib/domain/money';

/** The media type of a .csv file. */
export const CSV_TYPE = 'text/csv';

/**
 * Cells starting like a formula (=, +, -, @, tab, CR). papaparse's own pattern ends in `.*$`
 * without the s flag, so a formula followed by a line break would slip through it.
 */
const FORMULA = /^[=+\-@\t\r]/;

/** Names for the ids an export mentions, and labels for codes (kinds, categories, sections). */
export interface CsvNames {
  account: (id: string) => string;
  organization: (id: string) => string;
  event: (id: string) => string;
  council: (id: string) => string;
  label: (code: string) => string;
}

type Cell = string | number;

function unparse(fields: string[], data: Cell[][]): string {
  return Papa.unparse({ fields, data }, { escapeFormulae: FORMULA, newline: '\r\n' });
}

/** Major units as a number cell: exact, since the decimal string has at most 16 digits. */
function major(minor: number, currency: string): number {
  return Number(minorToDecimal(minor, currency));
}

/** +1 when an entry brings money in, -1 when it takes money out (a reversal flips it). */
function sign(e: LedgerEntry): 1 | -1 {
  const out = e.kind === 'expense' || (e.kind === 'refund' && e.direction === 'out');
  const s = out ? -1 : 1;
  return e.correction === 'reversal' ? (-s as 1 | -1) : s;
}

function counterparty(e: LedgerEntry, names: CsvNames): string {
  switch (e.kind) {
    case 'donation':
      return e.donor;
    case 'dues':
      return names.organization(e.organizationId);
    case 'expense':
      return e.payee;
    case 'refund':
      return e.counterparty;
    case 'transfer':
      return names.account(e.toAccountId);
  }
}

export const LEDGER_FIELDS = [
  'date',
  'kind',
  'state',
  'account',
  'to_account',
  'amount',
  'amount_minor',
  'currency',
  'original_amount',
  'original_currency',
  'rate',
  'counterparty',
  'earmark',
  'category',
  'period',
  'event',
  'council',
  'receipt',
  'memo',
  'correction',
  'corrects',
  'id',
  'recorded_at',
];

/**
 * The entries dated `from` to `to`, oldest first, one row each: `amount` is signed in the base
 * currency (money in positive, out negative; a transfer moves its amount between two accounts).
 */
export function ledgerCsv(
  view: LedgerView,
  from: string,
  to: string,
  currency: string,
  names: CsvNames,
): string {
  const rows: Cell[][] = [];
  for (const e of view.entries) {
    if (e.date < from || e.date > to) continue;
    const state: EntryState = view.state.get(e.id) ?? 'counted';
    const signed = sign(e) * e.baseAmount;
    rows.push([
      e.date,
      names.label(e.kind),
      names.label(state),
      names.account(e.accountId),
      e.toAccountId ? names.account(e.toAccountId) : '',
      major(signed, currency),
      signed,
      currency,
      major(e.amount, e.currency),
      e.currency,
      e.rate,
      counterparty(e, names),
      e.earmark,
      e.category ? names.label(e.category) : '',
      e.period,
      e.gatheringId ? names.event(e.gatheringId) : '',
      e.councilId ? names.council(e.councilId) : '',
      e.receipt,
      e.memo,
      e.correction ? names.label(e.correction) : '',
      e.corrects,
      e.id,
      e.recordedAt,
    ]);
  }
  return unparse(LEDGER_FIELDS, rows);
}

export const REPORT_FIELDS = ['section', 'item', 'name', 'amount', 'amount_minor', 'currency'];

/**
 * The transparency report as rows of (section, item, name, amount): the item is a stable code or
 * id for formulas, the name what a reader sees. Expenses are positive amounts spent.
 */
export function reportCsv(report: TransparencyReport, currency: string, names: CsvNames): string {
  const rows: Cell[][] = [];
  const row = (section: string, item: string, name: string, minor: number) =>
    rows.push([section, item, name, major(minor, currency), minor, currency]);
  row('balance', 'opening', `${names.label('opening')} ${report.from}`, report.opening);
  row('balance', 'closing', `${names.label('closing')} ${report.to}`, report.closing);
  for (const a of report.accounts) {
    row('account_opening', a.accountId, names.account(a.accountId), a.opening);
    row('account_closing', a.accountId, names.account(a.accountId), a.closing);
  }
  for (const r of report.income) row('income', r.kind, names.label(r.kind), r.amount);
  row('income_total', '', names.label('income_total'), report.incomeTotal);
  for (const r of report.expensesByCategory)
    row('expense_category', r.category, names.label(r.category), r.amount);
  for (const r of report.expensesByEvent)
    row(
      'expense_event',
      r.gatheringId,
      r.gatheringId ? names.event(r.gatheringId) : names.label('no_event'),
      r.amount,
    );
  row('expense_total', '', names.label('expense_total'), report.expenseTotal);
  for (const d of report.dues) {
    const name = names.organization(d.organizationId);
    row('dues_paid', d.organizationId, name, d.paid);
    row('dues_outstanding', d.organizationId, name, d.outstanding);
    row('dues_overdue', d.organizationId, name, d.overdue);
  }
  return unparse(REPORT_FIELDS, rows);
}

/** "fund-report-2026-01-01-2026-12-31.csv". */
export function fundCsvFileName(what: 'report' | 'ledger', from: string, to: string): string {
  return `fund-${what}-${from}-${to}.csv`;
}
