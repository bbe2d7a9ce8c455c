import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Y from 'yjs';
import { setMember } from '$lib/domain/councils';
import {
  actOnExpense,
  addExpenseRequest,
  blankExpenseRequest,
  getExpenseRequest,
  setExpenseRequestRemoved,
  updateExpenseRequest,
} from '$lib/domain/expenses';
import { outcomeOf, paidFor, payExpense, readLedger } from '$lib/domain/fund';
import { readNotDuplicates, updateFundSettings } from '$lib/domain/fund-settings';
import { removeGathering } from '$lib/domain/gatherings';
import type { CouncilId, ExpenseRequestId, PersonId } from '$lib/domain/ids';
import { getEntry, reverseEntry } from '$lib/domain/ledger';
import { balances, possibleDuplicates } from '$lib/domain/ledger-view';
import { addPerson, blankPerson } from '$lib/domain/people';
import { addProposal, blankProposal, castPosition, closeProposal } from '$lib/domain/proposals';
import { expectRefused, FINANCE, fundWorld, REQUESTER, send, TREASURER } from './fund-fixtures';
import { fork, sync } from './helpers';

const [F1, F2, F3] = FINANCE as [PersonId, PersonId, PersonId];
const OUTSIDER = 'person-outsider' as PersonId;
const at = (iso: string) => vi.setSystemTime(new Date(iso));
const outcome = (doc: Y.Doc, id: ExpenseRequestId) => outcomeOf(doc, getExpenseRequest(doc, id)!);
const state = (doc: Y.Doc, id: ExpenseRequestId) => outcome(doc, id).state;
const approvers = (doc: Y.Doc, count: number, councilId: CouncilId | '' = '') =>
  updateFundSettings(doc, { expenseRule: { kind: 'approvers', count, councilId } }, F1);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  at('2026-05-01T09:00:00Z');
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the approvers rule', () => {
  it('needs N distinct approvers; the same person twice counts once', () => {
    const { doc, requests } = fundWorld(1);
    const id = requests[0]!;
    actOnExpense(doc, id, 'approve', F1);
    actOnExpense(doc, id, 'approve', F1);
    expect(outcome(doc, id)).toMatchObject({ state: 'pending', approvers: [F1] });
    expect(outcome(doc, id).ignored).toHaveLength(1);
    actOnExpense(doc, id, 'approve', OUTSIDER);
    expect(outcome(doc, id)).toMatchObject({ state: 'approved', approvers: [F1, OUTSIDER] });
    // Acts after the outcome is fixed are kept and ignored.
    actOnExpense(doc, id, 'reject', F2, 'too late');
    expect(getExpenseRequest(doc, id)!.history).toHaveLength(4);
    expect(state(doc, id)).toBe('approved');
  });

  it('the requester cannot approve their own request, only withdraw it', () => {
    const { doc, requests } = fundWorld(2);
    const [id, other] = requests as [ExpenseRequestId, ExpenseRequestId];
    actOnExpense(doc, id, 'approve', REQUESTER);
    actOnExpense(doc, id, 'approve', F1);
    expect(outcome(doc, id)).toMatchObject({ state: 'pending', approvers: [F1] });
    actOnExpense(doc, id, 'withdraw', F2);
    expect(state(doc, id)).toBe('pending');
    actOnExpense(doc, id, 'withdraw', REQUESTER);
    expect(state(doc, id)).toBe('withdrawn');
    actOnExpense(doc, other, 'reject', REQUESTER, 'changed my mind');
    expect(state(doc, other)).toBe('pending');
  });

  it('one rejection by someone eligible rejects; a rejection needs a reason', () => {
    const { doc, requests } = fundWorld(1);
    const id = requests[0]!;
    expectRefused(doc, () => actOnExpense(doc, id, 'reject', F1, '  '), 'error.reasonRequired');
    actOnExpense(doc, id, 'approve', F1);
    actOnExpense(doc, id, 'reject', F2, 'no budget');
    actOnExpense(doc, id, 'approve', F3);
    expect(state(doc, id)).toBe('rejected');
  });

  it('council-only: approvals of non-members are kept and do not count', () => {
    const { doc, requests, council } = fundWorld(1);
    const id = requests[0]!;
    approvers(doc, 2, council);
    actOnExpense(doc, id, 'approve', OUTSIDER);
    actOnExpense(doc, id, 'reject', 'person-someone' as PersonId, 'no');
    actOnExpense(doc, id, 'approve', F1);
    expect(outcome(doc, id)).toMatchObject({ state: 'pending', approvers: [F1] });
    expect(outcome(doc, id).ignored).toHaveLength(2);
    actOnExpense(doc, id, 'approve', F3);
    expect(outcome(doc, id)).toMatchObject({ state: 'approved', approvers: [F1, F3] });
  });

  it('refuses a rule with no approvers, and acts on an unknown request', () => {
    const { doc } = fundWorld(0);
    expectRefused(doc, () => approvers(doc, 0), 'error.count');
    expectRefused(
      doc,
      () => actOnExpense(doc, 'nope' as ExpenseRequestId, 'approve', F1),
      'error.notFound',
    );
  });

  it('concurrent approve on A and reject on B: both kept, one outcome, whichever merge order', () => {
    for (const approveFirst of [true, false]) {
      const { doc, requests } = fundWorld(1);
      const id = requests[0]!;
      approvers(doc, 1);
      const a = fork(doc);
      const b = fork(doc);
      at(approveFirst ? '2026-05-01T10:00:00Z' : '2026-05-01T11:00:00Z');
      actOnExpense(a, id, 'approve', F1);
      at(approveFirst ? '2026-05-01T11:00:00Z' : '2026-05-01T10:00:00Z');
      actOnExpense(b, id, 'reject', F2, 'not now');
      expect(state(a, id)).toBe('approved');
      expect(state(b, id)).toBe('rejected');
      const ab = fork(a);
      send(b, ab);
      const ba = fork(b);
      send(a, ba);
      const expected = approveFirst ? 'approved' : 'rejected';
      for (const d of [ab, ba]) {
        expect(
          getExpenseRequest(d, id)!
            .history.map((h) => h.kind)
            .sort(),
        ).toEqual(['approve', 'reject']);
        expect(state(d, id)).toBe(expected);
      }
      expect(getExpenseRequest(ab, id)).toEqual(getExpenseRequest(ba, id));
    }
  });

  it('later knowledge wins over clock time: an act made after seeing others counts after them', () => {
    const { doc, requests } = fundWorld(1);
    const id = requests[0]!;
    const a = fork(doc);
    const b = fork(doc);
    at('2026-05-01T12:00:00Z');
    actOnExpense(a, id, 'approve', F1);
    sync(a, b);
    // B's clock is behind, but B had seen F1's approval: F2's approval comes second.
    at('2026-05-01T08:00:00Z');
    actOnExpense(b, id, 'approve', F2);
    at('2026-05-01T09:00:00Z');
    actOnExpense(a, id, 'reject', F3, 'no');
    sync(a, b);
    expect(outcome(a, id)).toEqual(outcome(b, id));
    expect(getExpenseRequest(a, id)!.history[0]!.by).toBe(F1);
  });

  it('concurrent approvals by the same person on two devices count once', () => {
    const { doc, requests } = fundWorld(1);
    const id = requests[0]!;
    const a = fork(doc);
    const b = fork(doc);
    actOnExpense(a, id, 'approve', F1);
    actOnExpense(b, id, 'approve', F1);
    sync(a, b);
    expect(getExpenseRequest(a, id)!.history).toHaveLength(2);
    expect(outcome(a, id)).toMatchObject({ state: 'pending', approvers: [F1] });
    expect(outcome(b, id)).toEqual(outcome(a, id));
  });

  // An approval approves what the approver saw; B's concurrent edit of the amount (made before B
  // knew of any act) merges in after, and the request reads approved for the new amount.
  it('an amount changed concurrently with the approval is not approved with it', () => {
    const { doc, requests } = fundWorld(1);
    const id = requests[0]!;
    approvers(doc, 1);
    const a = fork(doc);
    const b = fork(doc);
    actOnExpense(a, id, 'approve', F1);
    updateExpenseRequest(b, id, { amount: 1_000_000 }, REQUESTER);
    sync(a, b);
    const r = getExpenseRequest(a, id)!;
    expect(r.amount === 10_000 || outcomeOf(a, r).state !== 'approved').toBe(true);
  });

  // The rule is read when the outcome is computed: a member who leaves the council afterwards
  // un-approves a request that was approved (and maybe paid).
  it('an approval given by a council member still counts after they leave the council', () => {
    const { doc, requests, council } = fundWorld(1);
    const id = requests[0]!;
    approvers(doc, 2, council);
    actOnExpense(doc, id, 'approve', F1);
    actOnExpense(doc, id, 'approve', F2);
    expect(state(doc, id)).toBe('approved');
    setMember(doc, council, F2, null, F1);
    expect(state(doc, id)).toBe('approved');
  });

  it('a request cannot be edited once acted on, nor linked to a removed event', () => {
    const w = fundWorld(1);
    const id = w.requests[0]!;
    actOnExpense(w.doc, id, 'approve', F1);
    expectRefused(
      w.doc,
      () => updateExpenseRequest(w.doc, id, { amount: 5 }, REQUESTER),
      'error.expenseActedOn',
    );
    removeGathering(w.doc, w.gathering, F1);
    const input = {
      ...blankExpenseRequest(),
      purpose: 'Venue',
      amount: 500,
      gatheringId: w.gathering,
    };
    expectRefused(w.doc, () => addExpenseRequest(w.doc, input, REQUESTER), 'error.deletedEvent');
    expectRefused(
      w.doc,
      () => addExpenseRequest(w.doc, { ...input, gatheringId: '', amount: 12.5 }, REQUESTER),
      'error.amount',
    );
  });
});

