// The ledger's view kept up to date entry by entry: a new entry touches only its own chain of
// corrections; the balances, each day's totals, dues paid and the look-alike groups move by its
// postings. The full view (every posting in date order, for reports) is rebuilt lazily.
import { duesKey } from './dues';
import type { AccountId, LedgerEntryId } from './ids';
import { byDate, type LedgerEntry } from './ledger';
import {
  balances,
  balanceSeries,
  canDuplicate,
  duplicateKey,
  effect,
  isOpenGroup,
  viewLedger,
  type Balances,
  type EntryState,
  type LedgerView,
  type Posting,
} from './ledger-view';

/** A sum of postings and how many there are: a key with none left is dropped, as if never made. */
interface Sum {
  delta: number;
  n: number;
}

/** What one day's postings add up to, per account and, for dues, per organization and period. */
interface Day {
  accounts: Map<AccountId, Sum>;
  dues: Map<string, Sum>;
}

function addTo<K>(sums: Map<K, Sum>, key: K, delta: number, n: 1 | -1): void {
  const sum = sums.get(key) ?? { delta: 0, n: 0 };
  sum.delta += delta;
  sum.n += n;
  if (sum.n > 0) sums.set(key, sum);
  else sums.delete(key);
}

function single(e: LedgerEntry): LedgerView {
  return {
    entries: [e],
    state: new Map([[e.id, 'counted']]),
    correctedBy: new Map(),
    postings:
      e.correction === 'reversal'
        ? []
        : effect(e).map((p) => ({ ...p, date: e.date, entryId: e.id })),
  };
}

export class LedgerIndex {
  #entries = new Map<LedgerEntryId, LedgerEntry>();
  /** Every entry that corrects another, by the entry it corrects. */
  #corrections = new Map<LedgerEntryId, LedgerEntry[]>();
  /** The view of each chain (an original and its corrections), by the original's id. */
  #chains = new Map<LedgerEntryId, LedgerView>();
  #byAccount = new Map<AccountId, number>();
  #total = 0;
  #view: LedgerView | null = null;
  #balances: Balances | null = null;
  /** Chains whose first entry corrects an entry not (yet) here, by that missing id. */
  #orphans = new Map<LedgerEntryId, LedgerEntryId[]>();
  // Day totals and look-alike groups are built on first use (the home screen needs neither), then
  // kept up to date entry by entry.
  #days: Map<string, Day> | null = null;
  /** One posting per day and account, in date order; cached until the next add. */
  #daily: Posting[] | null = null;
  /** Counted entries by `duplicateKey`, and the keys with more than one. */
  #lookalikes: Map<string, LedgerEntryId[]> | null = null;
  #crowded = new Set<string>();
  #version = 0;

