// The sample's fund: accounts, membership applications and their dues, donations, expenses of
// events, transfers, a few corrections, expense requests with approvals, and budgets — written
// with the fund's own write functions. At scale 1 it makes about 50,000 ledger entries.
import { addAccount } from './accounts';
import { addBudget, setBudgetLine } from './budgets';
import { actOnExpense, addExpenseRequest } from './expenses';
import { payExpense } from './fund';
import { updateFundSettings } from './fund-settings';
import type { AccountId, LedgerEntryId } from './ids';
import { amendEntry, blankEntry, EXPENSE_CATEGORIES, recordEntry, reverseEntry } from './ledger';
import { addApplication, decideApplication } from './membership';
import { at, dateOf, DAY, memberOf, spread, type Sample } from './sample-context';

const DONORS = [
  'Ingrid Berg',
  'Lars Holm',
  'Maria Lindqvist',
  'Jonas Weber',
  'Ana García',
  'Sam Ortiz',
  '',
];
const PAYEES = [
  'SJ',
  'Deutsche Bahn',
  'Folkets Hus',
  'Print & Co',
  'Hostel Central',
  'Café Solidar',
  'Translators Coop',
];

export interface FundCounts {
  accounts: number;
  applications: number;
  expenseRequests: number;
  budgets: number;
  ledger: number;
}