describe('the decision rule', () => {
  function underDecision() {
    const w = fundWorld(0);
    updateFundSettings(w.doc, { expenseRule: { kind: 'decision' } }, F1);
    // The default proposal rule: the people of the federation, by simple majority.
    const voter = addPerson(w.doc, { ...blankPerson(), name: 'Kim' }, F1);
    const proposal = addProposal(w.doc, { ...blankProposal(), title: 'Pay the venue' }, F1);
    const id = addExpenseRequest(
      w.doc,
      { ...blankExpenseRequest(), purpose: 'Venue', amount: 50_000, proposalId: proposal },
      REQUESTER,
    );
    return { ...w, proposal, id, voter };
  }

  it('the linked proposal decides; approvals are kept and do not count', () => {
    const { doc, id, proposal, voter } = underDecision();
    actOnExpense(doc, id, 'approve', F1);
    actOnExpense(doc, id, 'approve', F2);
    expect(outcome(doc, id)).toMatchObject({ state: 'pending', approvers: [] });
    expect(outcome(doc, id).ignored).toHaveLength(2);
    castPosition(doc, proposal, { voterId: voter, value: 'agree' }, F1);
    expect(state(doc, id)).toBe('pending');
    closeProposal(doc, proposal, F1);
    expect(state(doc, id)).toBe('approved');
  });

  it('a proposal that did not pass rejects; without a proposal it stays pending', () => {
    const { doc, id, proposal, voter } = underDecision();
    castPosition(doc, proposal, { voterId: voter, value: 'disagree' }, F1);
    closeProposal(doc, proposal, F1);
    expect(state(doc, id)).toBe('rejected');
    const lone = addExpenseRequest(
      doc,
      { ...blankExpenseRequest(), purpose: 'Chairs', amount: 100 },
      REQUESTER,
    );
    actOnExpense(doc, lone, 'approve', F1);
    expect(state(doc, lone)).toBe('pending');
    actOnExpense(doc, lone, 'withdraw', REQUESTER);
    expect(state(doc, lone)).toBe('withdrawn');
  });
});

