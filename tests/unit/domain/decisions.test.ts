import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Y from 'yjs';
import type { DecisionRule } from '$lib/domain/decision-rules';
import { decide, dueForReview, weightsOf, type Electorate } from '$lib/domain/decisions';
import type { CouncilId, ProposalId } from '$lib/domain/ids';
import {
  addProposal,
  blankProposal,
  castPosition,
  closeProposal,
  getProposal,
  recordHands,
  removeProposal,
  setAffected,
  setObjectionResolved,
  type ProposalInput,
} from '$lib/domain/proposals';
import { ALICE, newFederationDoc } from './helpers';

const electorate: Electorate = {
  organizations: [
    { id: 'o1', deletedAt: null },
    { id: 'o2', deletedAt: null },
    { id: 'gone', deletedAt: '2026-01-01T00:00:00.000Z' },
  ],
  people: [
    { id: 'p1', deletedAt: null },
    { id: 'p2', deletedAt: null },
    { id: 'p3', deletedAt: null },
    { id: 'left', deletedAt: '2026-01-01T00:00:00.000Z' },
  ],
  councils: [
    { id: 'c1', members: [{ personId: 'p1' }, { personId: 'p2' }] },
    { id: 'c2', members: [{ personId: 'p3' }] },
  ],
};

const at = (time: string) => vi.setSystemTime(new Date(`2026-05-01T${time}:00Z`));
const iso = (time: string) => `2026-05-01T${time}:00.000Z`;

function proposal(rule: Partial<DecisionRule> = {}, over: Partial<ProposalInput> = {}) {
  const doc = newFederationDoc();
  const id = addProposal(
    doc,
    { ...blankProposal(), title: 'Q', ...over, rule: { ...blankProposal().rule, ...rule } },
    ALICE,
  );
  return { doc, id };
}

const cast = (doc: Y.Doc, id: ProposalId, voterId: string, value: 'agree' | 'disagree') =>
  castPosition(doc, id, { voterId, value }, ALICE);
const get = (doc: Y.Doc, id: ProposalId) => getProposal(doc, id)!;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  at('09:00');
});
afterEach(() => {
  vi.useRealTimers();
});

describe('decide: which positions count', () => {
  it("each voter's latest position before the close counts; later ones are late", () => {
    const { doc, id } = proposal();
    at('10:00');
    cast(doc, id, 'p1', 'agree');
    const p2 = cast(doc, id, 'p2', 'agree');
    at('10:05');
    const p1 = cast(doc, id, 'p1', 'disagree');
    at('11:00');
    closeProposal(doc, id, ALICE);
    at('11:01');
    const late = cast(doc, id, 'p1', 'agree');
    const d = decide(get(doc, id), electorate, iso('12:00'));
    expect(d.counted.map((p) => p.id).sort()).toEqual([p1, p2].sort());
    expect(d.late.map((p) => p.id)).toEqual([late]);
    expect(d).toMatchObject({ closed: true, closesAt: iso('11:00') });
    expect(d.outcome).toMatchObject({ reason: 'noMajority', agree: 1, disagree: 1, eligible: 3 });
  });

  it('a position cast at the very instant of the close counts', () => {
    const { doc, id } = proposal();
    at('11:00');
    closeProposal(doc, id, ALICE);
    const p = cast(doc, id, 'p1', 'agree');
    expect(decide(get(doc, id), electorate).counted.map((x) => x.id)).toEqual([p]);
  });

  it('a deadline in the past closes; in the future it does not', () => {
    const { doc, id } = proposal({}, { deadline: iso('12:00') });
    at('11:00');
    const before = cast(doc, id, 'p1', 'agree');
    at('13:00');
    const after = cast(doc, id, 'p2', 'disagree');
    const future = decide(get(doc, id), electorate, iso('11:30'));
    expect(future).toMatchObject({ closed: false, closesAt: null, late: [] });
    expect(future.counted).toHaveLength(2);
    const past = decide(get(doc, id), electorate, iso('12:30'));
    expect(past).toMatchObject({ closed: true, closesAt: iso('12:00') });
    expect(past.counted.map((p) => p.id)).toEqual([before]);
    expect(past.late.map((p) => p.id)).toEqual([after]);
    expect(past.outcome.passed).toBe(true);
  });

  it('the earlier of the close and a passed deadline ends the vote', () => {
    const { doc, id } = proposal({}, { deadline: iso('12:00') });
    at('13:00');
    closeProposal(doc, id, ALICE);
    expect(decide(get(doc, id), electorate, iso('14:00')).closesAt).toBe(iso('12:00'));
    const early = proposal({}, { deadline: iso('12:00') });
    at('10:00');
    closeProposal(early.doc, early.id, ALICE);
    expect(decide(get(early.doc, early.id), electorate, iso('14:00')).closesAt).toBe(iso('10:00'));
  });

  // Regression, fixed: the deadline is compared as a string with UTC times; a deadline with an offset (which
  // validateProposal accepts) closes at the wrong instant. 12:00+02:00 is 10:00Z.
  it('a deadline with a UTC offset closes at its real instant', () => {
    const { doc, id } = proposal({}, { deadline: '2026-05-01T12:00:00+02:00' });
    at('10:30');
    cast(doc, id, 'p1', 'agree');
    const d = decide(get(doc, id), electorate, iso('11:00'));
    expect(d.closed).toBe(true);
    expect(d.late).toHaveLength(1);
  });

  it('resolved objections and hand counts from the document are counted', () => {
    const { doc, id } = proposal({ block: true });
    cast(doc, id, 'p1', 'agree');
    const o = castPosition(doc, id, { voterId: 'p2', value: 'object', reason: 'Cost' }, ALICE);
    expect(decide(get(doc, id), electorate).outcome.reason).toBe('blocked');
    setObjectionResolved(doc, id, o, true, ALICE);
    recordHands(doc, id, { agree: 2, disagree: 0, abstain: 0, object: 0 }, ALICE);
    expect(decide(get(doc, id), electorate).outcome).toMatchObject({
      passed: true,
      agree: 3,
      object: 1,
      openObjections: 0,
    });
  });

  // Regression, fixed: hand counts are never checked against the close, so a count recorded after the close
  // (e.g. on a device that had not seen it) still changes the outcome.
  it('hands recorded after the close do not count', () => {
    const { doc, id } = proposal();
    cast(doc, id, 'p1', 'agree');
    at('10:00');
    closeProposal(doc, id, ALICE);
    at('10:30');
    recordHands(doc, id, { agree: 0, disagree: 5, abstain: 0, object: 0 }, ALICE);
    expect(decide(get(doc, id), electorate).outcome.passed).toBe(true);
  });
});

