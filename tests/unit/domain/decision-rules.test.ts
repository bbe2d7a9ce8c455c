import { describe, expect, it } from 'vitest';
import {
  tally,
  THRESHOLDS,
  type CountedPosition,
  type DecisionRule,
  type HandCount,
  type Outcome,
  type OutcomeReason,
  type Threshold,
} from '$lib/domain/decision-rules';

type Vote = 'agree' | 'disagree' | 'abstain' | 'object' | 'resolved';

const rule = (threshold: Threshold, over: Partial<DecisionRule> = {}): DecisionRule => ({
  deciders: 'people',
  weighting: 'equal',
  threshold,
  quorum: 0,
  block: false,
  ...over,
});

/** Voters v0…v(n-1), each with weight `w` (equal weighting: 1). */
const voters = (n: number, w = 1) =>
  new Map(Array.from({ length: n }, (_, i) => [`v${i}`, w] as [string, number]));

/** Positions of v0, v1 … in order; 'resolved' is an objection marked resolved. */
const votes = (...values: Vote[]): CountedPosition[] =>
  values.map((v, i) => ({
    voterId: `v${i}`,
    value: v === 'resolved' ? 'object' : v,
    resolved: v === 'resolved',
  }));

interface Row {
  name: string;
  rule: DecisionRule;
  /** Eligible voters (weight 1 each), at least as many as the votes. */
  eligible: number;
  votes: Vote[];
  hands?: HandCount[];
  reason: OutcomeReason;
  also?: Partial<Outcome>;
}

const row = (
  name: string,
  r: DecisionRule,
  eligible: number,
  v: Vote[],
  reason: OutcomeReason,
  also?: Partial<Outcome>,
): Row => ({ name, rule: r, eligible, votes: v, reason, also });

const A = 'agree' as const;
const D = 'disagree' as const;
const S = 'abstain' as const;
const O = 'object' as const;
const R = 'resolved' as const;
const blockOn = { block: true };