describe('paying out', () => {
  function approved(count = 2) {
    const w = fundWorld(1);
    const id = w.requests[0]!;
    for (const p of [F1, F2].slice(0, count)) actOnExpense(w.doc, id, 'approve', p);
    return { ...w, id };
  }
  const pay = (amount: number, date = '2026-04-15') => ({
    accountId: '' as never,
    date,
    amount,
    receipt: 'R-1',
    paidBy: F3,
  });

  it('only an approved request, and never more than approved', () => {
    const w = approved(1);
    const p = (amount: number) => ({ ...pay(amount), accountId: w.bank });
    expectRefused(w.doc, () => payExpense(w.doc, w.id, p(10_000), TREASURER), 'error.notApproved');
    actOnExpense(w.doc, w.id, 'approve', F2);
    expectRefused(w.doc, () => payExpense(w.doc, w.id, p(10_001), TREASURER), 'error.overApproved');
    const first = payExpense(w.doc, w.id, p(6_000), TREASURER);
    expect(getEntry(w.doc, first)).toMatchObject({
      kind: 'expense',
      amount: 6_000,
      currency: 'SEK',
      payee: 'Rail 0',
      category: 'travel',
      gatheringId: w.gathering,
      expenseRequestId: w.id,
      receipt: 'R-1',
      paidBy: F3,
      memo: 'Trip 0',
    });
    expectRefused(w.doc, () => payExpense(w.doc, w.id, p(4_001), TREASURER), 'error.overApproved');
    expectRefused(w.doc, () => payExpense(w.doc, w.id, p(-1), TREASURER), 'error.amount');
    expectRefused(w.doc, () => payExpense(w.doc, w.id, p(0), TREASURER), 'error.amount');
    payExpense(w.doc, w.id, p(4_000), TREASURER);
    expect(paidFor(readLedger(w.doc), w.id)).toBe(10_000);
    expect(balances(readLedger(w.doc)).total).toBe(-10_000);
    // A reversed payout frees its amount again.
    reverseEntry(w.doc, first, '2026-04-16', 'paid twice', TREASURER);
    expect(paidFor(readLedger(w.doc), w.id)).toBe(4_000);
    payExpense(w.doc, w.id, p(6_000), TREASURER);
  });

  it('refuses a rejected, withdrawn or removed request and an event removed since', () => {
    const w = approved(2);
    const p = { ...pay(100), accountId: w.bank };
    removeGathering(w.doc, w.gathering, F1);
    expectRefused(w.doc, () => payExpense(w.doc, w.id, p, TREASURER), 'error.deletedEvent');
    setExpenseRequestRemoved(w.doc, w.id, true, F1);
    expectRefused(w.doc, () => payExpense(w.doc, w.id, p, TREASURER), 'error.notFound');
    const r = addExpenseRequest(
      w.doc,
      { ...blankExpenseRequest(), purpose: 'x', amount: 100 },
      REQUESTER,
    );
    actOnExpense(w.doc, r, 'reject', F1, 'no');
    expectRefused(w.doc, () => payExpense(w.doc, r, p, TREASURER), 'error.notApproved');
  });

  it('two devices paying the same request offline: both kept, flagged as a possible duplicate', () => {
    const w = approved(2);
    const a = fork(w.doc);
    const b = fork(w.doc);
    const x = payExpense(a, w.id, { ...pay(10_000), accountId: w.bank }, TREASURER);
    const y = payExpense(b, w.id, { ...pay(10_000), accountId: w.bank }, F3);
    sync(a, b);
    const view = readLedger(a);
    expect(paidFor(view, w.id)).toBe(20_000);
    expect(
      possibleDuplicates(view, readNotDuplicates(a)).map((g) => g.map((e) => e.id).sort()),
    ).toEqual([[x, y].sort()]);
  });
});
