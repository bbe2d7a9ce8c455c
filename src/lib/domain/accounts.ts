// Accounts: where the fund's money sits (a bank account, a cash box). Balances are in the
// federation's base currency.
import type * as Y from 'yjs';
import {
  assertNoErrors,
  byName,
  getEntity,
  insertEntity,
  listEntities,
  observeRoot,
  patchEntity,
  readEntity,
  setRemoved,
  str,
  type Entity,
} from './entity';
import type { FieldErrors } from './errors';
import { newId, type AccountId, type PersonId } from './ids';
import { ROOT } from './schema';

export const ACCOUNT_KINDS = ['bank', 'cash', 'other'] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

export interface AccountInput {
  name: string;
  kind: AccountKind;
  notes: string;
}

export interface Account extends Entity<AccountId>, AccountInput {}

/** An empty form. */
export function blankAccount(): AccountInput {
  return { name: '', kind: 'bank', notes: '' };
}

/** Field errors of an account form. */
export function validateAccount(input: AccountInput): FieldErrors<keyof AccountInput> {
  const errors: FieldErrors<keyof AccountInput> = {};
  if (!input.name.trim()) errors.name = 'error.required';
  else if (input.name.length > 120) errors.name = 'error.tooLong';
  if (input.notes.length > 2000) errors.notes = 'error.tooLong';
  return errors;
}

/** Adds an account; returns its id. */
export function addAccount(doc: Y.Doc, input: AccountInput, by: PersonId): AccountId {
  const data = { ...input, name: input.name.trim() };
  assertNoErrors(validateAccount(data), 'account');
  const id = newId<AccountId>();
  insertEntity(doc, ROOT.accounts, id, { ...data }, by);
  return id;
}

/** Renames or re-describes an account; its entries are untouched. */
export function updateAccount(
  doc: Y.Doc,
  id: AccountId,
  patch: Partial<AccountInput>,
  by: PersonId,
): void {
  const current = getAccount(doc, id);
  assertNoErrors(validateAccount({ ...blankAccount(), ...current, ...patch }), 'account');
  patchEntity(doc, ROOT.accounts, id, { ...patch, name: patch.name?.trim() }, by);
}

/** Removes (or restores) an account; its entries still count in every balance. */
export function setAccountRemoved(doc: Y.Doc, id: AccountId, removed: boolean, by: PersonId): void {
  setRemoved(doc, ROOT.accounts, id, removed, by);
}

function toAccount(id: string, raw: Record<string, unknown>): Account {
  const kind = str(raw.kind) as AccountKind;
  return {
    ...readEntity<AccountId>(raw, id),
    name: str(raw.name),
    kind: ACCOUNT_KINDS.includes(kind) ? kind : 'other',
    notes: str(raw.notes),
  };
}

/** One account (removed ones too), or null. */
export function getAccount(doc: Y.Doc, id: AccountId): Account | null {
  return getEntity(doc, ROOT.accounts, id, toAccount);
}

/** Accounts by name. */
export function listAccounts(doc: Y.Doc, opts: { includeRemoved?: boolean } = {}): Account[] {
  return listEntities(doc, ROOT.accounts, toAccount, opts).sort(byName);
}

/** Calls `onChange` whenever an account changes. */
export function observeAccounts(doc: Y.Doc, onChange: () => void): () => void {
  return observeRoot(doc, ROOT.accounts, onChange);
}
