// The fund's records around the ledger, for screens: accounts, settings, membership applications,
// expense requests and budgets. Reads come from FundState's cached roots; writes go to the domain.
import type * as Y from 'yjs';
import {
  ACCOUNT_KINDS,
  addAccount,
  blankAccount,
  setAccountRemoved,
  updateAccount,
  validateAccount,
  type Account,
  type AccountInput,
} from '$lib/domain/accounts';
import {
  addBudget,
  INCOME_KINDS,
  removeBudgetLine,
  setBudgetLine,
  setBudgetRemoved,
  updateBudget,
  validateBudget,
  validateLine,
  type Budget,
  type BudgetInput,
  type BudgetLine,
} from '$lib/domain/budgets';
import type { FieldErrors } from '$lib/domain/errors';
import {
  actOnExpense,
  addExpenseRequest,
  blankExpenseRequest,
  setExpenseRequestRemoved,
  validateExpenseRequest,
  type ExpenseActKind,
  type ExpenseRequest,
  type ExpenseRequestInput,
} from '$lib/domain/expenses';
import { payExpense } from '$lib/domain/fund';
import {
  DUES_PERIODS,
  tierFor,
  updateFundSettings,
  validateFundSettings,
  type DuesTier,
  type FundSettings,
} from '$lib/domain/fund-settings';
import type {
  AccountId,
  ApplicationId,
  BudgetId,
  ExpenseRequestId,
  LedgerEntryId,
  PersonId,
} from '$lib/domain/ids';
import {
  addApplication,
  blankApplication,
  decideApplication,
  nextDecisions,
  setApplicationRemoved,
  updateApplication,
  validateApplication,
  type ApplicationDecision,
  type ApplicationInput,
  type ApplicationStatus,
  type MembershipApplication,
} from '$lib/domain/membership';

/** The cached reads FundPlans shows. */
export interface PlanReads {
  accounts: () => Account[];
  applications: () => MembershipApplication[];
  requests: () => ExpenseRequest[];
  budgets: () => Budget[];
  settings: () => FundSettings;
}

export class FundPlans {
  readonly accountKinds = ACCOUNT_KINDS;
  readonly duesPeriods = DUES_PERIODS;
  readonly incomeKinds = INCOME_KINDS;

  #doc: Y.Doc;
  #by: () => PersonId;
  #reads: PlanReads;

  constructor(doc: Y.Doc, by: () => PersonId, reads: PlanReads) {
    this.#doc = doc;
    this.#by = by;
    this.#reads = reads;
  }

  /** Every account, removed ones included, by name. */
  get accounts(): Account[] {
    return this.#reads.accounts();
  }

  /** Accounts money can be recorded on. */
  get activeAccounts(): Account[] {
    return this.accounts.filter((a) => !a.deletedAt);
  }

  /** Applications, newest first. */
  get applications(): MembershipApplication[] {
    return this.#reads.applications();
  }

  /** Expense requests, newest first. */
  get requests(): ExpenseRequest[] {
    return this.#reads.requests();
  }

  /** Budgets by name. */
  get budgets(): Budget[] {
    return this.#reads.budgets();
  }

  blankAccount(): AccountInput {
    return blankAccount();
  }

  validateAccount(input: AccountInput): FieldErrors<keyof AccountInput> {
    return validateAccount(input);
  }

  addAccount(input: AccountInput): AccountId {
    return addAccount(this.#doc, input, this.#by());
  }

  updateAccount(id: AccountId, patch: Partial<AccountInput>): void {
    updateAccount(this.#doc, id, patch, this.#by());
  }

  /** Removes or restores an account; its entries keep counting. */
  setAccountRemoved(id: AccountId, removed: boolean): void {
    setAccountRemoved(this.#doc, id, removed, this.#by());
  }

  validateSettings(s: FundSettings): FieldErrors<keyof FundSettings> {
    return validateFundSettings(s);
  }

  /** Saves the settings that changed. */
  updateSettings(patch: Partial<FundSettings>): void {
    updateFundSettings(this.#doc, patch, this.#by());
  }

  /** The step of the sliding scale an organization of `members` falls in. */
  tierFor(members: number | null): DuesTier | null {
    return members === null ? null : tierFor(this.#reads.settings().duesScale, members);
  }

  blankApplication(): ApplicationInput {
    return blankApplication();
  }

  validateApplication(input: ApplicationInput): FieldErrors<keyof ApplicationInput> {
    return validateApplication(input);
  }

  addApplication(input: ApplicationInput): ApplicationId {
    return addApplication(this.#doc, input, this.#by());
  }

  updateApplication(id: ApplicationId, patch: Partial<ApplicationInput>): void {
    updateApplication(this.#doc, id, patch, this.#by());
  }

  /** Accepts, declines (with a reason) or ends a membership as of `date`. */
  decide(id: ApplicationId, decision: ApplicationDecision, date: string, reason = ''): void {
    decideApplication(this.#doc, id, decision, date, this.#by(), { reason });
  }

  /** What may be decided next on an application. */
  nextDecisions(status: ApplicationStatus): readonly ApplicationDecision[] {
    return nextDecisions(status);
  }

  /** Acts that had no effect (a concurrent accept and decline: the later one), by id. */
  ignoredActs(app: MembershipApplication): Set<string> {
    return new Set(app.history.filter((act) => !act.applied).map((act) => act.id));
  }

  removeApplication(id: ApplicationId): void {
    setApplicationRemoved(this.#doc, id, true, this.#by());
  }

  blankRequest(): ExpenseRequestInput {
    return { ...blankExpenseRequest(), requestedBy: this.#by() };
  }

  validateRequest(input: ExpenseRequestInput): FieldErrors<keyof ExpenseRequestInput> {
    return validateExpenseRequest(input);
  }

  addRequest(input: ExpenseRequestInput): ExpenseRequestId {
    return addExpenseRequest(this.#doc, input, this.#by());
  }

  /** Approves, rejects (with a reason) or withdraws a request as this device's user. */
  act(id: ExpenseRequestId, kind: ExpenseActKind, reason = ''): void {
    actOnExpense(this.#doc, id, kind, this.#by(), reason);
  }

  removeRequest(id: ExpenseRequestId): void {
    setExpenseRequestRemoved(this.#doc, id, true, this.#by());
  }

  /** Pays out (part of) an approved request: records the expense entry. */
  pay(
    id: ExpenseRequestId,
    pay: { accountId: AccountId; date: string; amount: number; receipt: string; paidBy: PersonId },
  ): LedgerEntryId {
    return payExpense(this.#doc, id, pay, this.#by());
  }

  validateBudget(input: BudgetInput): FieldErrors<keyof BudgetInput> {
    return validateBudget(input);
  }

  addBudget(input: BudgetInput): BudgetId {
    return addBudget(this.#doc, input, this.#by());
  }

  updateBudget(id: BudgetId, patch: Partial<BudgetInput>): void {
    updateBudget(this.#doc, id, patch, this.#by());
  }

  /** The message key of what is wrong with a budget line, or null. */
  validateLine(line: Omit<BudgetLine, 'id'>): string | null {
    return validateLine(line);
  }

  /** Adds a line (or replaces the line with the same id). */
  setLine(id: BudgetId, line: Omit<BudgetLine, 'id'> & { id?: string }): string {
    return setBudgetLine(this.#doc, id, line, this.#by());
  }

  removeLine(id: BudgetId, lineId: string): void {
    removeBudgetLine(this.#doc, id, lineId, this.#by());
  }

  removeBudget(id: BudgetId): void {
    setBudgetRemoved(this.#doc, id, true, this.#by());
  }
}
