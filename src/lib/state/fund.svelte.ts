// The fund, for screens: cached reads of the ledger and the fund's other roots, the figures derived
// from them (balances, dues, duplicates, outcomes, reports), and the writes of the ledger.
import type * as Y from 'yjs';
import { listAccounts, observeAccounts, type Account } from '$lib/domain/accounts';
import {
  budgetVsActual,
  listBudgets,
  observeBudgets,
  type Budget,
  type BudgetRow,
} from '$lib/domain/budgets';
import type { Council } from '$lib/domain/councils';
import { duesLinesFrom, duesSummary, type DuesLine, type DuesSummary } from '$lib/domain/dues';
import { isActive } from '$lib/domain/entity';
import type { FieldErrors } from '$lib/domain/errors';
import {
  listExpenseRequests,
  observeExpenseRequests,
  type ExpenseOutcome,
  type ExpenseRequest,
} from '$lib/domain/expenses';
import { transparencyReport, type TransparencyReport } from '$lib/domain/fund-report';
import {
  markNotDuplicate,
  observeFundSettings,
  readFundSettings,
  readNotDuplicates,
  type FundSettings,
} from '$lib/domain/fund-settings';
import type { ExpenseRequestId, LedgerEntryId, PersonId } from '$lib/domain/ids';
import {
  amendEntry,
  blankEntry,
  ENTRY_KINDS,
  EXPENSE_CATEGORIES,
  listEntries,
  recordEntry,
  reverseEntry,
  validateEntry,
  type EntryKind,
  type LedgerEntry,
  type LedgerEntryInput,
} from '$lib/domain/ledger';
import type { LedgerIndex } from '$lib/domain/ledger-index';
import type { Balances, EntryState, LedgerView } from '$lib/domain/ledger-view';
import {
  listApplications,
  observeApplications,
  type MembershipApplication,
} from '$lib/domain/membership';
import { isMoneyCurrency, minorToDecimal, parseAmount, parseRate } from '$lib/domain/money';
import type { Decision } from '$lib/domain/decisions';
import type { Proposal } from '$lib/domain/proposals';
import { formatMoney } from '$lib/i18n/format';
import { getLocale } from '$lib/i18n/index.svelte';
import { CachedRead, LedgerRead } from './fund-cache.svelte';
import { memo, memoByKey, outcomes, paidByRequest } from './fund-derive';
import { FundPlans } from './fund-plans';
import { exportFundCsv, type CsvLookups } from './fund-export';

/** What the fund needs from the rest of the federation. */
export interface FundContext {
  baseCurrency: () => string;
  councils: () => ReadonlyMap<string, Council>;
  proposals: () => ReadonlyMap<string, Proposal>;
  decision: (proposal: Proposal) => Decision;
  /** The day each removed organization was removed: it owes no dues after that. */
  removedOrganizations: () => ReadonlyMap<string, string>;
}

/** A ledger entry as a form edits it: the amount and rate as typed. */
export type EntryForm = Omit<LedgerEntryInput, 'amount'> & { amountText: string };

export class FundState {
  readonly kinds = ENTRY_KINDS;
  readonly categories = EXPENSE_CATEGORIES;
  /** Membership applications, expense requests, budgets, accounts and settings. */
  readonly plans: FundPlans;

  #doc: Y.Doc;
  #by: () => PersonId;
  #ctx: FundContext;
  #ledger: LedgerRead;
  #accounts: CachedRead<Account[]>;
  #settings: CachedRead<ReturnType<typeof readSettings>>;
  #applications: CachedRead<MembershipApplication[]>;
  #requests: CachedRead<ExpenseRequest[]>;
  #budgets: CachedRead<Budget[]>;

