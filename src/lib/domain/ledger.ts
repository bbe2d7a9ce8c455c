// The ledger: immutable entries in a `Y.Map<id, plain object>`. An entry is never changed or
// removed; a mistake is corrected by a reversal or an amendment that points to the original.
import type * as Y from 'yjs';
import { assertWritable, isActive, nowIso, numOrNull, str } from './entity';
import { DomainError, type FieldErrors } from './errors';
import type {
  AccountId,
  CouncilId,
  ExpenseRequestId,
  GatheringId,
  LedgerEntryId,
  OrganizationId,
  PersonId,
} from './ids';
import { newId } from './ids';
import { convert, isMinorAmount, isMoneyCurrency, parseRate } from './money';
import { isPeriod } from './periods';
import { LOCAL_EDIT, metaMap, ROOT, type CollectionKey } from './schema';
import { isIsoDate } from './validate';

export const ENTRY_KINDS = ['donation', 'dues', 'expense', 'transfer', 'refund'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export const EXPENSE_CATEGORIES = [
  'travel',
  'lodging',
  'venue',
  'material',
  'translation',
  'food',
  'fees',
  'other',
] as const;
export type ExpenseCategory = (typeof EXPENSE_CATEGORIES)[number];

export type Correction = 'reversal' | 'amendment';

/** What a person records. Fields that do not belong to the kind are ''. */
export interface LedgerEntryInput {
  kind: EntryKind;
  /** The value date, "YYYY-MM-DD". */
  date: string;
  accountId: AccountId | '';
  /** Minor units of `currency`, more than 0; the kind says which way the money went. */
  amount: number;
  currency: string;
  /** Units of the base currency per unit of `currency`; '' when `currency` is the base. */
  rate: string;
  memo: string;
  /** Donation: the donor, '' for anonymous; an optional earmark. */
  donor: string;
  earmark: string;
  /** Dues: the organization and the period paid ("2026", "2026-Q1", "2026-03"). */
  organizationId: OrganizationId | '';
  period: string;
  /** Expense: to whom, for what, linked to an event or council, receipt, who paid it out. */
  payee: string;
  category: ExpenseCategory | '';
  gatheringId: GatheringId | '';
  councilId: CouncilId | '';
  receipt: string;
  paidBy: PersonId | '';
  expenseRequestId: ExpenseRequestId | '';
  /** Transfer: the account the money went to (`accountId` is where it came from). */
  toAccountId: AccountId | '';
  /** Refund or reimbursement: money in (returned to the fund) or out, and with whom. */
  direction: 'in' | 'out' | '';
  counterparty: string;
}

export interface LedgerEntry extends LedgerEntryInput {
  id: LedgerEntryId;
  recordedAt: string;
  recordedBy: PersonId;
  /** `amount` in minor units of the base currency, fixed when recorded. */
  baseAmount: number;
  /** The entry this one reverses or amends, or ''. */
  corrects: LedgerEntryId | '';
  correction: Correction | '';
}

export function blankEntry(kind: EntryKind, currency: string, date: string): LedgerEntryInput {
  return {
    kind,
    date,
    accountId: '',
    amount: 0,
    currency,
    rate: '',
    memo: '',
    donor: '',
    earmark: '',
    organizationId: '',
    period: '',
    payee: '',
    category: '',
    gatheringId: '',
    councilId: '',
    receipt: '',
    paidBy: '',
    expenseRequestId: '',
    toAccountId: '',
    direction: '',
    counterparty: '',
  };
}

/** What validation needs to know about the document. */
export interface LedgerContext {
  baseCurrency: string;
  /** Whether an entity exists and is not removed. */
  isActive: (key: CollectionKey, id: string) => boolean;
}

/** Field errors of an entry; references must name things that exist and are not removed. */
export function validateEntry(
  input: LedgerEntryInput,
  ctx: LedgerContext,
): FieldErrors<keyof LedgerEntryInput> {
  const errors: FieldErrors<keyof LedgerEntryInput> = {};
  const ref = (field: keyof LedgerEntryInput, key: CollectionKey, code: string) => {
    const id = input[field] as string;
    if (id && !ctx.isActive(key, id)) errors[field] = code;
  };
  if (!ENTRY_KINDS.includes(input.kind)) errors.kind = 'error.required';
  if (!isIsoDate(input.date)) errors.date = 'error.date';
  if (!input.accountId) errors.accountId = 'error.required';
  ref('accountId', ROOT.accounts, 'error.account');
  if (!isMinorAmount(input.amount)) errors.amount = 'error.amount';
  if (!isMoneyCurrency(input.currency)) errors.currency = 'error.currency';
  else if (input.currency !== ctx.baseCurrency && !parseRate(input.rate))
    errors.rate = 'error.rate';
  for (const f of ['memo', 'donor', 'earmark', 'payee', 'receipt', 'counterparty'] as const)
    if (input[f].length > 500) errors[f] = 'error.tooLong';
  if (input.kind === 'dues') {
    if (!input.organizationId) errors.organizationId = 'error.required';
    ref('organizationId', ROOT.organizations, 'error.organization');
    if (!isPeriod(input.period)) errors.period = 'error.period';
  }
  if (input.kind === 'expense') {
    if (!input.payee.trim()) errors.payee = 'error.required';
    if (!EXPENSE_CATEGORIES.includes(input.category as ExpenseCategory))
      errors.category = 'error.required';
    ref('gatheringId', ROOT.gatherings, 'error.deletedEvent');
    ref('councilId', ROOT.councils, 'error.deletedCouncil');
  }
  if (input.kind === 'transfer') {
    if (!input.toAccountId) errors.toAccountId = 'error.required';
    else if (input.toAccountId === input.accountId) errors.toAccountId = 'error.sameAccount';
    ref('toAccountId', ROOT.accounts, 'error.account');
  }
  if (input.kind === 'refund' && input.direction !== 'in' && input.direction !== 'out')
    errors.direction = 'error.required';
  return errors;
}

function ledgerMap(doc: Y.Doc): Y.Map<Record<string, unknown>> {
  return doc.getMap(ROOT.ledger);
}

function contextOf(doc: Y.Doc): LedgerContext {
  return {
    baseCurrency: str(metaMap(doc).get('baseCurrency')),
    isActive: (key, id) => isActive(doc, key, id),
  };
}

/** Keeps only the fields of the kind, trimmed, with the rate normalized. */
function clean(input: LedgerEntryInput, base: string): LedgerEntryInput {
  const b = blankEntry(input.kind, input.currency.toUpperCase(), input.date);
  const keep = {
    donation: ['donor', 'earmark'],
    dues: ['organizationId', 'period'],
    expense: [
      'payee',
      'category',
      'gatheringId',
      'councilId',
      'receipt',
      'paidBy',
      'expenseRequestId',
    ],
    transfer: ['toAccountId'],
    refund: ['direction', 'counterparty'],
  }[input.kind] as (keyof LedgerEntryInput)[];
  const out: LedgerEntryInput = {
    ...b,
    accountId: input.accountId,
    amount: input.amount,
    memo: input.memo.trim(),
    rate: b.currency === base ? '' : (parseRate(input.rate) ?? input.rate),
  };
  for (const f of keep) {
    const v = input[f];
    (out as unknown as Record<string, unknown>)[f] = typeof v === 'string' ? v.trim() : v;
  }
  return out;
}

function store(
  doc: Y.Doc,
  input: LedgerEntryInput,
  by: PersonId,
  corrects: LedgerEntryId | '',
  correction: Correction | '',
): LedgerEntryId {
  const ctx = contextOf(doc);
  const data = clean(input, ctx.baseCurrency);
  const [field, code] = Object.entries(validateEntry(data, ctx))[0] ?? [];
  if (code) throw new DomainError(code, `invalid ledger entry ${field}: ${code}`);
  const id = newId<LedgerEntryId>();
  const baseAmount = data.rate
    ? convert(data.amount, data.currency, data.rate, ctx.baseCurrency)
    : data.amount;
  if (!isMinorAmount(baseAmount)) throw new DomainError('error.convertedAmount');
  const entry: LedgerEntry = {
    ...data,
    id,
    recordedAt: nowIso(),
    recordedBy: by,
    baseAmount,
    corrects,
    correction,
  };
  ledgerMap(doc).set(id, stored(entry));
  return id;
}

/** What is stored: no id (it is the key) and no empty fields, since a ledger grows without end. */
function stored(entry: LedgerEntry): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entry))
    if (key !== 'id' && value !== '') out[key] = value;
  return out;
}

