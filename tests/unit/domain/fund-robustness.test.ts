import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addAccount, observeAccounts } from '$lib/domain/accounts';
import { addBudget, setBudgetLine } from '$lib/domain/budgets';
import { duesLines } from '$lib/domain/dues';
import { DomainError } from '$lib/domain/errors';
import { actOnExpense, addExpenseRequest, blankExpenseRequest } from '$lib/domain/expenses';
import { readFund, readLedger } from '$lib/domain/fund';
import { markNotDuplicate, readFundSettings, updateFundSettings } from '$lib/domain/fund-settings';
import type { ExpenseRequestId, PersonId } from '$lib/domain/ids';
import { amendEntry, observeLedger, recordEntry, reverseEntry } from '$lib/domain/ledger';
import {
  addApplication,
  blankApplication,
  decideApplication,
  getApplication,
  listApplications,
} from '$lib/domain/membership';
import { collection, metaMap, ROOT, SCHEMA_VERSION } from '$lib/domain/schema';
import { entryInput, expectRefused, fundWorld, send, TREASURER } from './fund-fixtures';
import { fork } from './helpers';

const CHAIR = 'person-chair' as PersonId;

describe('a document written by a newer app', () => {
  it('refuses every fund write and stays unchanged', () => {
    const w = fundWorld(1);
    const id = recordEntry(w.doc, entryInput('donation', w.bank), TREASURER);
    const budget = addBudget(
      w.doc,
      { kind: 'annual', name: 'Y', gatheringId: '', year: '2026' },
      CHAIR,
    );
    metaMap(w.doc).set('schemaVersion', SCHEMA_VERSION + 1);
    const { doc, bank } = w;
    const code = 'error.readOnlyNewerVersion';
    expectRefused(doc, () => recordEntry(doc, entryInput('donation', bank), TREASURER), code);
    expectRefused(doc, () => reverseEntry(doc, id, '2026-03-02', 'r', TREASURER), code);
    expectRefused(
      doc,
      () => amendEntry(doc, id, entryInput('donation', bank, { memo: 'm' }), TREASURER),
      code,
    );
    expectRefused(doc, () => addAccount(doc, { name: 'B', kind: 'bank', notes: '' }, CHAIR), code);
    expectRefused(doc, () => updateFundSettings(doc, { duesGraceDays: 3 }, CHAIR), code);
    expectRefused(doc, () => markNotDuplicate(doc, 'a', 'b', CHAIR), code);
    expectRefused(
      doc,
      () => decideApplication(doc, w.apps[0]!, 'accepted', '2026-01-01', CHAIR),
      code,
    );
    expectRefused(doc, () => actOnExpense(doc, w.requests[0]!, 'approve', CHAIR), code);
    const request = { ...blankExpenseRequest(), purpose: 'P', amount: 1 };
    expectRefused(doc, () => addExpenseRequest(doc, request, CHAIR), code);
    const app = {
      ...blankApplication(),
      organizationId: w.orgs[0]!,
      applicantName: 'A',
      dueAmount: 1,
    };
    expectRefused(doc, () => addApplication(doc, app, CHAIR), code);
    const line = {
      direction: 'expense' as const,
      category: 'travel' as const,
      label: '',
      estimate: 1,
    };
    expectRefused(doc, () => setBudgetLine(doc, budget, line, CHAIR), code);
  });
});

describe('observers', () => {
  it('observeLedger reports the ids each transaction added, until unsubscribed', () => {
    const { doc, bank } = fundWorld(0);
    const seen: string[][] = [];
    const stop = observeLedger(doc, (ids) => seen.push(ids));
    const a = recordEntry(doc, entryInput('donation', bank), TREASURER);
    const peer = fork(doc);
    const b = recordEntry(peer, entryInput('donation', bank), TREASURER);
    send(peer, doc);
    stop();
    recordEntry(doc, entryInput('donation', bank), TREASURER);
    expect(seen).toEqual([[a], [b]]);
  });

  it('observeAccounts fires on change and not after unsubscribing', () => {
    const { doc } = fundWorld(0);
    let calls = 0;
    const stop = observeAccounts(doc, () => calls++);
    addAccount(doc, { name: 'Savings', kind: 'bank', notes: '' }, CHAIR);
    stop();
    addAccount(doc, { name: 'Petty cash', kind: 'cash', notes: '' }, CHAIR);
    expect(calls).toBe(1);
  });
});

