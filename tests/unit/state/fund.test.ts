// FundState caches what it derives: the ledger is read in full once and then kept up to date
// entry by entry, never because another root changed; and two devices' states agree after a sync.
import type * as Y from 'yjs';
import { describe, expect, it, vi } from 'vitest';
import { addAccount, blankAccount } from '$lib/domain/accounts';
import { listEntries } from '$lib/domain/ledger';
import type { AccountId } from '$lib/domain/ids';
import { LedgerIndex } from '$lib/domain/ledger-index';
import { addOrganization } from '$lib/domain/organizations';
import { FundState, type EntryForm } from '$lib/state/fund.svelte';
import { ALICE, BOB, fork, newFederationDoc, orgInput, sync } from '../domain/helpers';

const NONE_REMOVED: ReadonlyMap<string, string> = new Map();

function fundOf(doc: Y.Doc) {
  let reads = 0;
  const fund = new FundState(
    doc,
    () => ALICE,
    {
      baseCurrency: () => 'SEK',
      councils: () => new Map(),
      proposals: () => new Map(),
      removedOrganizations: () => NONE_REMOVED,
      decision: () => {
        throw new Error('no proposals here');
      },
    },
    (d) => {
      reads += 1;
      return listEntries(d);
    },
  );
  return { fund, reads: () => reads };
}

function donation(fund: FundState, accountId: AccountId, amountText: string): EntryForm {
  return { ...fund.blank('donation', '2026-03-01'), accountId, amountText, donor: 'Ada' };
}

describe('FundState', () => {
  it('reads the ledger in full once, then entry by entry; never again for other changes', () => {
    const doc = newFederationDoc();
    const account = addAccount(doc, { ...blankAccount(), name: 'Bank' }, ALICE);
    const { fund, reads } = fundOf(doc);
    expect(fund.balances().total).toBe(0);
    expect(fund.view).toBe(fund.view);
    expect(reads()).toBe(1);

    const before = fund.view;
    fund.record(donation(fund, account, '12,50'));
    expect(fund.balances().total).toBe(1250);
    expect(fund.balances('2026-02-28').total).toBe(0);
    expect(fund.newestFirst).toHaveLength(1);
    expect(fund.view).not.toBe(before);
    expect(reads()).toBe(1); // the new entry was added to the index, not read with all others

    // Other roots change: organizations, accounts, fund settings, applications.
    addOrganization(doc, orgInput(), ALICE);
    fund.plans.addAccount({ ...blankAccount(), name: 'Cash box', kind: 'cash' });
    fund.plans.updateSettings({ duesGraceDays: 10 });
    for (let i = 0; i < 5; i++) {
      expect(fund.balances().total).toBe(1250);
      expect(fund.duplicates).toEqual([]);
    }
    expect(fund.plans.accounts.map((a) => a.name)).toEqual(['Bank', 'Cash box']);
    expect(fund.settings.duesGraceDays).toBe(10);
    expect(reads()).toBe(1);
    fund.destroy();
  });

  it('returns the same derived figures until their inputs change', () => {
    const doc = newFederationDoc();
    const account = addAccount(doc, { ...blankAccount(), name: 'Bank' }, ALICE);
    const { fund } = fundOf(doc);
    fund.record(donation(fund, account, '100'));
    const before = {
      balances: fund.balances(),
      series: fund.series('2026-01-01', '2026-12-31'),
      report: fund.report('2026-01-01', '2026-12-31'),
      dues: fund.duesLines('2026-06-01'),
    };
    addOrganization(doc, orgInput(), ALICE);
    expect(fund.balances()).toBe(before.balances);
    expect(fund.series('2026-01-01', '2026-12-31')).toBe(before.series);
    expect(fund.report('2026-01-01', '2026-12-31')).toBe(before.report);
    expect(fund.duesLines('2026-06-01')).toBe(before.dues);

    fund.record(donation(fund, account, '1'));
    expect(fund.balances()).not.toBe(before.balances);
    expect(fund.balances().total).toBe(10100);
    expect(fund.report('2026-01-01', '2026-12-31').incomeTotal).toBe(10100);
    fund.destroy();
  });

  it("computes the overview's figures after a new entry without the whole ledger's view", () => {
    const doc = newFederationDoc();
    const account = addAccount(doc, { ...blankAccount(), name: 'Bank' }, ALICE);
    const { fund } = fundOf(doc);
    const overview = () => ({
      balance: fund.balances('2026-06-01').total,
      series: fund.series(fund.firstDay!, '2026-06-01').at(-1)?.total,
      duplicates: fund.duplicates.length,
      dues: fund.duesSummary('2026-06-01').length,
    });
    fund.record(donation(fund, account, '5'));
    overview();
    const views = vi.spyOn(LedgerIndex.prototype, 'view', 'get');
    fund.record(donation(fund, account, '5'));
    expect(overview()).toEqual({ balance: 1000, series: 1000, duplicates: 1, dues: 0 });
    expect(views).not.toHaveBeenCalled();
    views.mockRestore();
    fund.destroy();
  });

  it('refuses bad amounts and currencies in a form, and saves nothing', () => {
    const doc = newFederationDoc();
    const account = addAccount(doc, { ...blankAccount(), name: 'Bank' }, ALICE);
    const { fund } = fundOf(doc);
    const form = donation(fund, account, '12.345');
    expect(fund.validate(form)).toEqual({ amount: 'error.amount' });
    expect(fund.validate({ ...form, amountText: '-5' })).toEqual({ amount: 'error.amount' });
    expect(fund.validate({ ...form, amountText: '5', currency: 'XQZ' })).toMatchObject({
      currency: 'error.currency',
    });
    expect(fund.validate({ ...form, amountText: '5', currency: 'EUR' })).toEqual({
      rate: 'error.rate',
    });
    expect(() => fund.record(form)).toThrow('error.amount');
    expect(fund.view.entries).toEqual([]);
    const eur = fund.record({ ...form, amountText: '10', currency: 'eur', rate: '11,5' });
    expect(fund.entry(eur)).toMatchObject({ currency: 'EUR', rate: '11.5', baseAmount: 11500 });
  });

  it('shows the same balances on two devices after they merge', () => {
    const a = newFederationDoc();
    const account = addAccount(a, { ...blankAccount(), name: 'Bank' }, ALICE);
    const b = fork(a);
    const fa = fundOf(a);
    const fb = fundOf(b);
    fa.fund.record(donation(fa.fund, account, '40'));
    fb.fund.record({
      ...fb.fund.blank('expense', '2026-03-02'),
      accountId: account,
      amountText: '15',
      payee: 'Train',
      category: 'travel',
      paidBy: BOB,
    });
    expect(fa.fund.balances().total).toBe(4000);
    expect(fb.fund.balances().total).toBe(-1500);
    sync(a, b);
    expect(fa.fund.balances().total).toBe(2500);
    expect(fb.fund.balances().total).toBe(2500);
    expect(fa.fund.newestFirst.map((e) => e.id)).toEqual(fb.fund.newestFirst.map((e) => e.id));
  });
});