/** Records a new entry; returns its id. */
export function recordEntry(doc: Y.Doc, input: LedgerEntryInput, by: PersonId): LedgerEntryId {
  assertWritable(doc);
  let id = '' as LedgerEntryId;
  doc.transact(() => (id = store(doc, input, by, '', '')), LOCAL_EDIT);
  return id;
}

function correctable(doc: Y.Doc, id: LedgerEntryId, date: string): LedgerEntry {
  const original = getEntry(doc, id);
  if (!original) throw new DomainError('error.notFound');
  if (original.correction === 'reversal') throw new DomainError('error.correctReversal');
  if (listEntries(doc).some((e) => e.corrects === id))
    throw new DomainError('error.alreadyCorrected');
  if (!isIsoDate(date) || date < original.date) throw new DomainError('error.correctionDate');
  return original;
}

/** Cancels an entry from `date` on; the reversal carries the reason and both stay visible. */
export function reverseEntry(
  doc: Y.Doc,
  id: LedgerEntryId,
  date: string,
  reason: string,
  by: PersonId,
): LedgerEntryId {
  assertWritable(doc);
  if (!reason.trim()) throw new DomainError('error.reasonRequired');
  let out = '' as LedgerEntryId;
  doc.transact(() => {
    const original = correctable(doc, id, date);
    // A reversal repeats the original as it was (so it reads on its own in a list or a CSV),
    // without checking its references again: an entry stays correctable after its account,
    // event or organization was removed.
    out = newId<LedgerEntryId>();
    const reversal: LedgerEntry = {
      ...original,
      id: out,
      date,
      memo: reason.trim(),
      recordedAt: nowIso(),
      recordedBy: by,
      corrects: id,
      correction: 'reversal',
    };
    ledgerMap(doc).set(out, stored(reversal));
  }, LOCAL_EDIT);
  return out;
}

