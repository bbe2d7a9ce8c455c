// The fund's CSV files parse back with papaparse to the same rows and amounts, negative amounts
// stay numbers, and text a spreadsheet would run as a formula comes back neutralised.
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { addAccount, blankAccount } from '$lib/domain/accounts';
import { readLedger } from '$lib/domain/fund';
import { transparencyReport } from '$lib/domain/fund-report';
import type { AccountId } from '$lib/domain/ids';
import { blankEntry, recordEntry, reverseEntry, type LedgerEntryInput } from '$lib/domain/ledger';
import {
  CSV_TYPE,
  fundCsvFileName,
  LEDGER_FIELDS,
  ledgerCsv,
  REPORT_FIELDS,
  reportCsv,
  type CsvNames,
} from '$lib/sync/fund-csv';
import { ALICE, newFederationDoc } from '../domain/helpers';

// The domain trims names, so tab and CR are tested through names the export is given.
const NASTY = ['=HYPERLINK("http://x")', '+1', '-2', '@SUM(A1)', '=1+1\nline'];

function names(accounts: Map<string, string>): CsvNames {
  return {
    account: (id) => accounts.get(id) ?? '',
    organization: (id) => `org ${id}`,
    event: (id) => `event ${id}`,
    council: (id) => `council ${id}`,
    label: (code) => code,
  };
}

function parse(text: string) {
  const result = Papa.parse<Record<string, string | number>>(text, {
    header: true,
    dynamicTyping: true,
    skipEmptyLines: true,
  });
  expect(result.errors).toEqual([]);
  return result;
}

function ledger() {
  const doc = newFederationDoc();
  const bank = addAccount(doc, { ...blankAccount(), name: '-Bank' }, ALICE);
  const cash = addAccount(doc, { ...blankAccount(), name: 'Cash', kind: 'cash' }, ALICE);
  const entry = (e: Partial<LedgerEntryInput>) =>
    recordEntry(
      doc,
      { ...blankEntry('donation', 'SEK', '2026-02-01'), accountId: bank, ...e },
      ALICE,
    );
  NASTY.forEach((donor, i) => entry({ donor, amount: 1000 + i, date: `2026-02-0${i + 1}` }));
  const train = entry({
    kind: 'expense',
    amount: 123456,
    payee: '@Rail',
    category: 'travel',
    date: '2026-03-01',
  });
  reverseEntry(doc, train, '2026-03-05', '-wrong account', ALICE);
  entry({ kind: 'transfer', amount: 500, toAccountId: cash as AccountId, date: '2026-03-06' });
  entry({ amount: 9999, currency: 'EUR', rate: '11.4235', donor: 'Euro', date: '2026-03-07' });
  entry({ amount: 1, date: '2027-01-01', donor: 'next year' });
  const accountNames = new Map<string, string>([
    [bank, '-Bank'],
    [cash, 'Cash'],
  ]);
  return { doc, view: readLedger(doc), names: names(accountNames) };
}

