// The fund's settings: the dues period and sliding scale, and the rule that approves expenses.
// Each setting is one key of the `fund` root map, so concurrent edits of different settings merge.
import type * as Y from 'yjs';
import { asRecord, assertWritable, nowIso, numOrNull, observeRoot, stamp, str } from './entity';
import { DomainError, type FieldErrors } from './errors';
import type { CouncilId, PersonId } from './ids';
import { isMinorAmount } from './money';
import { LOCAL_EDIT, ROOT } from './schema';

export const DUES_PERIODS = ['month', 'quarter', 'year'] as const;
export type DuesPeriod = (typeof DUES_PERIODS)[number];

/** One step of the sliding scale: organizations of at least `minMembers` members pay `amount`. */
export interface DuesTier {
  id: string;
  label: string;
  minMembers: number;
  /** Minor units of the base currency per period. */
  amount: number;
}

/** How an expense request is approved: by distinct approvers (of a council), or by a decision. */
export type ExpenseRule =
  { kind: 'approvers'; count: number; councilId: CouncilId | '' } | { kind: 'decision' };

export interface FundSettings {
  duesPeriod: DuesPeriod;
  /** Days after a period's end before unpaid dues count as overdue. */
  duesGraceDays: number;
  duesScale: DuesTier[];
  expenseRule: ExpenseRule;
}

export function defaultFundSettings(): FundSettings {
  return {
    duesPeriod: 'year',
    duesGraceDays: 30,
    duesScale: [],
    expenseRule: { kind: 'approvers', count: 2, councilId: '' },
  };
}

const DUPLICATE_KEY = 'notDuplicate:';

/** Field errors of the settings form. */
export function validateFundSettings(s: FundSettings): FieldErrors<keyof FundSettings> {
  const errors: FieldErrors<keyof FundSettings> = {};
  if (!Number.isInteger(s.duesGraceDays) || s.duesGraceDays < 0 || s.duesGraceDays > 365)
    errors.duesGraceDays = 'error.count';
  if (
    s.duesScale.some(
      (t) =>
        !t.label.trim() ||
        !Number.isInteger(t.minMembers) ||
        t.minMembers < 0 ||
        !isMinorAmount(t.amount),
    )
  )
    errors.duesScale = 'error.duesScale';
  if (
    s.expenseRule.kind === 'approvers' &&
    !(
      Number.isInteger(s.expenseRule.count) &&
      s.expenseRule.count >= 1 &&
      s.expenseRule.count <= 20
    )
  )
    errors.expenseRule = 'error.count';
  return errors;
}

function fundMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(ROOT.fund);
}

/** Writes the settings that changed, one key each. */
export function updateFundSettings(doc: Y.Doc, patch: Partial<FundSettings>, by: PersonId): void {
  assertWritable(doc);
  const next = { ...readFundSettings(doc), ...patch };
  const [field, code] = Object.entries(validateFundSettings(next))[0] ?? [];
  if (code) throw new DomainError(code, `invalid fund settings ${field}: ${code}`);
  const map = fundMap(doc);
  doc.transact(() => {
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined || JSON.stringify(map.get(key)) === JSON.stringify(value)) continue;
      map.set(key, value);
      stamp(map, by);
    }
  }, LOCAL_EDIT);
}

function readTier(v: unknown): DuesTier | null {
  const r = asRecord(v);
  const amount = numOrNull(r.amount);
  const minMembers = numOrNull(r.minMembers);
  if (!isMinorAmount(amount) || minMembers === null) return null;
  return { id: str(r.id), label: str(r.label), minMembers, amount };
}

function readRule(v: unknown): ExpenseRule {
  const r = asRecord(v);
  if (r.kind === 'decision') return { kind: 'decision' };
  const count = numOrNull(r.count);
  return {
    kind: 'approvers',
    count: count !== null && Number.isInteger(count) && count >= 1 ? count : 2,
    councilId: str(r.councilId) as CouncilId | '',
  };
}

/** The settings, with defaults for what was never set. */
export function readFundSettings(doc: Y.Doc): FundSettings {
  const map = fundMap(doc);
  const d = defaultFundSettings();
  const period = str(map.get('duesPeriod')) as DuesPeriod;
  const grace = numOrNull(map.get('duesGraceDays'));
  const scale = map.get('duesScale');
  return {
    duesPeriod: DUES_PERIODS.includes(period) ? period : d.duesPeriod,
    duesGraceDays:
      grace !== null && Number.isInteger(grace) && grace >= 0 ? grace : d.duesGraceDays,
    duesScale: (Array.isArray(scale) ? scale.map(readTier).filter((t) => t !== null) : []).sort(
      (a, b) => a.minMembers - b.minMembers || (a.id < b.id ? -1 : 1),
    ),
    expenseRule: map.has('expenseRule') ? readRule(map.get('expenseRule')) : d.expenseRule,
  };
}

/** The tier an organization of `members` members falls in, or null. */
export function tierFor(scale: readonly DuesTier[], members: number): DuesTier | null {
  let found: DuesTier | null = null;
  for (const t of scale) if (members >= t.minMembers) found = t;
  return found;
}

function pairKey(a: string, b: string): string {
  return DUPLICATE_KEY + (a < b ? `${a}|${b}` : `${b}|${a}`);
}

/** Records that a person looked at two entries flagged as a possible duplicate and kept both. */
export function markNotDuplicate(doc: Y.Doc, a: string, b: string, by: PersonId): void {
  assertWritable(doc);
  doc.transact(() => fundMap(doc).set(pairKey(a, b), { by, at: nowIso() }), LOCAL_EDIT);
}

/** The pairs of entries a person has marked as not duplicates, as "a|b" keys. */
export function readNotDuplicates(doc: Y.Doc): Set<string> {
  const out = new Set<string>();
  for (const key of fundMap(doc).keys())
    if (key.startsWith(DUPLICATE_KEY)) out.add(key.slice(DUPLICATE_KEY.length));
  return out;
}

/** Calls `onChange` whenever a setting or a duplicate review changes. */
export function observeFundSettings(doc: Y.Doc, onChange: () => void): () => void {
  return observeRoot(doc, ROOT.fund, onChange);
}
