// The ledger's view kept up to date entry by entry: a new entry touches only its own chain of
// corrections, and the balances of today move by its postings. The full view (every posting in
// date order, for "as of" figures, reports and the chart) is rebuilt lazily, once per change.
import type { AccountId, LedgerEntryId } from './ids';
import { byDate, type LedgerEntry } from './ledger';
import { effect, viewLedger, type Balances, type EntryState, type LedgerView } from './ledger-view';

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
    for (const p of old.postings) this.#move(p.accountId, -p.delta);
    this.#chains.delete(root);
  }

  #rebuild(root: LedgerEntryId): void {
    this.#drop(root);
    const first = this.#entries.get(root);
    // Most entries are never corrected: their chain is the entry alone, no need for a full view.
    const chain =
      first && !this.#corrections.has(root) ? single(first) : viewLedger(this.#chainOf(root));
    for (const p of chain.postings) this.#move(p.accountId, p.delta);
    this.#chains.set(root, chain);
  }

  #move(account: AccountId, delta: number): void {
    this.#byAccount.set(account, (this.#byAccount.get(account) ?? 0) + delta);
    this.#total += delta;
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
