import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Y from 'yjs';
import {
  addBudget,
  budgetVsActual,
  getBudget,
  removeBudgetLine,
  setBudgetLine,
  type BudgetLine,
} from '$lib/domain/budgets';
import { readLedger } from '$lib/domain/fund';
import { readFundSettings, updateFundSettings } from '$lib/domain/fund-settings';
import { transparencyReport } from '$lib/domain/fund-report';
import { removeGathering } from '$lib/domain/gatherings';
import type { PersonId } from '$lib/domain/ids';
import { amendEntry, recordEntry, reverseEntry, type LedgerEntryInput } from '$lib/domain/ledger';
import { decideApplication, listApplications } from '$lib/domain/membership';
import { entryInput, expectRefused, fundWorld, TREASURER } from './fund-fixtures';
import { fork, sync } from './helpers';

const CHAIR = 'person-chair' as PersonId;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-05-01T09:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
});

function report(doc: Y.Doc, from: string, to: string) {
  const s = readFundSettings(doc);
  return transparencyReport(
    readLedger(doc),
    listApplications(doc),
    { graceDays: s.duesGraceDays },
    from,
    to,
  );
}

type Line = Omit<BudgetLine, 'id'>;
const line = (
  direction: Line['direction'],
  category: Line['category'],
  estimate: number,
): Line => ({
  direction,
  category,
  label: '',
  estimate,
});

describe('budgets against actuals', () => {
  it('an event budget counts the expenses linked to the event, corrections as of now', () => {
    const w = fundWorld(0);
    const { doc, bank, gathering } = w;
    const budget = addBudget(
      doc,
      { kind: 'event', name: 'Spring school', gatheringId: gathering, year: '' },
      CHAIR,
    );
    setBudgetLine(doc, budget, line('expense', 'travel', 50_000), CHAIR);
    setBudgetLine(doc, budget, line('expense', 'venue', 30_000), CHAIR);
    setBudgetLine(doc, budget, line('income', 'donation', 10_000), CHAIR);
    const e = (over: Partial<LedgerEntryInput>) =>
      recordEntry(doc, entryInput('expense', bank, { gatheringId: gathering, ...over }), TREASURER);
    e({ category: 'travel', amount: 20_000 });
    const venue = e({ category: 'venue', amount: 35_000 });
    const food = e({ category: 'food', amount: 4_000 });
    e({ category: 'travel', amount: 1_000, gatheringId: '' }); // not linked
    recordEntry(
      doc,
      entryInput('donation', bank, { earmark: 'Spring school', amount: 9_000 }),
      TREASURER,
    );
    amendEntry(
      doc,
      venue,
      entryInput('expense', bank, {
        gatheringId: gathering,
        category: 'venue',
        amount: 30_000,
        memo: 'discount',
      }),
      TREASURER,
    );
    reverseEntry(doc, food, '2026-03-02', 'paid privately', TREASURER);
    expect(budgetVsActual(getBudget(doc, budget)!, readLedger(doc))).toEqual([
      { direction: 'income', category: 'donation', estimate: 10_000, actual: 0 },
      { direction: 'expense', category: 'travel', estimate: 50_000, actual: 20_000 },
      { direction: 'expense', category: 'venue', estimate: 30_000, actual: 30_000 },
    ]);
  });

  it('an annual budget counts the income and expenses dated in its year; transfers do not count', () => {
    const { doc, bank, cash, orgs } = fundWorld(0);
    const budget = addBudget(
      doc,
      { kind: 'annual', name: '2026', gatheringId: '', year: '2026' },
      CHAIR,
    );
    setBudgetLine(doc, budget, line('income', 'dues', 60_000), CHAIR);
    setBudgetLine(doc, budget, line('expense', 'travel', 40_000), CHAIR);
    const r = (kind: LedgerEntryInput['kind'], over: Partial<LedgerEntryInput>) =>
      recordEntry(doc, entryInput(kind, bank, over), TREASURER);
    r('dues', { organizationId: orgs[0]!, amount: 20_000, date: '2026-01-15' });
    r('dues', { organizationId: orgs[1]!, amount: 20_000, date: '2025-12-31' }); // last year
    r('donation', { amount: 5_000, date: '2026-12-31' });
    r('donation', { amount: 7_000, date: '2027-01-01' }); // next year
    r('expense', { amount: 3_000, date: '2026-06-01' });
    r('refund', { amount: 500, direction: 'in', date: '2026-06-02' });
    r('refund', { amount: 800, direction: 'out', date: '2026-06-03' });
    r('transfer', { amount: 9_999, toAccountId: cash, date: '2026-06-04' });
    expect(budgetVsActual(getBudget(doc, budget)!, readLedger(doc))).toEqual([
      { direction: 'income', category: 'donation', estimate: 0, actual: 5_000 },
      { direction: 'income', category: 'dues', estimate: 60_000, actual: 20_000 },
      { direction: 'income', category: 'refund', estimate: 0, actual: 500 },
      { direction: 'expense', category: 'other', estimate: 0, actual: 800 },
      { direction: 'expense', category: 'travel', estimate: 40_000, actual: 3_000 },
    ]);
  });

  it('lines added on two devices at once are all kept; bad budgets and lines are refused', () => {
    const { doc, gathering } = fundWorld(0);
    const budget = addBudget(
      doc,
      { kind: 'event', name: 'School', gatheringId: gathering, year: '' },
      CHAIR,
    );
    const a = fork(doc);
    const b = fork(doc);
    setBudgetLine(a, budget, line('expense', 'travel', 1_000), CHAIR);
    const gone = setBudgetLine(b, budget, line('expense', 'food', 2_000), CHAIR);
    setBudgetLine(b, budget, line('expense', 'venue', 3_000), CHAIR);
    removeBudgetLine(b, budget, gone, CHAIR);
    sync(a, b);
    expect(getBudget(a, budget)!.lines.map((l) => l.category)).toEqual(['travel', 'venue']);
    expect(getBudget(b, budget)).toEqual(getBudget(a, budget));
    expectRefused(
      doc,
      () => setBudgetLine(doc, budget, line('expense', 'travel', -1), CHAIR),
      'error.amount',
    );
    expectRefused(
      doc,
      () => setBudgetLine(doc, budget, line('expense', 'travel', 1.5), CHAIR),
      'error.amount',
    );
    expectRefused(
      doc,
      () => setBudgetLine(doc, budget, line('income', 'travel', 1), CHAIR),
      'error.required',
    );
    const input = { kind: 'event' as const, name: 'X', gatheringId: '' as const, year: '' };
    expectRefused(doc, () => addBudget(doc, input, CHAIR), 'error.required');
    expectRefused(
      doc,
      () => addBudget(doc, { ...input, kind: 'annual', year: '26' }, CHAIR),
      'error.year',
    );
    removeGathering(doc, gathering, CHAIR);
    expectRefused(
      doc,
      () => addBudget(doc, { ...input, gatheringId: gathering }, CHAIR),
      'error.deletedEvent',
    );
  });
});