/** Writes the fund; `entries` is roughly how many ledger entries to make. */
export function buildFund(
  s: Sample,
  entries: number,
  requests: number,
  budgets: number,
): FundCounts {
  const base = 'EUR';
  at(s, s.start);
  updateFundSettings(
    s.doc,
    {
      duesPeriod: 'year',
      duesGraceDays: 60,
      expenseRule: { kind: 'approvers', count: 2, councilId: '' },
    },
    s.me,
  );
  const bank = addAccount(s.doc, { name: 'Bank account', kind: 'bank', notes: '' }, s.me);
  const cash = addAccount(
    s.doc,
    { name: 'Cash box', kind: 'cash', notes: 'Kept by the treasurer.' },
    s.me,
  );
  const travel = addAccount(s.doc, { name: 'Travel fund', kind: 'other', notes: '' }, s.me);
  const accounts: AccountId[] = [bank, cash, travel];
  let ledger = 0;
  const record = (input: Parameters<typeof recordEntry>[1]): LedgerEntryId => {
    ledger++;
    return recordEntry(s.doc, input, memberOf(s, s.rng.pick(s.orgs)).id);
  };
  // Every organization applies; most are accepted and pay their yearly dues, some late.
  let applications = 0;
  for (const [i, org] of s.orgs.entries()) {
    if (org.removed) continue;
    const applied = spread(s, i, s.orgs.length * 1.2);
    at(s, applied);
    const due = s.rng.pick([5_000, 10_000, 20_000, 40_000]);
    const app = addApplication(
      s.doc,
      {
        organizationId: org.id,
        applicantName: memberOf(s, org).id ? `${org.name} board` : org.name,
        contact: `treasurer@${i}.example.org`,
        memberCount: s.rng.int(5, 400),
        tierId: '',
        dueAmount: due,
        motivation: 'We want to grow with the others in the region.',
      },
      s.me,
    );
    applications++;
    const decided = applied + 20 * DAY;
    if (decided >= s.end) continue;
    at(s, decided);
    if (s.rng.chance(0.05)) {
      decideApplication(s.doc, app, 'declined', dateOf(decided), s.me, {
        reason: 'Not yet active.',
      });
      continue;
    }
    decideApplication(s.doc, app, 'accepted', dateOf(decided), s.me);
    for (let year = new Date(decided).getUTCFullYear(); ; year++) {
      const paid = Date.UTC(year, s.rng.int(0, 11), s.rng.int(1, 28));
      if (paid >= s.end || s.rng.chance(0.1)) break;
      at(s, Math.max(paid, decided));
      record({
        ...blankEntry('dues', base, dateOf(s.clock)),
        accountId: bank,
        amount: due,
        organizationId: org.id,
        period: String(year),
      });
    }
  }
  // Expense requests, approved by two people and mostly paid out.
  let expenseRequests = 0;
  for (let i = 0; i < requests; i++) {
    at(s, spread(s, i, requests));
    const event = s.events.length ? s.rng.pick(s.events) : '';
    const requester = s.rng.pick(s.people).id;
    const id = addExpenseRequest(
      s.doc,
      {
        purpose: `Travel for a speaker (${i + 1})`,
        payee: s.rng.pick(PAYEES),
        amount: s.rng.int(20, 600) * 100,
        category: s.rng.pick(EXPENSE_CATEGORIES),
        gatheringId: event,
        councilId: '',
        requestedBy: requester,
        proposalId: '',
      },
      requester,
    );
    expenseRequests++;
    const approvers = s.rng.some(s.people, 3).filter((p) => p.id !== requester);
    for (const p of approvers.slice(0, 2)) actOnExpense(s.doc, id, 'approve', p.id);
    if (approvers.length >= 2 && s.rng.chance(0.8)) {
      at(s, s.clock + 3 * DAY);
      const amount = s.rng.int(1, 10) * 100;
      try {
        payExpense(
          s.doc,
          id,
          { accountId: bank, date: dateOf(s.clock), amount, receipt: `R-${i}`, paidBy: s.me },
          s.me,
        );
        ledger++;
      } catch {
        // An event removed in the sample's history cannot take a payment: as in real use.
      }
    }
  }
  // The bulk: donations, direct expenses, transfers, refunds over the five years.
  const left = Math.max(0, entries - ledger);
  for (let i = 0; i < left; i++) {
    let last: LedgerEntryId;
    at(s, spread(s, i, left));
    const date = dateOf(s.clock);
    const r = s.rng.next();
    try {
      if (r < 0.45)
        last = record({
          ...blankEntry('donation', base, date),
          accountId: s.rng.pick(accounts),
          amount: s.rng.int(1, 500) * 100,
          donor: s.rng.pick(DONORS),
          earmark: s.rng.chance(0.1) ? 'Travel' : '',
        });
      else if (r < 0.85)
        last = record({
          ...blankEntry('expense', base, date),
          accountId: s.rng.pick([bank, cash]),
          amount: s.rng.int(5, 300) * 100,
          payee: s.rng.pick(PAYEES),
          category: s.rng.pick(EXPENSE_CATEGORIES),
          gatheringId: s.rng.chance(0.6) && s.events.length ? s.rng.pick(s.events) : '',
          receipt: `K-${i}`,
        });
      else if (r < 0.95)
        last = record({
          ...blankEntry('transfer', base, date),
          accountId: bank,
          toAccountId: s.rng.pick([cash, travel]),
          amount: s.rng.int(1, 20) * 1000,
        });
      else
        last = record({
          ...blankEntry('refund', 'SEK', date),
          accountId: bank,
          amount: s.rng.int(10, 200) * 100,
          rate: '0.0871',
          direction: s.rng.chance(0.5) ? 'in' : 'out',
          counterparty: s.rng.pick(PAYEES),
        });
    } catch {
      continue; // a removed event: skip, as a treasurer would pick another
    }
    // About one entry in 200 is corrected a few days later.
    if (s.rng.chance(0.005)) {
      at(s, s.clock + 2 * DAY);
      try {
        if (s.rng.chance(0.5)) reverseEntry(s.doc, last, dateOf(s.clock), 'Recorded twice', s.me);
        else
          amendEntry(
            s.doc,
            last,
            {
              ...blankEntry('donation', base, dateOf(s.clock)),
              accountId: bank,
              amount: 1000,
              donor: 'Corrected',
              memo: 'Wrong amount',
            },
            s.me,
          );
        ledger++;
      } catch {
        // already corrected
      }
    }
  }
  // Budgets: the busiest events and each year.
  let made = 0;
  for (const event of s.events.slice(0, Math.max(0, budgets - 5))) {
    try {
      const id = addBudget(
        s.doc,
        { kind: 'event', name: 'Event budget', gatheringId: event, year: '' },
        s.me,
      );
      for (const category of ['travel', 'venue', 'material'] as const)
        setBudgetLine(
          s.doc,
          id,
          { direction: 'expense', category, label: '', estimate: s.rng.int(1, 20) * 5000 },
          s.me,
        );
      made++;
    } catch {
      // removed event
    }
  }
  for (let y = new Date(s.start).getUTCFullYear(); y <= new Date(s.end).getUTCFullYear(); y++) {
    const id = addBudget(
      s.doc,
      { kind: 'annual', name: `Budget ${y}`, gatheringId: '', year: String(y) },
      s.me,
    );
    setBudgetLine(
      s.doc,
      id,
      { direction: 'income', category: 'dues', label: '', estimate: 3_000_000 },
      s.me,
    );
    setBudgetLine(
      s.doc,
      id,
      { direction: 'expense', category: 'travel', label: '', estimate: 2_000_000 },
      s.me,
    );
    made++;
  }
  return { accounts: accounts.length, applications, expenseRequests, budgets: made, ledger };
}
