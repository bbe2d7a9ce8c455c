// Shared fixtures for the fund's tests: one federation (SEK) with two accounts, three
// organizations, an event, a finance council and pending applications and expense requests.
import { expect } from 'vitest';
import * as Y from 'yjs';
import { addAccount } from '$lib/domain/accounts';
import { addCouncil, blankCouncil, setMember } from '$lib/domain/councils';
import { DomainError } from '$lib/domain/errors';
import { addExpenseRequest, blankExpenseRequest } from '$lib/domain/expenses';
import { addGathering, blankGathering } from '$lib/domain/gatherings';
import type {
  AccountId,
  ApplicationId,
  CouncilId,
  ExpenseRequestId,
  GatheringId,
  OrganizationId,
  PersonId,
} from '$lib/domain/ids';
import { blankEntry, type EntryKind, type LedgerEntryInput } from '$lib/domain/ledger';
import { addApplication, blankApplication } from '$lib/domain/membership';
import { addOrganization } from '$lib/domain/organizations';
import { ALICE, newFederationDoc, orgInput } from './helpers';

export const TREASURER = 'person-treasurer' as PersonId;
export const FINANCE = ['person-fin-1', 'person-fin-2', 'person-fin-3'] as PersonId[];
export const REQUESTER = 'person-requester' as PersonId;

export interface FundWorld {
  doc: Y.Doc;
  bank: AccountId;
  cash: AccountId;
  orgs: OrganizationId[];
  gathering: GatheringId;
  council: CouncilId;
  /** One pending application per organization. */
  apps: ApplicationId[];
  /** Pending requests by REQUESTER, 100 SEK each, linked to the event. */
  requests: ExpenseRequestId[];
}

/** A federation document ready for the fund; `requests` pending expense requests. */
export function fundWorld(requests = 2): FundWorld {
  const doc = newFederationDoc();
  const bank = addAccount(doc, { name: 'Bank', kind: 'bank', notes: '' }, ALICE);
  const cash = addAccount(doc, { name: 'Cash box', kind: 'cash', notes: '' }, ALICE);
  const orgs = ['Malmö', 'Lund', 'Oslo'].map((name) =>
    addOrganization(doc, orgInput({ name }), ALICE),
  );
  const gathering = addGathering(
    doc,
    {
      ...blankGathering('Europe/Stockholm'),
      title: 'Spring school',
      start: '2026-04-10T09:00',
      end: '2026-04-12T17:00',
    },
    ALICE,
  );
  const council = addCouncil(doc, { ...blankCouncil(), name: 'Finance' }, ALICE);
  for (const p of FINANCE) setMember(doc, council, p, { organizationId: '' }, ALICE);
  const apps = orgs.map((organizationId, i) =>
    addApplication(
      doc,
      {
        ...blankApplication(),
        organizationId,
        applicantName: `Applicant ${i}`,
        dueAmount: (i + 1) * 10_000,
      },
      ALICE,
    ),
  );
  const ids = Array.from({ length: requests }, (_, i) =>
    addExpenseRequest(
      doc,
      {
        ...blankExpenseRequest(),
        purpose: `Trip ${i}`,
        payee: `Rail ${i}`,
        amount: 10_000,
        gatheringId: gathering,
      },
      REQUESTER,
    ),
  );
  return { doc, bank, cash, orgs, gathering, council, apps, requests: ids };
}

/** A valid entry of `kind` in SEK on `accountId`, with the given overrides. */
export function entryInput(
  kind: EntryKind,
  accountId: AccountId,
  overrides: Partial<LedgerEntryInput> = {},
): LedgerEntryInput {
  const extra: Record<EntryKind, Partial<LedgerEntryInput>> = {
    donation: { donor: 'Anna' },
    dues: { period: '2026' },
    expense: { payee: 'Rail company', category: 'travel' },
    transfer: {},
    refund: { direction: 'in', counterparty: 'Hostel' },
  };
  return {
    ...blankEntry(kind, 'SEK', '2026-03-01'),
    accountId,
    amount: 1000,
    ...extra[kind],
    ...overrides,
  };
}

/** Expects `fn` to throw a DomainError with `code` and to leave `doc` exactly as it was. */
export function expectRefused(doc: Y.Doc, fn: () => unknown, code: string): void {
  const before = Y.encodeStateAsUpdate(doc);
  let error: unknown = null;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
}

/** Sends what `to` lacks from `from`. */
export function send(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}