describe('the transparency report', () => {
  function year() {
    const w = fundWorld(0);
    const { doc, bank, cash, orgs, gathering } = w;
    updateFundSettings(doc, { duesPeriod: 'quarter', duesGraceDays: 15 }, CHAIR);
    decideApplication(doc, w.apps[0]!, 'accepted', '2026-01-01', CHAIR);
    const r = (kind: LedgerEntryInput['kind'], over: Partial<LedgerEntryInput>, on = bank) =>
      recordEntry(doc, entryInput(kind, on, over), TREASURER);
    r('donation', { amount: 50_000, date: '2025-12-01' });
    const ids = {
      donation: r('donation', { amount: 20_000, date: '2026-02-01', currency: 'EUR', rate: '0.1' }),
      dues: r('dues', {
        organizationId: orgs[0]!,
        period: '2026-Q1',
        amount: 10_000,
        date: '2026-02-10',
      }),
      travel: r('expense', { amount: 6_000, date: '2026-03-01', gatheringId: gathering }),
      venue: r('expense', { amount: 4_000, date: '2026-03-02', category: 'venue' }, cash),
    };
    r('transfer', { amount: 10_000, toAccountId: cash, date: '2026-03-03' });
    r('refund', { amount: 1_000, direction: 'in', date: '2026-03-04' }, cash);
    return { ...w, r, ids };
  }

  it('sums income by kind, expenses by category and event, dues and balances of the period', () => {
    const { doc, bank, cash, orgs, gathering } = year();
    const q1 = report(doc, '2026-01-01', '2026-03-31');
    expect(q1).toMatchObject({
      opening: 50_000,
      closing: 50_000 + 2_000 + 10_000 - 6_000 - 4_000 + 1_000,
      income: [
        { kind: 'donation', amount: 2_000 },
        { kind: 'dues', amount: 10_000 },
        { kind: 'refund', amount: 1_000 },
      ],
      incomeTotal: 13_000,
      expensesByCategory: [
        { category: 'travel', amount: 6_000 },
        { category: 'venue', amount: 4_000 },
      ],
      expensesByEvent: [
        { gatheringId: '', amount: 4_000 },
        { gatheringId: gathering, amount: 6_000 },
      ],
      expenseTotal: 10_000,
      dues: [{ organizationId: orgs[0], paid: 10_000, outstanding: 0, overdue: 0 }],
    });
    expect(q1.accounts).toEqual(
      [
        { accountId: bank, opening: 50_000, closing: 50_000 + 2_000 + 10_000 - 6_000 - 10_000 },
        { accountId: cash, opening: 0, closing: -4_000 + 10_000 + 1_000 },
      ].sort((a, b) => (a.accountId < b.accountId ? -1 : 1)),
    );
    expect(q1.opening + q1.incomeTotal - q1.expenseTotal).toBe(q1.closing);
    // Into Q3: nothing happened; Q2 dues overdue (15 days after June), Q3 dues due.
    const q2 = report(doc, '2026-04-01', '2026-07-16');
    expect(q2).toMatchObject({ opening: q1.closing, closing: q1.closing, incomeTotal: 0 });
    expect(q2.dues).toEqual([
      { organizationId: orgs[0], paid: 0, outstanding: 20_000, overdue: 10_000 },
    ]);
  });

  it('a correction dated in a later period leaves the earlier report as it was', () => {
    const { doc, bank, gathering, ids } = year();
    const before = report(doc, '2026-01-01', '2026-03-31');
    reverseEntry(doc, ids.donation, '2026-04-02', 'bounced', TREASURER);
    amendEntry(
      doc,
      ids.travel,
      entryInput('expense', bank, {
        amount: 7_500,
        date: '2026-04-03',
        gatheringId: gathering,
        memo: 'fee',
      }),
      TREASURER,
    );
    reverseEntry(doc, ids.venue, '2026-04-04', 'refunded', TREASURER);
    expect(report(doc, '2026-01-01', '2026-03-31')).toEqual(before);
    const q2 = report(doc, '2026-04-01', '2026-06-30');
    expect(q2.income).toEqual([{ kind: 'donation', amount: -2_000 }]);
    expect(q2.expensesByCategory).toEqual([
      { category: 'travel', amount: 1_500 },
      { category: 'venue', amount: -4_000 },
    ]);
    expect(q2.opening + q2.incomeTotal - q2.expenseTotal).toBe(q2.closing);
    expect(q2.opening).toBe(before.closing);
  });

  // The dues part of a report is computed from the whole ledger as of now: a dues payment
  // reversed, or a late payment made, in Q2 changes what the Q1 report says was outstanding.
  it('a dues correction dated in a later period leaves the earlier report as it was', () => {
    const { doc, ids } = year();
    const before = report(doc, '2026-01-01', '2026-03-31');
    reverseEntry(doc, ids.dues, '2026-04-02', 'bounced', TREASURER);
    expect(report(doc, '2026-01-01', '2026-03-31')).toEqual(before);
  });

  it('a late dues payment leaves the earlier report’s outstanding dues as they were', () => {
    const w = year();
    decideApplication(w.doc, w.apps[1]!, 'accepted', '2026-01-01', CHAIR);
    const before = report(w.doc, '2026-01-01', '2026-03-31');
    expect(before.dues.find((d) => d.organizationId === w.orgs[1])?.outstanding).toBe(20_000);
    w.r('dues', {
      organizationId: w.orgs[1]!,
      period: '2026-Q1',
      amount: 20_000,
      date: '2026-05-01',
    });
    expect(report(w.doc, '2026-01-01', '2026-03-31')).toEqual(before);
  });
});