describe('garbage from a peer', () => {
  it('readFund reads a document whose fund maps hold odd values', () => {
    const w = fundWorld(1);
    recordEntry(w.doc, entryInput('donation', w.bank), TREASURER);
    const peer = fork(w.doc);
    peer.transact(() => {
      const fund = peer.getMap<unknown>(ROOT.fund);
      fund.set('duesPeriod', 'fortnight');
      fund.set('duesGraceDays', -4);
      fund.set('duesScale', [{ id: 'x', label: 'X', minMembers: 0, amount: 1.5 }, 'tier', null]);
      fund.set('expenseRule', { kind: 'approvers', count: 'two' });
      collection(peer, ROOT.applications).set('junk' as never, 'not a map' as never);
    });
    send(peer, w.doc);
    const fund = readFund(w.doc);
    expect(fund.settings).toEqual({
      duesPeriod: 'year',
      duesGraceDays: 30,
      duesScale: [],
      expenseRule: { kind: 'approvers', count: 2, councilId: '' },
    });
    expect(fund.applications).toHaveLength(3);
    expect(fund.view.entries).toHaveLength(1);
    expect(readFundSettings(w.doc).duesPeriod).toBe('year');
  });

  // A request or application stored without its history map (an older or foreign peer) makes
  // actOnExpense / decideApplication throw a TypeError instead of a DomainError.
  it('acting on a request stored without history fails with a DomainError', () => {
    const w = fundWorld(0);
    const map = new Y.Map<unknown>();
    w.doc.transact(() => {
      collection(w.doc, ROOT.expenseRequests).set('bare', map);
      map.set('purpose', 'Bare');
      map.set('amount', 100);
    });
    const before = Y.encodeStateAsUpdate(w.doc);
    expect(() => actOnExpense(w.doc, 'bare' as ExpenseRequestId, 'approve', CHAIR)).toThrow(
      DomainError,
    );
    expect(Y.encodeStateAsUpdate(w.doc)).toEqual(before);
  });
});

describe('membership edge cases', () => {
  // decideApplication takes any date for "left": one before memberFrom wipes every owed period.
  it('an end of membership before its start is refused', () => {
    const { doc, apps } = fundWorld(0);
    decideApplication(doc, apps[0]!, 'accepted', '2026-03-01', CHAIR);
    expectRefused(
      doc,
      () => decideApplication(doc, apps[0]!, 'left', '2026-02-01', CHAIR),
      'error.date',
    );
  });

  // Two people entering the same application offline, both accepted: every period owed twice.
  it('two accepted applications of one organization do not double its dues', () => {
    const { doc, orgs, apps } = fundWorld(0);
    const a = fork(doc);
    const b = fork(doc);
    decideApplication(a, apps[0]!, 'accepted', '2026-01-01', CHAIR);
    const again = addApplication(
      b,
      {
        ...blankApplication(),
        organizationId: orgs[0]!,
        applicantName: 'Same org',
        dueAmount: 10_000,
      },
      CHAIR,
    );
    decideApplication(b, again, 'accepted', '2026-01-01', CHAIR);
    send(a, b);
    expect(getApplication(b, again)!.status).toBe('accepted');
    const lines = duesLines(listApplications(b), readLedger(b), 30, '2026-05-01');
    expect(lines.map((l) => [l.organizationId, l.owed])).toEqual([[orgs[0], 10_000]]);
  });
});

describe('errors', () => {
  it('are DomainErrors with a catalog code', () => {
    const { doc, bank } = fundWorld(0);
    try {
      recordEntry(doc, entryInput('donation', bank, { amount: -1 }), TREASURER);
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toMatch(/^error\.[a-zA-Z]+$/);
      expect((e as DomainError).message).toContain('amount');
    }
    expect.assertions(3);
  });
});