/** Replaces an entry with a corrected one from the amendment's date on. */
export function amendEntry(
  doc: Y.Doc,
  id: LedgerEntryId,
  input: LedgerEntryInput,
  by: PersonId,
): LedgerEntryId {
  assertWritable(doc);
  if (!input.memo.trim()) throw new DomainError('error.reasonRequired');
  let out = '' as LedgerEntryId;
  doc.transact(() => {
    correctable(doc, id, input.date);
    out = store(doc, input, by, id, 'amendment');
  }, LOCAL_EDIT);
  return out;
}

const STRING_FIELDS = [
  'date',
  'accountId',
  'currency',
  'rate',
  'memo',
  'donor',
  'earmark',
  'organizationId',
  'period',
  'payee',
  'category',
  'gatheringId',
  'councilId',
  'receipt',
  'paidBy',
  'expenseRequestId',
  'toAccountId',
  'direction',
  'counterparty',
  'recordedAt',
  'recordedBy',
  'corrects',
  'correction',
] as const;

/** Reads a stored entry; null when a peer stored something that is not one. */
export function readEntry(id: string, raw: unknown): LedgerEntry | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  const kind = r.kind as EntryKind;
  const amount = numOrNull(r.amount);
  const baseAmount = numOrNull(r.baseAmount);
  if (!ENTRY_KINDS.includes(kind) || !isMinorAmount(amount) || !isMinorAmount(baseAmount))
    return null;
  const entry = { id: id as LedgerEntryId, kind, amount, baseAmount } as LedgerEntry;
  for (const f of STRING_FIELDS) (entry as unknown as Record<string, string>)[f] = str(r[f]);
  if (entry.correction !== 'reversal' && entry.correction !== 'amendment') entry.correction = '';
  if (!entry.correction) entry.corrects = '';
  return entry;
}

/** One entry, or null. */
export function getEntry(doc: Y.Doc, id: LedgerEntryId): LedgerEntry | null {
  return readEntry(id, ledgerMap(doc).get(id));
}

/** Orders entries by value date, then when they were recorded, then id: the same on every device. */
export function byDate(a: LedgerEntry, b: LedgerEntry): number {
  return a.date < b.date
    ? -1
    : a.date > b.date
      ? 1
      : a.recordedAt < b.recordedAt
        ? -1
        : a.recordedAt > b.recordedAt
          ? 1
          : a.id < b.id
            ? -1
            : a.id > b.id
              ? 1
              : 0;
}

/** Every readable entry, oldest first. */
export function listEntries(doc: Y.Doc): LedgerEntry[] {
  const out: LedgerEntry[] = [];
  for (const [id, raw] of ledgerMap(doc)) {
    const e = readEntry(id, raw);
    if (e) out.push(e);
  }
  return out.sort(byDate);
}

/** Calls `onChange` with the ids of entries added by each transaction. */
export function observeLedger(doc: Y.Doc, onChange: (added: string[]) => void): () => void {
  const map = ledgerMap(doc);
  const handler = (event: Y.YMapEvent<Record<string, unknown>>) => onChange([...event.keysChanged]);
  map.observe(handler);
  return () => map.unobserve(handler);
}
