import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { duesLines } from '$lib/domain/dues';
import { DomainError } from '$lib/domain/errors';
import { actOnExpense, getExpenseRequest, EXPENSE_ACTS } from '$lib/domain/expenses';
import { outcomeOf, payExpense, readLedger } from '$lib/domain/fund';
import { transparencyReport } from '$lib/domain/fund-report';
import { markNotDuplicate, readNotDuplicates, updateFundSettings } from '$lib/domain/fund-settings';
import type { ExpenseRequestId, LedgerEntryId, PersonId } from '$lib/domain/ids';
import {
  amendEntry,
  ENTRY_KINDS,
  EXPENSE_CATEGORIES,
  listEntries,
  recordEntry,
  reverseEntry,
  type LedgerEntry,
  type LedgerEntryInput,
} from '$lib/domain/ledger';
import {
  balances,
  balanceSeries,
  possibleDuplicates,
  type LedgerView,
} from '$lib/domain/ledger-view';
import { decideApplication, getApplication, listApplications } from '$lib/domain/membership';
import { addDays } from '$lib/domain/periods';
import {
  entryInput,
  FINANCE,
  fundWorld,
  REQUESTER,
  send,
  TREASURER,
  type FundWorld,
} from './fund-fixtures';
import { fork } from './helpers';

const BASE = Date.parse('2026-06-01T09:00:00Z');
const NOW = '2026-12-31T12:00:00.000Z';
const TODAY = '2026-12-31';
const PEOPLE = [...FINANCE, REQUESTER, TREASURER] as PersonId[];
const MONEY = [
  ['SEK', ''],
  ['EUR', '11.4235'],
  ['JPY', '0.0712'],
  ['KWD', '34.5'],
] as const;
const PAYERS = ['Anna', ' anna ', 'Bo', 'Hostel'];
const PERIODS = ['2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4', '2027-Q1', '2026'];

/** A day of 2026 ("YYYY-MM-DD") from a number. */
const day = (n: number) => addDays('2026-01-01', n % 365);

type Op = { device: number; clock: number; pick: number; n: number } & (
  | { kind: 'record'; entryKind: number; money: number; amount: number; other: number }
  | { kind: 'reverse' | 'amend' | 'both' | 'sync' | 'pay' | 'copy' | 'notDuplicate' }
  | { kind: 'act' | 'race'; act: number; person: number }
  | { kind: 'decide' | 'raceDecide'; decision: number }
);

const common = { device: fc.nat(), clock: fc.nat(5), pick: fc.nat(), n: fc.nat(400) };
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      ...common,
      kind: fc.constant('record' as const),
      entryKind: fc.nat(),
      money: fc.nat(),
      amount: fc.integer({ min: 1, max: 200_000 }),
      other: fc.nat(),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      ...common,
      kind: fc.constantFrom('reverse' as const, 'amend' as const),
    }),
  },
  { weight: 2, arbitrary: fc.record({ ...common, kind: fc.constant('both' as const) }) },
  { weight: 3, arbitrary: fc.record({ ...common, kind: fc.constant('sync' as const) }) },
  { weight: 1, arbitrary: fc.record({ ...common, kind: fc.constant('pay' as const) }) },
  { weight: 2, arbitrary: fc.record({ ...common, kind: fc.constant('copy' as const) }) },
  { weight: 1, arbitrary: fc.record({ ...common, kind: fc.constant('notDuplicate' as const) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      ...common,
      kind: fc.constantFrom('act' as const, 'race' as const),
      act: fc.nat(),
      person: fc.nat(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      ...common,
      kind: fc.constantFrom('decide' as const, 'raceDecide' as const),
      decision: fc.nat(),
    }),
  },
);

/** An entry of any kind from the op's numbers, valid in `w`. */
function randomEntry(w: FundWorld, o: Extract<Op, { kind: 'record' }>): LedgerEntryInput {
  const kind = ENTRY_KINDS[o.entryKind % ENTRY_KINDS.length]!;
  const [currency, rate] = MONEY[o.money % MONEY.length]!;
  const accounts = [w.bank, w.cash];
  const account = accounts[o.pick % 2]!;
  return entryInput(kind, account, {
    date: day(o.n),
    amount: o.amount,
    currency,
    rate,
    donor: PAYERS[o.other % PAYERS.length]!,
    payee: PAYERS[o.other % PAYERS.length]!,
    counterparty: PAYERS[o.other % PAYERS.length]!,
    organizationId: w.orgs[o.other % w.orgs.length]!,
    period: PERIODS[o.other % PERIODS.length]!,
    category: EXPENSE_CATEGORIES[o.other % EXPENSE_CATEGORIES.length]!,
    gatheringId: o.other % 2 ? w.gathering : '',
    toAccountId: accounts[(o.pick + 1) % 2]!,
    direction: o.other % 2 ? 'in' : 'out',
  });
}