  constructor(
    doc: Y.Doc,
    by: () => PersonId,
    ctx: FundContext,
    // Reads the whole ledger; replaceable so a test can count how often that happens.
    readAll: (doc: Y.Doc) => LedgerEntry[] = listEntries,
  ) {
    this.#doc = doc;
    this.#by = by;
    this.#ctx = ctx;
    this.#ledger = new LedgerRead(doc, readAll);
    this.#accounts = new CachedRead(doc, observeAccounts, (d) =>
      listAccounts(d, { includeRemoved: true }),
    );
    this.#settings = new CachedRead(doc, observeFundSettings, readSettings);
    this.#applications = new CachedRead(doc, observeApplications, listApplications);
    this.#requests = new CachedRead(doc, observeExpenseRequests, listExpenseRequests);
    this.#budgets = new CachedRead(doc, observeBudgets, listBudgets);
    this.plans = new FundPlans(doc, by, {
      accounts: () => this.#accounts.current,
      applications: () => this.#applications.current,
      requests: () => this.#requests.current,
      budgets: () => this.#budgets.current,
      settings: () => this.settings,
    });
  }

  /** Stops observing the document. */
  destroy(): void {
    for (const c of [
      this.#ledger,
      this.#accounts,
      this.#settings,
      this.#applications,
      this.#requests,
      this.#budgets,
    ])
      c.destroy();
  }

  /** The federation's currency: every balance is in it. */
  get currency(): string {
    return this.#ctx.baseCurrency();
  }

  /** Which entries count, and the postings of the whole ledger. */
  get view(): LedgerView {
    return this.#ledger.current.view;
  }

  get settings(): FundSettings {
    return this.#settings.current.settings;
  }

  /** Every entry, newest first. */
  get newestFirst(): LedgerEntry[] {
    return this.#newestFirst(this.view);
  }
  #newestFirst = memo((view: LedgerView) => [...view.entries].reverse());

  // An entry's page reads these after every recorded entry: from the index, not the whole view.
  /** An entry by id. */
  entry(id: string): LedgerEntry | undefined {
    return this.#ledger.current.entry(id);
  }

  /** Whether an entry counts, or was reversed, amended or superseded. */
  stateOf(id: string): EntryState {
    return this.#ledger.current.stateOf(id) ?? 'counted';
  }

  /** Balances per account and in total at the end of `asOf` ('' for everything). */
  balances(asOf = ''): Balances {
    const index = this.#ledger.current;
    // Today's balances come from the index without building the whole view.
    if (!asOf) return index.balances;
    return this.#balances(asOf, index, index.version);
  }
  // The overview, the chart, dues and duplicates read the index's day totals and groups: after a
  // new entry they cost the days and the look-alikes, not the 50,000 entries of five years.
  #balances = memoByKey((asOf: string, index: LedgerIndex, _v: number) => index.balancesAsOf(asOf));

  /** The first day with a posting, where the chart starts. */
  get firstDay(): string | undefined {
    return this.#ledger.current.firstDay;
  }

  /** The total balance over time, for the chart. */
  series(from: string, to: string): { date: string; total: number }[] {
    const index = this.#ledger.current;
    return this.#series(`${from}|${to}`, index, index.version);
  }
  #series = memoByKey((key: string, index: LedgerIndex, _v: number) => {
    const [from, to] = key.split('|') as [string, string];
    return index.series(from, to);
  });

  /** The corrections of an entry (the first recorded one counts). */
  correctionsOf(id: string): LedgerEntry[] {
    return this.#ledger.current.correctionsOf(id);
  }

  /** Groups of entries that look like one payment recorded twice, not yet reviewed. */
  get duplicates(): LedgerEntry[][] {
    const index = this.#ledger.current;
    return this.#duplicates(index, index.version, this.#settings.current.notDuplicates);
  }
  #duplicates = memo((index: LedgerIndex, _v: number, notDuplicates: Set<string>) =>
    index.duplicates(notDuplicates),
  );

  /** Dues owed, paid and outstanding per organization and period, up to `today`. */
  duesLines(today: string): DuesLine[] {
    const removed = this.#ctx.removedOrganizations();
    const index = this.#ledger.current;
    const apps = this.#applications.current;
    return this.#duesLines(today, index, index.version, apps, this.settings, removed);
  }
  #duesLines = memoByKey(
    (
      today: string,
      index: LedgerIndex,
      _v: number,
      apps: MembershipApplication[],
      s: FundSettings,
      removed: ReadonlyMap<string, string>,
    ) => duesLinesFrom(apps, index.duesPaid(today), s.duesGraceDays, today, removed),
    4,
  );

  /** Per organization: the treasurer's reminder list is those with something outstanding. */
  duesSummary(today: string): DuesSummary[] {
    return this.#duesSummary(this.duesLines(today));
  }
  #duesSummary = memo(duesSummary);

  /** The outcome of an expense request under the federation's rule. */
  outcome(request: ExpenseRequest): ExpenseOutcome {
    const c = this.#ctx;
    const args = [this.settings, c.councils(), c.proposals(), c.decision] as const;
    // A request that is not in the list (just removed) is computed on its own.
    return (
      this.#outcomes(this.#requests.current, ...args).get(request.id) ??
      outcomes([request], ...args).get(request.id)!
    );
  }
  #outcomes = memo(outcomes);

  /** Net amount already paid out for a request. */
  paidFor(id: ExpenseRequestId): number {
    return this.#paid(this.view).get(id) ?? 0;
  }
  #paid = memo(paidByRequest);

  /** The transparency report of the days `from` to `to`. */
  report(from: string, to: string): TransparencyReport {
    const removed = this.#ctx.removedOrganizations();
    const key = `${from}|${to}`;
    return this.#report(key, this.view, this.#applications.current, this.settings, removed);
  }
  #report = memoByKey(
    (
      key: string,
      view: LedgerView,
      apps: MembershipApplication[],
      s: FundSettings,
      removed: ReadonlyMap<string, string>,
    ) => {
      const [from, to] = key.split('|') as [string, string];
      return transparencyReport(view, apps, { graceDays: s.duesGraceDays, removed }, from, to);
    },
    4,
  );

  /** Planned against actual, per line of a budget. */
  budgetRows(budget: Budget): BudgetRow[] {
    const cache = this.#budgetRows(this.view);
    let rows = cache.get(budget);
    if (!rows) cache.set(budget, (rows = budgetVsActual(budget, this.view)));
    return rows;
  }
  // One cache per view; a budget snapshot is a new object after any edit of it.
  #budgetRows = memo((_view: LedgerView) => new WeakMap<Budget, BudgetRow[]>());

  /** Reading and showing amounts of the federation's currency, for forms. */
  readonly money = {
    parse: (text: string) => this.parseAmount(text),
    toText: (minor: number) => this.toText(minor),
    format: (minor: number) => this.format(minor),
  };

  /** Money as the user's locale writes it, in the federation's currency unless told. */
  format(minor: number, currency = this.currency): string {
    return formatMoney(minor, currency, getLocale());
  }

  /** Shares (phone) or downloads (desktop) the report or the ledger of a period as CSV. */
  exportCsv(what: 'report' | 'ledger', from: string, to: string, lookups: CsvLookups) {
    const fund = {
      currency: this.currency,
      view: this.view,
      accounts: this.plans.accounts,
      report: () => this.report(from, to),
    };
    return exportFundCsv(what, { from, to }, fund, lookups);
  }

  /** Minor units as the decimal text an amount field shows ("12.50"). */
  toText(minor: number, currency = this.currency): string {
    return minor ? minorToDecimal(minor, currency) : '';
  }

  /** What a person typed as an amount, in minor units; 0 when it is not a positive amount. */
  parseAmount(text: string, currency = this.currency): number {
    return parseAmount(text, isMoneyCurrency(currency) ? currency : this.currency) ?? 0;
  }

  /** An empty entry form of `kind`, dated `date`. */
  blank(kind: EntryKind, date: string): EntryForm {
    return { ...blankEntry(kind, this.currency, date), amountText: '' };
  }

  /** The form of an existing entry (to amend it). */
  formOf(entry: LedgerEntry): EntryForm {
    const input: Partial<LedgerEntry> = { ...entry };
    for (const k of ['id', 'recordedAt', 'recordedBy', 'baseAmount', 'corrects', 'correction'])
      delete (input as Record<string, unknown>)[k];
    return {
      ...(input as LedgerEntryInput),
      amountText: minorToDecimal(entry.amount, entry.currency),
    };
  }

  /** The entry a form describes. */
  inputOf(form: EntryForm): LedgerEntryInput {
    const { amountText, ...rest } = form;
    const currency = rest.currency.trim().toUpperCase();
    return {
      ...rest,
      currency,
      rate: currency === this.currency ? '' : (parseRate(rest.rate) ?? rest.rate),
      amount: this.parseAmount(amountText, currency),
    };
  }

  /** Field errors (message keys) of an entry form, including references to removed things. */
  validate(form: EntryForm): FieldErrors<keyof LedgerEntryInput> {
    return validateEntry(this.inputOf(form), {
      baseCurrency: this.currency,
      isActive: (key, id) => isActive(this.#doc, key, id),
    });
  }

  /** Records an entry; returns its id. */
  record(form: EntryForm): LedgerEntryId {
    return recordEntry(this.#doc, this.inputOf(form), this.#by());
  }

  /** Cancels an entry from `date` on, with the reason. */
  reverse(id: LedgerEntryId, date: string, reason: string): LedgerEntryId {
    return reverseEntry(this.#doc, id, date, reason, this.#by());
  }

  /** Replaces an entry with a corrected one; the form's memo is the reason. */
  amend(id: LedgerEntryId, form: EntryForm): LedgerEntryId {
    return amendEntry(this.#doc, id, this.inputOf(form), this.#by());
  }

  /** Records that two flagged entries are really two payments. */
  keepBoth(a: LedgerEntryId, b: LedgerEntryId): void {
    markNotDuplicate(this.#doc, a, b, this.#by());
  }
}

function readSettings(doc: Y.Doc) {
  return { settings: readFundSettings(doc), notDuplicates: readNotDuplicates(doc) };
}