  constructor(entries: Iterable<LedgerEntry> = []) {
    this.add(entries);
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Adds entries (in any order); an id already known is ignored, as entries never change. */
  add(entries: Iterable<LedgerEntry>): void {
    const roots = new Set<LedgerEntryId>();
    for (const e of entries) {
      if (this.#entries.has(e.id)) continue;
      this.#entries.set(e.id, e);
      if (e.corrects) {
        const list = this.#corrections.get(e.corrects) ?? [];
        list.push(e);
        this.#corrections.set(e.corrects, list);
      }
      roots.add(e.id);
    }
    if (!roots.size) return;
    // A correction that arrives before its original (only a damaged peer could send one) is a
    // chain of its own until the original comes, exactly as viewLedger reads it.
    const resolved = new Set<LedgerEntryId>();
    for (const id of roots) {
      for (const orphan of this.#orphans.get(id) ?? []) this.#drop(orphan);
      this.#orphans.delete(id);
      resolved.add(this.#rootOf(id));
    }
    for (const root of resolved) {
      this.#rebuild(root);
      const first = this.#entries.get(root);
      if (first?.corrects && !this.#entries.has(first.corrects))
        this.#orphans.set(first.corrects, [...(this.#orphans.get(first.corrects) ?? []), root]);
    }
    this.#view = null;
    this.#balances = null;
    this.#daily = null;
    this.#version += 1;
  }

  /** Changes on every add that added an entry: for caches of what the index computes. */
  get version(): number {
    return this.#version;
  }

  #rootOf(id: LedgerEntryId): LedgerEntryId {
    let e = this.#entries.get(id);
    // Bounded: a cycle of corrections (impossible from this app) must not hang the device.
    for (let i = 0; e?.corrects && this.#entries.has(e.corrects) && i < 10_000; i++)
      e = this.#entries.get(e.corrects);
    return e ? e.id : id;
  }

  #chainOf(root: LedgerEntryId): LedgerEntry[] {
    const out: LedgerEntry[] = [];
    const stack = [root];
    while (stack.length && out.length < 10_000) {
      const e = this.#entries.get(stack.pop()!);
      if (!e) continue;
      out.push(e);
      for (const c of this.#corrections.get(e.id) ?? []) stack.push(c.id);
    }
    return out.sort(byDate);
  }

  #drop(root: LedgerEntryId): void {
    const old = this.#chains.get(root);
    if (!old) return;
    this.#count(old, -1);
    this.#chains.delete(root);
  }

  #rebuild(root: LedgerEntryId): void {
    this.#drop(root);
    const first = this.#entries.get(root);
    // Most entries are never corrected: their chain is the entry alone, no need for a full view.
    const chain =
      first && !this.#corrections.has(root) ? single(first) : viewLedger(this.#chainOf(root));
    this.#count(chain, 1);
    this.#chains.set(root, chain);
  }

  /** Counts a chain in (1) or out (-1) of the balances, the days and the look-alikes. */
  #count(chain: LedgerView, sign: 1 | -1): void {
    for (const p of chain.postings) {
      this.#byAccount.set(p.accountId, (this.#byAccount.get(p.accountId) ?? 0) + sign * p.delta);
      this.#total += sign * p.delta;
    }
    if (this.#days) this.#countDays(this.#days, chain, sign);
    if (this.#lookalikes) this.#countLookalikes(this.#lookalikes, chain, sign);
  }

  #countDays(days: Map<string, Day>, chain: LedgerView, sign: 1 | -1): void {
    for (const p of chain.postings) {
      const delta = sign * p.delta;
      const day = days.get(p.date) ?? { accounts: new Map(), dues: new Map() };
      addTo(day.accounts, p.accountId, delta, sign);
      const e = this.#entries.get(p.entryId)!;
      if (e.kind === 'dues') addTo(day.dues, duesKey(e), delta, sign);
      if (day.accounts.size) days.set(p.date, day);
      else days.delete(p.date);
    }
  }

  #countLookalikes(groups: Map<string, LedgerEntryId[]>, chain: LedgerView, sign: 1 | -1) {
    for (const [id, state] of chain.state) {
      const e = this.#entries.get(id)!;
      if (!canDuplicate(e, state)) continue;
      const key = duplicateKey(e);
      const group = groups.get(key);
      if (sign > 0) {
        if (group) group.push(id);
        else groups.set(key, [id]);
      } else if (group?.includes(id)) {
        group.splice(group.indexOf(id), 1);
        if (!group.length) groups.delete(key);
      }
      if ((groups.get(key)?.length ?? 0) > 1) this.#crowded.add(key);
      else this.#crowded.delete(key);
    }
  }

  #dayTotals(): Map<string, Day> {
    if (!this.#days) {
      this.#days = new Map();
      for (const chain of this.#chains.values()) this.#countDays(this.#days, chain, 1);
    }
    return this.#days;
  }

  /** An entry by id. */
  entry(id: string): LedgerEntry | undefined {
    return this.#entries.get(id as LedgerEntryId);
  }

  /** The entries that correct `id`, in the view's order, without building the view. */
  correctionsOf(id: string): LedgerEntry[] {
    return [...(this.#corrections.get(id as LedgerEntryId) ?? [])].sort(byDate);
  }

  /** Whether an entry counts, as the whole view would say, read from its own chain. */
  stateOf(id: string): EntryState | undefined {
    return this.#chains.get(this.#rootOf(id as LedgerEntryId))?.state.get(id as LedgerEntryId);
  }

  /** Today's balances (every posting counted), without building the full view; cached. */
  get balances(): Balances {
    this.#balances ??= { byAccount: new Map(this.#byAccount), total: this.#total };
    return this.#balances;
  }

  /** Balances at the end of `asOf`, as `balances(view, asOf)`, from each day's totals. */
  balancesAsOf(asOf: string): Balances {
    return balances({ postings: this.#perDay() }, asOf);
  }

  /** The total after each day with postings, as `balanceSeries(view, from, to)`. */
  series(from: string, to: string): { date: string; total: number }[] {
    return balanceSeries({ postings: this.#perDay() }, from, to);
  }

  /** The first day with a posting, if any. */
  get firstDay(): string | undefined {
    return this.#perDay()[0]?.date;
  }

  /** Net dues paid per organization and period up to `asOf`, as `duesPaid(view, asOf)`. */
  duesPaid(asOf: string): Map<string, number> {
    const paid = new Map<string, number>();
    for (const [date, day] of this.#dayTotals()) {
      if (date > asOf) continue;
      for (const [key, sum] of day.dues) paid.set(key, (paid.get(key) ?? 0) + sum.delta);
    }
    return paid;
  }

  /** As `possibleDuplicates(view, notDuplicates)`, from the groups kept entry by entry. */
  duplicates(notDuplicates: Set<string>): LedgerEntry[][] {
    const out: LedgerEntry[][] = [];
    if (!this.#lookalikes) {
      this.#lookalikes = new Map();
      for (const chain of this.#chains.values()) this.#countLookalikes(this.#lookalikes, chain, 1);
    }
    for (const key of this.#crowded) {
      const group = this.#lookalikes.get(key)!.map((id) => this.#entries.get(id)!);
      group.sort(byDate);
      if (isOpenGroup(group, notDuplicates)) out.push(group);
    }
    return out.sort((a, b) => byDate(a[0]!, b[0]!));
  }

  #perDay(): Posting[] {
    if (this.#daily) return this.#daily;
    const out: Posting[] = [];
    const days = this.#dayTotals();
    for (const date of [...days.keys()].sort())
      for (const [accountId, sum] of days.get(date)!.accounts)
        out.push({ date, accountId, delta: sum.delta, entryId: '' as LedgerEntryId });
    this.#daily = out;
    return out;
  }

  /** The whole ledger's view, as `viewLedger` would compute it; cached until the next add. */
  get view(): LedgerView {
    if (this.#view) return this.#view;
    const entries = [...this.#entries.values()].sort(byDate);
    const state: LedgerView['state'] = new Map();
    const correctedBy: LedgerView['correctedBy'] = new Map();
    const postings: LedgerView['postings'] = [];
    for (const chain of this.#chains.values()) {
      for (const [k, v] of chain.state) state.set(k, v);
      for (const [k, v] of chain.correctedBy) correctedBy.set(k, v);
      for (const p of chain.postings) postings.push(p);
    }
    postings.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    this.#view = { entries, state, correctedBy, postings };
    return this.#view;
  }
}
