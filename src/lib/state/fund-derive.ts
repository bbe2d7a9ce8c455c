// Pure helpers behind FundState's cached figures: remembering a result until its inputs change,
// and the lookups built once per ledger view.
import type { Council } from '$lib/domain/councils';
import type { Decision } from '$lib/domain/decisions';
import { expenseOutcome, type ExpenseOutcome, type ExpenseRequest } from '$lib/domain/expenses';
import { paidFor } from '$lib/domain/fund';
import type { FundSettings } from '$lib/domain/fund-settings';
import type { CouncilId } from '$lib/domain/ids';
import type { LedgerView } from '$lib/domain/ledger-view';
import type { Proposal } from '$lib/domain/proposals';

/** Remembers `compute(...deps)` until one of `deps` is a different value (by identity). */
export function memo<D extends unknown[], T>(compute: (...deps: D) => T): (...deps: D) => T {
  let last: D | null = null;
  let value: T;
  return (...deps: D) => {
    if (!last || deps.length !== last.length || deps.some((d, i) => d !== last![i])) {
      value = compute(...deps);
      last = deps;
    }
    return value;
  };
}

/** Like `memo`, but keeps one value per string key (a date, a period) for the same `deps`. */
export function memoByKey<D extends unknown[], T>(
  compute: (key: string, ...deps: D) => T,
  max = 16,
): (key: string, ...deps: D) => T {
  let last: D | null = null;
  let values = new Map<string, T>();
  return (key: string, ...deps: D) => {
    if (!last || deps.some((d, i) => d !== last![i])) {
      values = new Map();
      last = deps;
    }
    let value = values.get(key);
    if (value === undefined && !values.has(key)) {
      value = compute(key, ...deps);
      // A bounded cache: a date picker dragged across a year must not keep every day.
      if (values.size >= max) values.delete(values.keys().next().value!);
      values.set(key, value);
    }
    return value as T;
  };
}

/** Net amount paid out per expense request. */
export function paidByRequest(view: LedgerView): ReadonlyMap<string, number> {
  const out = new Map<string, number>();
  for (const e of view.entries)
    if (e.expenseRequestId && !out.has(e.expenseRequestId))
      out.set(e.expenseRequestId, paidFor(view, e.expenseRequestId));
  return out;
}

/** The outcome of every request under `settings`' rule. */
export function outcomes(
  requests: ExpenseRequest[],
  settings: FundSettings,
  councils: ReadonlyMap<string, Council>,
  proposals: ReadonlyMap<string, Proposal>,
  decision: (proposal: Proposal) => Decision,
): ReadonlyMap<string, ExpenseOutcome> {
  const members = (id: CouncilId) =>
    new Set<string>(councils.get(id)?.members.map((m) => m.personId) ?? []);
  const result = (id: string) => {
    const p = proposals.get(id);
    if (!p || p.deletedAt) return null;
    const d = decision(p);
    return { closed: d.closed, passed: d.outcome.passed };
  };
  return new Map(
    requests.map((r) => [r.id, expenseOutcome(r, settings.expenseRule, members, result)]),
  );
}