/** Corrects `target` on `doc`: a reversal or an amendment some days later; returns the new id. */
function correct(w: FundWorld, doc: Y.Doc, target: LedgerEntry, o: Op, reverse: boolean) {
  const date = addDays(target.date, o.n % 40);
  if (reverse) return reverseEntry(doc, target.id, date, 'wrong', TREASURER);
  const accounts = [w.bank, w.cash];
  const amount = (o.n * 97 + 1) % 150_000 || 1;
  const input = {
    ...target,
    date,
    memo: 'corrected',
    amount,
    accountId: accounts[o.pick % 2]!,
    toAccountId: accounts[(o.pick + 1) % 2]!,
  };
  return amendEntry(doc, target.id, input, TREASURER);
}

/** Runs `fn`; a refusal must be a DomainError that wrote nothing. */
function attempt<T>(doc: Y.Doc, fn: () => T): T | null {
  const before = Y.encodeStateVector(doc);
  try {
    return fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect(Y.encodeStateVector(doc)).toEqual(before);
    return null;
  }
}

/** What each entry does to each account by itself, written apart from ledger-view.ts. */
function signed(e: LedgerEntry): [string, number][] {
  if (e.kind === 'transfer')
    return [
      [e.accountId, -e.baseAmount],
      [e.toAccountId, e.baseAmount],
    ];
  const out = e.kind === 'expense' || (e.kind === 'refund' && e.direction === 'out');
  return [[e.accountId, out ? -e.baseAmount : e.baseAmount]];
}

/**
 * An independent model of the balances: each original is replaced by the first-recorded
 * correction of it (recursively) once that correction's date has come; a reversal leaves nothing.
 */
function modelBalances(entries: LedgerEntry[], asOf?: string) {
  const ids = new Set(entries.map((e) => e.id));
  const corrections = new Map<string, LedgerEntry[]>();
  for (const e of entries)
    if (e.corrects && ids.has(e.corrects))
      corrections.set(e.corrects, [...(corrections.get(e.corrects) ?? []), e]);
  const first = (id: string) =>
    [...(corrections.get(id) ?? [])].sort((a, b) =>
      a.recordedAt === b.recordedAt ? (a.id < b.id ? -1 : 1) : a.recordedAt < b.recordedAt ? -1 : 1,
    )[0];
  const byAccount = new Map<string, number>();
  let total = 0;
  for (const root of entries) {
    if ((root.corrects && ids.has(root.corrects)) || (asOf && root.date > asOf)) continue;
    let current = root;
    for (
      let next = first(current.id);
      next && (!asOf || next.date <= asOf);
      next = first(current.id)
    )
      current = next;
    if (current.correction === 'reversal') continue;
    for (const [account, delta] of signed(current)) {
      byAccount.set(account, (byAccount.get(account) ?? 0) + delta);
      total += delta;
    }
  }
  return { byAccount, total };
}

const nonZero = (m: Map<string, number>) => new Map([...m].filter(([, v]) => v !== 0));