describe('fund CSV', () => {
  it('exports the ledger of a period and parses back to the same rows and amounts', () => {
    const { view, names: n } = ledger();
    const text = ledgerCsv(view, '2026-01-01', '2026-12-31', 'SEK', n);
    const { data, meta } = parse(text);
    expect(meta.fields).toEqual(LEDGER_FIELDS);
    const inPeriod = view.entries.filter((e) => e.date <= '2026-12-31');
    expect(data).toHaveLength(inPeriod.length);
    expect(data.map((r) => r.id)).toEqual(inPeriod.map((e) => e.id));
    for (const [i, e] of inPeriod.entries()) {
      const row = data[i]!;
      expect(Math.abs(row.amount_minor as number)).toBe(e.baseAmount);
      expect(Number.isInteger(row.amount_minor)).toBe(true);
      expect(Math.round((row.amount as number) * 100)).toBe(row.amount_minor);
      expect(row.date).toBe(e.date);
    }
    const rows = new Map(data.map((r) => [r.id as string, r]));
    const [expense, reversal] = inPeriod.filter((e) => e.kind === 'expense');
    // Money out is negative and stays a number; the reversal brings it back.
    expect(rows.get(expense!.id)).toMatchObject({
      amount: -1234.56,
      amount_minor: -123456,
      state: 'reversed',
      counterparty: "'@Rail",
      account: "'-Bank",
    });
    expect(rows.get(reversal!.id)).toMatchObject({
      amount: 1234.56,
      amount_minor: 123456,
      memo: "'-wrong account",
      correction: 'reversal',
    });
    const euro = data.find((r) => r.counterparty === 'Euro')!;
    expect(euro).toMatchObject({
      original_amount: 99.99,
      original_currency: 'EUR',
      rate: 11.4235,
      amount_minor: 114224, // 99.99 × 11.4235 = 1142.2357…
    });
    expect(text).not.toMatch(/(^|,)"?[=+@]/m);
  });

  it('neutralises donor names a spreadsheet would run as formulas', () => {
    const { view, names: n } = ledger();
    const { data } = parse(ledgerCsv(view, '2026-02-01', '2026-02-28', 'SEK', n));
    expect(data.map((r) => r.counterparty)).toEqual(NASTY.map((d) => `'${d}`));
    expect(data.map((r) => r.amount_minor)).toEqual(NASTY.map((_, i) => 1000 + i));
    const tabs = parse(
      ledgerCsv(view, '2026-02-01', '2026-02-28', 'SEK', { ...n, account: () => '\tTab\rCR' }),
    );
    expect(tabs.data.map((r) => r.account)).toEqual(NASTY.map(() => "'\tTab\rCR"));
  });

  it('exports the transparency report with every figure', () => {
    const { view, names: n } = ledger();
    const report = transparencyReport(view, [], { graceDays: 30 }, '2026-01-01', '2026-12-31');
    const { data, meta } = parse(reportCsv(report, 'SEK', n));
    expect(meta.fields).toEqual(REPORT_FIELDS);
    const get = (section: string, item = '') =>
      data.find((r) => r.section === section && String(r.item ?? '') === item);
    expect(get('balance', 'opening')!.amount_minor).toBe(report.opening);
    expect(get('balance', 'closing')!.amount_minor).toBe(report.closing);
    expect(get('income_total')!.amount_minor).toBe(report.incomeTotal);
    expect(get('expense_total')!.amount_minor).toBe(report.expenseTotal);
    for (const r of report.income) expect(get('income', r.kind)!.amount_minor).toBe(r.amount);
    for (const a of report.accounts) {
      expect(get('account_opening', a.accountId)!.amount_minor).toBe(a.opening);
      expect(get('account_closing', a.accountId)!.amount_minor).toBe(a.closing);
    }
    const accountNames = data.filter((r) => r.section === 'account_closing').map((r) => r.name);
    expect(accountNames.sort()).toEqual(["'-Bank", 'Cash']);
    expect(report.closing).toBe(report.incomeTotal - report.expenseTotal);
    for (const r of data) expect(r.amount).toBe((r.amount_minor as number) / 100);
    expect(fundCsvFileName('report', '2026-01-01', '2026-12-31')).toBe(
      'fund-report-2026-01-01-2026-12-31.csv',
    );
    expect(CSV_TYPE).toBe('text/csv');
  });

  it('writes amounts in a currency without minor units as whole numbers', () => {
    const doc = newFederationDoc();
    const bank = addAccount(doc, { ...blankAccount(), name: 'Bank' }, ALICE);
    recordEntry(
      doc,
      {
        ...blankEntry('expense', 'SEK', '2026-01-02'),
        accountId: bank,
        amount: 5,
        payee: 'x',
        category: 'fees',
      },
      ALICE,
    );
    const { data } = parse(
      ledgerCsv(readLedger(doc), '2026-01-01', '2026-01-31', 'JPY', names(new Map())),
    );
    expect(data[0]).toMatchObject({ amount: -5, amount_minor: -5, currency: 'JPY' });
  });
});
