// Budgets: planned lines for an event or a year, against the actual entries of the ledger.
import * as Y from 'yjs';
import {
  assertNoErrors,
  assertWritable,
  getEntity,
  insertEntity,
  listEntities,
  nowIso,
  numOrNull,
  observeRoot,
  patchEntity,
  readEntity,
  setRemoved,
  str,
  type Entity,
  isActive,
} from './entity';
import { DomainError, type FieldErrors } from './errors';
import { newId, type BudgetId, type GatheringId, type PersonId } from './ids';
import { EXPENSE_CATEGORIES, type ExpenseCategory, type LedgerEntry } from './ledger';
import type { LedgerView } from './ledger-view';
import { collection, LOCAL_EDIT, ROOT } from './schema';

export type BudgetKind = 'event' | 'annual';
/** Income lines are by kind of income; expense lines by category. */
export const INCOME_KINDS = ['donation', 'dues', 'refund'] as const;
export type IncomeKind = (typeof INCOME_KINDS)[number];

export interface BudgetLine {
  id: string;
  direction: 'income' | 'expense';
  /** An expense category, or an income kind. */
  category: ExpenseCategory | IncomeKind;
  label: string;
  /** Minor units of the base currency. */
  estimate: number;
}

export interface BudgetInput {
  kind: BudgetKind;
  name: string;
  gatheringId: GatheringId | '';
  /** For an annual budget: "YYYY". */
  year: string;
}

export interface Budget extends Entity<BudgetId>, BudgetInput {
  lines: BudgetLine[];
}

export function validateBudget(input: BudgetInput): FieldErrors<keyof BudgetInput> {
  const errors: FieldErrors<keyof BudgetInput> = {};
  if (!input.name.trim()) errors.name = 'error.required';
  if (input.kind === 'event' && !input.gatheringId) errors.gatheringId = 'error.required';
  if (input.kind === 'annual' && !/^\d{4}$/.test(input.year)) errors.year = 'error.year';
  return errors;
}

export function validateLine(line: Omit<BudgetLine, 'id'>): string | null {
  if (!Number.isSafeInteger(line.estimate) || line.estimate < 0) return 'error.amount';
  const ok =
    line.direction === 'income'
      ? INCOME_KINDS.includes(line.category as IncomeKind)
      : EXPENSE_CATEGORIES.includes(line.category as ExpenseCategory);
  if (!ok) return 'error.required';
  return line.label.length > 200 ? 'error.tooLong' : null;
}

function linesMap(doc: Y.Doc, id: BudgetId): Y.Map<BudgetLine> {
  const lines = collection(doc, ROOT.budgets).get(id)?.get('lines');
  if (!(lines instanceof Y.Map)) throw new DomainError('error.notFound');
  return lines as Y.Map<BudgetLine>;
}

export function addBudget(doc: Y.Doc, input: BudgetInput, by: PersonId): BudgetId {
  const data = { ...input, name: input.name.trim() };
  assertNoErrors(validateBudget(data), 'budget');
  if (data.gatheringId && !isActive(doc, ROOT.gatherings, data.gatheringId))
    throw new DomainError('error.deletedEvent');
  const id = newId<BudgetId>();
  doc.transact(() => {
    insertEntity(doc, ROOT.budgets, id, { ...data }, by);
    // Made with the budget, never lazily: lines added on two devices at once are all kept.
    collection(doc, ROOT.budgets).get(id)?.set('lines', new Y.Map());
  }, LOCAL_EDIT);
  return id;
}

export function updateBudget(
  doc: Y.Doc,
  id: BudgetId,
  patch: Partial<BudgetInput>,
  by: PersonId,
): void {
  const current = getBudget(doc, id);
  if (!current) throw new DomainError('error.notFound');
  assertNoErrors(validateBudget({ ...current, ...patch }), 'budget');
  patchEntity(doc, ROOT.budgets, id, { ...patch }, by);
}

/** Adds a line, or replaces the line with the same id; returns the line's id. */
export function setBudgetLine(
  doc: Y.Doc,
  id: BudgetId,
  line: Omit<BudgetLine, 'id'> & { id?: string },
  by: PersonId,
): string {
  assertWritable(doc);
  const code = validateLine(line);
  if (code) throw new DomainError(code);
  const lineId = line.id || newId();
  doc.transact(() => {
    linesMap(doc, id).set(lineId, { ...line, label: line.label.trim(), id: lineId });
    patchEntity(doc, ROOT.budgets, id, { updatedAt: nowIso() }, by);
  }, LOCAL_EDIT);
  return lineId;
}