/** Everything the fund shows, as of fixed dates, for comparing devices. */
function figures(
  doc: Y.Doc,
  dates: string[],
  periods: [string, string][],
  requests: readonly ExpenseRequestId[],
) {
  const view: LedgerView = readLedger(doc);
  const apps = listApplications(doc);
  const w = { period: 'quarter' as const, graceDays: 20 };
  return {
    entries: listEntries(doc),
    state: view.state,
    balance: balances(view),
    asOf: dates.map((d) => balances(view, d)),
    reports: periods.map(([from, to]) => transparencyReport(view, apps, w, from, to)),
    dues: duesLines(apps, view, w.graceDays, TODAY),
    duplicates: possibleDuplicates(view, readNotDuplicates(doc)).map((g) => g.map((e) => e.id)),
    applications: apps.map((a) => [a.id, a.status, a.memberFrom, a.memberUntil, a.history.length]),
    outcomes: requests.map((id) => outcomeOf(doc, getExpenseRequest(doc, id)!, NOW)),
  };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('fund merge (property)', () => {
  it('random ledgers, dues, applications and approvals on 2–4 devices agree after any merge order', () => {
    const date = fc.nat(500).map((n) => addDays('2025-11-01', n));
    // One shared initial state: the federation, accounts, organizations, an event, a council.
    vi.setSystemTime(BASE);
    const world = fundWorld(3);
    updateFundSettings(world.doc, { duesPeriod: 'quarter', duesGraceDays: 20 }, TREASURER);
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 4 }),
        fc.array(op, { minLength: 5, maxLength: 30 }),
        fc.array(date, { minLength: 3, maxLength: 3 }),
        fc.array(fc.tuple(date, date), { minLength: 2, maxLength: 2 }),
        fc.infiniteStream(fc.nat()),
        fc.integer({ min: 1, max: 2 }),
        (n, ops, dates, ranges, random, approvers) => {
          vi.setSystemTime(BASE);
          const w = { ...world, doc: fork(world.doc) };
          updateFundSettings(
            w.doc,
            { expenseRule: { kind: 'approvers', count: approvers, councilId: w.council } },
            TREASURER,
          );
          const docs = Array.from({ length: n }, () => fork(w.doc));
          const updates: Uint8Array[] = [Y.encodeStateAsUpdate(w.doc)];
          for (const d of docs) d.on('update', (u: Uint8Array) => updates.push(u));
          const made = new Set<string>();
          const acts = new Map<string, number>();
          const keep = (id: string | null) => id && made.add(id);
          const copies: [LedgerEntryId, LedgerEntryId][] = [];

          for (const o of ops) {
            vi.setSystemTime(BASE + o.clock * 60_000);
            const doc = docs[o.device % n]!;
            const entries = listEntries(doc);
            const target = entries[o.pick % Math.max(1, entries.length)];
            if (o.kind === 'record')
              keep(attempt(doc, () => recordEntry(doc, randomEntry(w, o), TREASURER)));
            else if (o.kind === 'sync') send(docs[o.pick % n]!, doc);
            else if ((o.kind === 'reverse' || o.kind === 'amend') && target)
              keep(attempt(doc, () => correct(w, doc, target, o, o.kind === 'reverse')));
            else if (o.kind === 'both' && target) {
              // Two devices correct the same entry, each before hearing of the other.
              const other = docs[(o.device + 1) % n]!;
              send(doc, other);
              keep(attempt(doc, () => correct(w, doc, target, o, o.pick % 2 === 0)));
              keep(
                attempt(other, () =>
                  correct(w, other, target, { ...o, n: o.n + 7 }, o.pick % 3 === 0),
                ),
              );
            } else if (o.kind === 'copy') {
              // The same payment recorded again, as a second treasurer would from the same slip.
              const source = listEntries(docs[o.pick % n]!).filter((e) => !e.corrects);
              const e = source[o.n % Math.max(1, source.length)];
              const id = e ? attempt(doc, () => recordEntry(doc, e, TREASURER)) : null;
              if (e && id) copies.push([e.id, id]);
              keep(id);
            } else if (o.kind === 'notDuplicate') {
              const groups = possibleDuplicates(readLedger(doc), readNotDuplicates(doc));
              const g = groups[o.pick % Math.max(1, groups.length)];
              if (g) markNotDuplicate(doc, g[0]!.id, g[1]!.id, TREASURER);
            } else if (o.kind === 'pay') {
              const id = w.requests[o.pick % w.requests.length]!;
              const pay = {
                accountId: w.bank,
                date: day(o.n),
                amount: 1 + (o.n % 6_000),
                receipt: '',
                paidBy: '' as const,
              };
              keep(attempt(doc, () => payExpense(doc, id, pay, TREASURER)));
            } else if (o.kind === 'act' || o.kind === 'race') {
              // A race: the same request, on two devices, at the same time, one act each.
              const id = w.requests[o.pick % w.requests.length]!;
              const racers = o.kind === 'race' ? [doc, docs[(o.device + 1) % n]!] : [doc];
              racers.forEach((d, i) => {
                const kind = EXPENSE_ACTS[(o.act + i) % EXPENSE_ACTS.length]!;
                const person = PEOPLE[(o.person + i) % PEOPLE.length]!;
                const done = attempt(d, () => (actOnExpense(d, id, kind, person, 'reason'), true));
                if (done) acts.set(id, (acts.get(id) ?? 0) + 1);
              });
            } else if (o.kind === 'decide' || o.kind === 'raceDecide') {
              // A race: accepted on one device, declined (or accepted at another date) on another.
              const id = w.apps[o.pick % w.apps.length]!;
              const racers = o.kind === 'raceDecide' ? [doc, docs[(o.device + 1) % n]!] : [doc];
              racers.forEach((d, i) => {
                const decision = (['accepted', 'declined', 'left'] as const)[(o.decision + i) % 3]!;
                const on = addDays('2025-10-01', o.n + 30 * i);
                const done = attempt(d, () => {
                  decideApplication(d, id, decision, on, TREASURER, { reason: 'r' });
                  return true;
                });
                if (done) acts.set(id, (acts.get(id) ?? 0) + 1);
              });
            }
          }

          // One-shot: a fresh device gets every update at once, in a random order.
          const shuffled = new Y.Doc();
          const keyed = updates
            .map((u) => [random.next().value, u] as const)
            .sort((a, b) => a[0] - b[0]);
          for (const [, u] of keyed) {
            Y.applyUpdate(shuffled, u);
            // Half-merged states (an amendment before its original) still read.
            balances(readLedger(shuffled));
          }
          // Pairwise: random exchanges until every device has the same state.
          const svs = () => docs.map((d) => Y.encodeStateVector(d).toString());
          for (let i = 0; i < 400 && new Set(svs()).size > 1; i++) {
            const from = random.next().value % n;
            const to = random.next().value % n;
            send(docs[from]!, docs[to]!);
          }
          expect(new Set(svs()).size).toBe(1);

          const periods = ranges.map(([a, b]) => (a <= b ? [a, b] : [b, a]) as [string, string]);
          const all = [...docs, shuffled];
          const first = figures(all[0]!, dates, periods, w.requests);
          for (const d of all.slice(1))
            expect(figures(d, dates, periods, w.requests)).toEqual(first);

          // No entry lost, none doubled.
          const ids = first.entries.map((e) => e.id);
          expect(new Set(ids).size).toBe(ids.length);
          expect(new Set(ids)).toEqual(made);
          // No act lost.
          for (const [id, count] of acts) {
            const history =
              getExpenseRequest(docs[0]!, id as never)?.history ??
              getApplication(docs[0]!, id as never)!.history;
            expect(history).toHaveLength(count);
          }
          // Balances agree with a model written apart from the code under test.
          const view = readLedger(docs[0]!);
          const counted = first.entries.filter(
            (e) => view.state.get(e.id) === 'counted' && e.correction !== 'reversal',
          );
          const model = modelBalances(first.entries);
          expect(counted.flatMap(signed).reduce((s, [, d]) => s + d, 0)).toBe(model.total);
          expect(first.balance.total).toBe(model.total);
          expect(nonZero(first.balance.byAccount)).toEqual(nonZero(model.byAccount));
          dates.forEach((d, i) => {
            const m = modelBalances(first.entries, d);
            expect(first.asOf[i]!.total).toBe(m.total);
            expect(nonZero(first.asOf[i]!.byAccount)).toEqual(nonZero(m.byAccount));
          });
          // Every copy of a payment that still counts is flagged, unless a person kept both.
          const reviewed = readNotDuplicates(docs[0]!);
          for (const [x, y] of copies) {
            if (view.state.get(x) !== 'counted' || view.state.get(y) !== 'counted') continue;
            if (reviewed.has(x < y ? `${x}|${y}` : `${y}|${x}`)) continue;
            expect(first.duplicates.some((g) => g.includes(x) && g.includes(y))).toBe(true);
          }
          // Every report balances: opening + income − expenses = closing; the chart agrees.
          for (const r of first.reports) {
            const series = balanceSeries(view, r.from, r.to);
            expect(series[0]!.date).toBe(r.from);
            expect(series.at(-1)).toEqual({ date: r.to, total: r.closing });
            for (const p of series) expect(p.total).toBe(balances(view, p.date).total);
            expect(r.opening + r.incomeTotal - r.expenseTotal).toBe(r.closing);
            expect(r.accounts.reduce((s, a) => s + a.closing, 0)).toBe(r.closing);
          }
        },
      ),
      // FUND_RUNS=1000 for a longer hunt; 50 keeps the suite quick.
      { numRuns: Number(process.env.FUND_RUNS ?? 50) },
    );
  }, 60_000);
});
