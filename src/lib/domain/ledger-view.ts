// What the ledger means: which entries count, the postings they make on each account, balances
// as of any date, and possible duplicates. Pure functions of the entries, so every device that has
// the same entries computes the same figures, whatever order they arrived in.
import type { AccountId, LedgerEntryId } from './ids';
import type { LedgerEntry } from './ledger';

/**
 * - counted: counts in the balance;
 * - reversed / amended: counted until its correction's date, then cancelled;
 * - superseded: a second correction of the same entry, made concurrently elsewhere: shown, never
 *   counted (the first recorded correction wins), flagged for a person to look at.
 */
export type EntryState = 'counted' | 'reversed' | 'amended' | 'superseded';

/** One change of one account's balance, in minor units of the base currency. */
export interface Posting {
  date: string;
  accountId: AccountId;
  delta: number;
  entryId: LedgerEntryId;
}

export interface LedgerView {
  /** Every entry, oldest first. */
  entries: LedgerEntry[];
  state: Map<LedgerEntryId, EntryState>;
  /** The correction that counts for a corrected entry. */
  correctedBy: Map<LedgerEntryId, LedgerEntryId>;
  /** Postings in date order. */
  postings: Posting[];
}

/** The postings an entry makes by itself (before any correction): signed, per account. */
export function effect(e: LedgerEntry): { accountId: AccountId; delta: number }[] {
  const from = e.accountId as AccountId;
  switch (e.kind) {
    case 'donation':
    case 'dues':
      return [{ accountId: from, delta: e.baseAmount }];
    case 'expense':
      return [{ accountId: from, delta: -e.baseAmount }];
    case 'refund':
      return [{ accountId: from, delta: e.direction === 'in' ? e.baseAmount : -e.baseAmount }];
    case 'transfer':
      return [
        { accountId: from, delta: -e.baseAmount },
        { accountId: e.toAccountId as AccountId, delta: e.baseAmount },
      ];
  }
}

/** Which entries count and the postings of the whole ledger; `entries` oldest first. */
export function viewLedger(entries: LedgerEntry[]): LedgerView {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const corrections = new Map<LedgerEntryId, LedgerEntry[]>();
  for (const e of entries) {
    if (!e.corrects || !byId.has(e.corrects)) continue;
    const list = corrections.get(e.corrects) ?? [];
    list.push(e);
    corrections.set(e.corrects, list);
  }
  const state = new Map<LedgerEntryId, EntryState>();
  const correctedBy = new Map<LedgerEntryId, LedgerEntryId>();
  const postings: Posting[] = [];
  const post = (e: LedgerEntry, at: string, sign: 1 | -1) => {
    for (const p of effect(e))
      postings.push({ date: at, accountId: p.accountId, delta: sign * p.delta, entryId: e.id });
  };
  // Walk from the originals down each chain of corrections: only the first correction of a
  // counted entry counts, so two treasurers correcting the same entry never double a sum.
  const visit = (e: LedgerEntry) => {
    if (e.correction !== 'reversal') post(e, e.date, 1);
    const own = (corrections.get(e.id) ?? []).sort((a, b) =>
      a.recordedAt < b.recordedAt ? -1 : a.recordedAt > b.recordedAt ? 1 : a.id < b.id ? -1 : 1,
    );
    const [winner, ...rest] = own;
    for (const r of rest) markSuperseded(r);
    if (!winner || e.correction === 'reversal') {
      state.set(e.id, 'counted');
      return;
    }
    state.set(e.id, winner.correction === 'reversal' ? 'reversed' : 'amended');
    correctedBy.set(e.id, winner.id);
    post(e, winner.date, -1);
    visit(winner);
  };
  const markSuperseded = (e: LedgerEntry) => {
    state.set(e.id, 'superseded');
    for (const c of corrections.get(e.id) ?? []) markSuperseded(c);
  };
  for (const e of entries) if (!e.corrects || !byId.has(e.corrects)) visit(e);
  postings.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { entries, state, correctedBy, postings };
}

export interface Balances {
  byAccount: Map<AccountId, number>;
  total: number;
}

/** Postings in date order: a whole view's, or any list with the same sums (a day's per account). */
export type Postings = Pick<LedgerView, 'postings'>;

/** Balance of each account and in total at the end of `asOf` ("YYYY-MM-DD"; all when omitted). */
export function balances(view: Postings, asOf?: string): Balances {
  const byAccount = new Map<AccountId, number>();
  let total = 0;
  for (const p of view.postings) {
    if (asOf && p.date > asOf) break;
    byAccount.set(p.accountId, (byAccount.get(p.accountId) ?? 0) + p.delta);
    total += p.delta;
  }
  return { byAccount, total };
}

/** The total balance after each day with postings from `from` to `to`, starting with `from`. */
export function balanceSeries(
  view: Postings,
  from: string,
  to: string,
): { date: string; total: number }[] {
  let total = 0;
  const out: { date: string; total: number }[] = [];
  for (const p of view.postings) {
    if (p.date > to) break;
    if (p.date >= from && out.at(-1)?.date !== p.date) out.push({ date: p.date, total });
    total += p.delta;
    const last = out.at(-1);
    if (p.date >= from && last) last.total = total;
  }
  if (out[0]?.date !== from)
    out.unshift({ date: from, total: balances(view, prevDay(from)).total });
  if (out.at(-1)!.date !== to) out.push({ date: to, total });
  return out;
}

function prevDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** Who paid or was paid, as the duplicate check compares it. */
export function counterpartyOf(e: LedgerEntry): string {
  return whoOf(e).trim().toLowerCase();
}

function whoOf(e: LedgerEntry): string {
  switch (e.kind) {
    case 'donation':
      return e.donor;
    case 'dues':
      return e.organizationId;
    case 'expense':
      return e.payee;
    case 'refund':
      return e.counterparty;
    case 'transfer':
      return e.toAccountId;
  }
}

/** Whether an entry can be one of a duplicate pair: it counts, and is not a reversal. */
export function canDuplicate(e: LedgerEntry, state: EntryState | undefined): boolean {
  return e.correction !== 'reversal' && state === 'counted';
}

/** What two entries share when they look like one payment recorded twice. */
export function duplicateKey(e: LedgerEntry): string {
  // Not the account: the same gift put in the cash box on one phone and the bank on another is
  // still the same gift. The period tells two dues payments of one day apart.
  return `${e.kind}\u0000${counterpartyOf(e)}\u0000${e.amount}\u0000${e.currency}\u0000${e.date}\u0000${e.period}`;
}

/** Whether a group of look-alikes has a pair a person has not marked as not duplicates. */
export function isOpenGroup(group: readonly LedgerEntry[], notDuplicates: Set<string>): boolean {
  return group.some((a, i) =>
    group
      .slice(i + 1)
      .some((b) => !notDuplicates.has(a.id < b.id ? `${a.id}|${b.id}` : `${b.id}|${a.id}`)),
  );
}

/**
 * Groups of counted entries that look like the same payment recorded twice (same kind, payer or
 * payee, amount, currency and date), leaving out pairs a person marked as not duplicates.
 */
export function possibleDuplicates(view: LedgerView, notDuplicates: Set<string>): LedgerEntry[][] {
  const groups = new Map<string, LedgerEntry[]>();
  for (const e of view.entries) {
    if (!canDuplicate(e, view.state.get(e.id))) continue;
    const key = duplicateKey(e);
    const g = groups.get(key) ?? [];
    g.push(e);
    groups.set(key, g);
  }
  return [...groups.values()].filter((g) => g.length > 1 && isOpenGroup(g, notDuplicates));
}