const rows: Row[] = [
  // Simple majority of the votes cast; abstentions are not votes.
  row('majority: 2 agree, 1 disagree passes', rule('majority'), 3, [A, A, D], 'passed'),
  row('majority: tie 2–2 fails', rule('majority'), 4, [A, A, D, D], 'noMajority'),
  row('majority: tie 1–1 with abstentions fails', rule('majority'), 4, [A, D, S, S], 'noMajority'),
  row('majority: 1 agree, 3 abstain passes', rule('majority'), 4, [A, S, S, S], 'passed'),
  row('majority: all disagree fails', rule('majority'), 2, [D, D], 'noMajority'),
  row('majority: everyone abstains', rule('majority'), 3, [S, S, S], 'noneAgree', {
    participation: 3,
    abstain: 3,
  }),
  row('majority: nobody votes', rule('majority'), 3, [], 'noneAgree', { participation: 0 }),
  row('majority, block off: objection is a no (1–1)', rule('majority'), 2, [A, O], 'noMajority', {
    openObjections: 1,
  }),
  row('majority, block off: 2 agree outvote 1 objection', rule('majority'), 3, [A, A, O], 'passed'),
  row(
    'majority, block off: a resolved objection stands aside',
    rule('majority'),
    2,
    [A, R],
    'passed',
    {
      openObjections: 0,
    },
  ),
  row(
    'majority, block on: open objection blocks',
    rule('majority', blockOn),
    4,
    [A, A, A, O],
    'blocked',
  ),
  row(
    'majority, block on: withdrawn block passes',
    rule('majority', blockOn),
    4,
    [A, A, A, R],
    'passed',
  ),

  // Two-thirds of the votes cast.
  row('two-thirds: exactly 2/3 passes', rule('two-thirds'), 3, [A, A, D], 'passed'),
  row('two-thirds: 4 of 6 passes', rule('two-thirds'), 6, [A, A, A, A, D, D], 'passed'),
  row(
    'two-thirds: 3 of 5 (just under) fails',
    rule('two-thirds'),
    5,
    [A, A, A, D, D],
    'noTwoThirds',
  ),
  row('two-thirds: tie fails', rule('two-thirds'), 2, [A, D], 'noTwoThirds'),
  row('two-thirds: abstentions left out', rule('two-thirds'), 6, [A, A, D, S, S, S], 'passed'),
  row('two-thirds: all disagree', rule('two-thirds'), 2, [D, D], 'noneAgree'),
  row('two-thirds: everyone abstains', rule('two-thirds'), 2, [S, S], 'noneAgree'),
  row('two-thirds: nobody votes', rule('two-thirds'), 2, [], 'noneAgree'),
  row('two-thirds, block off: objection is a no', rule('two-thirds'), 3, [A, O], 'noTwoThirds'),
  row('two-thirds, block off: 2 agree 1 objection', rule('two-thirds'), 3, [A, A, O], 'passed'),
  row(
    'two-thirds, block on: open objection blocks',
    rule('two-thirds', blockOn),
    4,
    [A, A, A, O],
    'blocked',
  ),
  row(
    'two-thirds, block on: withdrawn block passes',
    rule('two-thirds', blockOn),
    4,
    [A, A, A, R],
    'passed',
  ),

  // Consensus: all who take part agree (standing aside is allowed).
  row('consensus: all agree', rule('consensus'), 3, [A, A, A], 'passed'),
  row('consensus: agree and stand aside', rule('consensus'), 3, [A, S, S], 'passed'),
  row('consensus: one disagrees', rule('consensus'), 3, [A, A, D], 'notAllAgree'),
  row('consensus: everyone abstains', rule('consensus'), 3, [S, S, S], 'noneAgree'),
  row('consensus: nobody votes', rule('consensus'), 3, [], 'noneAgree'),
  row('consensus, block off: objection fails', rule('consensus'), 3, [A, A, O], 'notAllAgree'),
  row(
    'consensus, block off: a resolved objection stands aside',
    rule('consensus'),
    3,
    [A, A, R],
    'passed',
  ),
  row(
    'consensus, block on: open objection blocks',
    rule('consensus', blockOn),
    3,
    [A, A, O],
    'blocked',
  ),
  row(
    'consensus, block on: withdrawn block no longer blocks',
    rule('consensus', blockOn),
    3,
    [A, A, R],
    'passed',
  ),

  // Consent: passes unless an unresolved reasoned objection.
  row('consent: agree passes', rule('consent'), 3, [A, S, S], 'passed'),
  row('consent: disagree does not stop it', rule('consent'), 3, [A, D, D], 'passed'),
  row('consent, block off: open objection fails', rule('consent'), 3, [A, A, O], 'objection', {
    openObjections: 1,
  }),
  row('consent, block off: resolved objection passes', rule('consent'), 3, [A, A, R], 'passed'),
  // Consent is given unless someone objects: silence and abstentions consent (set a quorum to ask for more).
  row('consent: everyone abstains', rule('consent'), 3, [S, S, S], 'passed'),
  row('consent: nobody votes', rule('consent'), 3, [], 'passed', { participation: 0 }),
  row(
    'consent: nobody votes, quorum 50 %',
    rule('consent', { quorum: 0.5 }),
    3,
    [],
    'quorumNotMet',
  ),
  row(
    'consent, block on: open objection blocks',
    rule('consent', blockOn),
    3,
    [A, A, O],
    'blocked',
  ),
  row(
    'consent, block on: withdrawn block passes',
    rule('consent', blockOn),
    3,
    [A, A, R],
    'passed',
  ),

  // Quorum: a share of the eligible weight must take part (abstaining is taking part).
  row('quorum 0.5: 3 of 4 above it', rule('majority', { quorum: 0.5 }), 4, [A, D, A], 'passed'),
  row('quorum 0.5: 2 of 4 exactly met', rule('majority', { quorum: 0.5 }), 4, [A, S], 'passed', {
    participation: 2,
    eligible: 4,
  }),
  row('quorum 0.5: 1 of 4 just under', rule('majority', { quorum: 0.5 }), 4, [A], 'quorumNotMet'),
  row('quorum 2/3: 2 of 3 exactly met', rule('majority', { quorum: 2 / 3 }), 3, [A, A], 'passed'),
  row('quorum 0.6: 3 of 5 exactly met', rule('consent', { quorum: 0.6 }), 5, [A, S, S], 'passed'),
  row('quorum 0.6: 2 of 5 just under', rule('consent', { quorum: 0.6 }), 5, [A, A], 'quorumNotMet'),
  row('quorum 1: everyone takes part', rule('consensus', { quorum: 1 }), 3, [A, A, S], 'passed'),
  row('quorum 1: one missing', rule('consensus', { quorum: 1 }), 3, [A, A], 'quorumNotMet'),
  row('quorum 0: nobody votes, no quorum failure', rule('majority'), 3, [], 'noneAgree'),
  row('quorum 0: nobody eligible', rule('majority'), 0, [], 'noEligible', { eligible: 0 }),
  row(
    'quorum: abstentions count toward it',
    rule('majority', { quorum: 0.75 }),
    4,
    [A, S, S],
    'passed',
  ),
  row(
    'quorum checked before a block',
    rule('majority', { quorum: 0.5, block: true }),
    4,
    [O],
    'quorumNotMet',
  ),
];

function run(r: Row, weight = 1): Outcome {
  return tally(r.rule, voters(r.eligible, weight), votes(...r.votes), r.hands);
}

describe('tally: every threshold, equal weights', () => {
  it.each(rows.map((r) => [r.name, r] as const))('%s', (_, r) => {
    const out = run(r);
    expect(out.reason).toBe(r.reason);
    expect(out.passed).toBe(r.reason === 'passed');
    if (r.also) expect(out).toMatchObject(r.also);
  });

  it('the table covers every threshold with ties or abstentions, and block on and off', () => {
    for (const t of THRESHOLDS) {
      const mine = rows.filter((r) => r.rule.threshold === t);
      expect(mine.some((r) => r.rule.block)).toBe(true);
      expect(mine.some((r) => !r.rule.block)).toBe(true);
      expect(mine.some((r) => r.votes.length > 0 && r.votes.every((v) => v === S))).toBe(true);
      expect(mine.some((r) => r.votes.length === 0)).toBe(true);
    }
  });
});

describe('tally: every threshold, affected weights', () => {
  it.each(rows.map((r) => [r.name, r] as const))('%s, every party weighing 7', (_, r) => {
    const out = run({ ...r, rule: { ...r.rule, weighting: 'affected' } }, 7);
    expect(out.reason).toBe(r.reason);
    expect(out.passed).toBe(r.reason === 'passed');
    expect(out.participation).toBe(7 * r.votes.length);
    expect(out.eligible).toBe(7 * r.eligible);
  });
});