describe('weightsOf: who decides with what weight', () => {
  const weights = (rule: Partial<DecisionRule>, over: Partial<ProposalInput> = {}) => {
    const { doc, id } = proposal(rule, over);
    setAffected(doc, id, 'o1', 4, ALICE);
    setAffected(doc, id, 'p9', 2, ALICE);
    return Object.fromEntries(weightsOf(get(doc, id), electorate));
  };

  it.each<[string, Partial<DecisionRule>, Partial<ProposalInput>, Record<string, number>]>([
    [
      'organizations: one voice each, removed ones excluded',
      { deciders: 'organizations' },
      {},
      { o1: 1, o2: 1 },
    ],
    [
      'people: one voice each, removed ones excluded',
      { deciders: 'people' },
      {},
      { p1: 1, p2: 1, p3: 1 },
    ],
    [
      'council: its members only',
      { deciders: 'council' },
      { councilId: 'c1' as CouncilId },
      { p1: 1, p2: 1 },
    ],
    [
      'council: unknown council has nobody',
      { deciders: 'council' },
      { councilId: 'c9' as CouncilId },
      {},
    ],
    [
      'affected: the proposal’s weights',
      { weighting: 'affected', deciders: 'organizations' },
      {},
      { o1: 4, p9: 2 },
    ],
  ])('%s', (_, rule, over, expected) => {
    expect(weights(rule, over)).toEqual(expected);
  });

  it('positions of those not eligible are ignored', () => {
    const { doc, id } = proposal({ deciders: 'organizations' });
    cast(doc, id, 'o1', 'agree');
    cast(doc, id, 'gone', 'disagree');
    cast(doc, id, 'gone', 'disagree');
    cast(doc, id, 'p1', 'disagree');
    expect(decide(get(doc, id), electorate).outcome).toMatchObject({
      passed: true,
      disagree: 0,
      participation: 1,
      eligible: 2,
    });
  });
});

describe('dueForReview', () => {
  function agreed(reviewDate: string, opts: { close?: boolean; pass?: boolean } = {}) {
    const { doc, id } = proposal({}, { reviewDate });
    cast(doc, id, 'p1', opts.pass === false ? 'disagree' : 'agree');
    if (opts.close !== false) closeProposal(doc, id, ALICE);
    return { doc, id, p: get(doc, id) };
  }

  it('lists closed, passed agreements whose review date has come', () => {
    const due = agreed('2026-06-01');
    const today = agreed('2026-06-15');
    const later = agreed('2026-07-01');
    const failed = agreed('2026-06-01', { pass: false });
    const open = agreed('2026-06-01', { close: false });
    const none = agreed('');
    const removed = agreed('2026-06-01');
    removeProposal(removed.doc, removed.id, ALICE);
    const all = [due, today, later, failed, open, none, removed].map((x) => get(x.doc, x.id));
    expect(dueForReview(all, electorate, '2026-06-15').map((p) => p.id)).toEqual([
      due.id,
      today.id,
    ]);
  });

  // Regression, fixed: dueForReview requires closedAt, so an agreement closed by its deadline never comes back.
  it('an agreement closed by its deadline comes back for review', () => {
    const { doc, id } = proposal({}, { reviewDate: '2026-06-01', deadline: iso('12:00') });
    cast(doc, id, 'p1', 'agree');
    at('23:00');
    expect(dueForReview([get(doc, id)], electorate, '2026-06-15')).toHaveLength(1);
  });
});