export function removeBudgetLine(doc: Y.Doc, id: BudgetId, lineId: string, by: PersonId): void {
  assertWritable(doc);
  doc.transact(() => {
    linesMap(doc, id).delete(lineId);
    patchEntity(doc, ROOT.budgets, id, { updatedAt: nowIso() }, by);
  }, LOCAL_EDIT);
}

export function setBudgetRemoved(doc: Y.Doc, id: BudgetId, removed: boolean, by: PersonId): void {
  setRemoved(doc, ROOT.budgets, id, removed, by);
}

function toBudget(id: string, raw: Record<string, unknown>): Budget {
  const lines: BudgetLine[] = [];
  for (const [lineId, v] of Object.entries((raw.lines as Record<string, unknown>) ?? {})) {
    const l = (v ?? {}) as Record<string, unknown>;
    const line: BudgetLine = {
      id: lineId,
      direction: l.direction === 'income' ? 'income' : 'expense',
      category: str(l.category) as BudgetLine['category'],
      label: str(l.label),
      estimate: numOrNull(l.estimate) ?? 0,
    };
    if (!validateLine(line)) lines.push(line);
  }
  lines.sort((a, b) =>
    a.direction !== b.direction
      ? a.direction === 'income'
        ? -1
        : 1
      : a.category < b.category
        ? -1
        : a.category > b.category
          ? 1
          : a.id < b.id
            ? -1
            : 1,
  );
  return {
    ...readEntity<BudgetId>(raw, id),
    kind: raw.kind === 'annual' ? 'annual' : 'event',
    name: str(raw.name),
    gatheringId: str(raw.gatheringId) as GatheringId | '',
    year: str(raw.year),
    lines,
  };
}

export function getBudget(doc: Y.Doc, id: BudgetId): Budget | null {
  return getEntity(doc, ROOT.budgets, id, toBudget);
}

export function listBudgets(doc: Y.Doc, opts: { includeRemoved?: boolean } = {}): Budget[] {
  return listEntities(doc, ROOT.budgets, toBudget, opts).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1,
  );
}

export function observeBudgets(doc: Y.Doc, onChange: () => void): () => void {
  return observeRoot(doc, ROOT.budgets, onChange);
}

/** Income kind or expense category of an entry that counts; null for transfers. */
export function categoryOf(
  e: LedgerEntry,
): { direction: 'income' | 'expense'; category: BudgetLine['category'] } | null {
  if (e.kind === 'transfer') return null;
  if (e.kind === 'expense')
    return { direction: 'expense', category: (e.category || 'other') as ExpenseCategory };
  if (e.kind === 'refund' && e.direction === 'out')
    return { direction: 'expense', category: 'other' };
  return { direction: 'income', category: e.kind as IncomeKind };
}

export interface BudgetRow {
  direction: 'income' | 'expense';
  category: BudgetLine['category'];
  estimate: number;
  actual: number;
}

/**
 * Planned against actual per direction and category: for an event, the entries linked to it; for
 * a year, the entries dated in it. Corrections count as of now (a reversed entry counts 0).
 */
export function budgetVsActual(budget: Budget, view: LedgerView): BudgetRow[] {
  const rows = new Map<string, BudgetRow>();
  const row = (direction: BudgetRow['direction'], category: BudgetRow['category']) => {
    const key = `${direction}|${category}`;
    let r = rows.get(key);
    if (!r) rows.set(key, (r = { direction, category, estimate: 0, actual: 0 }));
    return r;
  };
  for (const l of budget.lines) row(l.direction, l.category).estimate += l.estimate;
  for (const e of view.entries) {
    if (view.state.get(e.id) !== 'counted' || e.correction === 'reversal') continue;
    if (
      budget.kind === 'event'
        ? e.gatheringId !== budget.gatheringId
        : !e.date.startsWith(`${budget.year}-`)
    )
      continue;
    const c = categoryOf(e);
    if (c) row(c.direction, c.category).actual += e.baseAmount;
  }
  return [...rows.values()].sort((a, b) =>
    a.direction !== b.direction
      ? a.direction === 'income'
        ? -1
        : 1
      : a.category < b.category
        ? -1
        : 1,
  );
}
