import { describe, expect, it } from 'vitest';
import {
  tally,
  type CountedPosition,
  type DecisionRule,
  type HandCount,
  type OutcomeReason,
  type PositionValue,
  type Threshold,
} from '$lib/domain/decision-rules';

const rule = (threshold: Threshold, over: Partial<DecisionRule> = {}): DecisionRule => ({
  deciders: 'people',
  weighting: 'affected',
  threshold,
  quorum: 0,
  block: false,
  ...over,
});

const pos = (voterId: string, value: PositionValue, resolved = false): CountedPosition => ({
  voterId,
  value,
  resolved,
});

const hand = (h: Partial<HandCount>): HandCount => ({
  agree: 0,
  disagree: 0,
  abstain: 0,
  object: 0,
  ...h,
});

/** One heavily affected town (weight 10) and five barely affected ones (weight 1 each). */
const heavy = new Map([
  ['town', 10],
  ['a', 1],
  ['b', 1],
  ['c', 1],
  ['d', 1],
  ['e', 1],
]);
const townAgainstFive = (fiveSay: PositionValue) => [
  pos('town', 'agree'),
  ...['a', 'b', 'c', 'd', 'e'].map((v) => pos(v, fiveSay)),
];

describe('tally: weighted by how much each party is affected', () => {
  it.each<[string, Threshold, PositionValue, OutcomeReason]>([
    ['majority: one heavy party (10) outweighs five (5)', 'majority', 'disagree', 'passed'],
    ['two-thirds: 10 of 15 is exactly two-thirds', 'two-thirds', 'disagree', 'passed'],
    ['consensus: weight cannot buy agreement', 'consensus', 'disagree', 'notAllAgree'],
    ['consent: disagreement of the light parties lets it pass', 'consent', 'disagree', 'passed'],
    ['majority: abstaining light parties do not matter', 'majority', 'abstain', 'passed'],
  ])('%s', (_, threshold, fiveSay, reason) => {
    const out = tally(rule(threshold), heavy, townAgainstFive(fiveSay));
    expect(out.reason).toBe(reason);
    expect(out).toMatchObject({ agree: 10, participation: 15, eligible: 15 });
  });

  it('the same votes with equal weights: the five win', () => {
    const equal = new Map([...heavy.keys()].map((k) => [k, 1]));
    const out = tally(rule('majority', { weighting: 'equal' }), equal, townAgainstFive('disagree'));
    expect(out).toMatchObject({ passed: false, reason: 'noMajority', agree: 1, disagree: 5 });
  });

  it('a light party’s open objection blocks whatever the weights', () => {
    const votes = [...townAgainstFive('agree').slice(0, 5), pos('e', 'object')];
    expect(tally(rule('majority', { block: true }), heavy, votes).reason).toBe('blocked');
    expect(tally(rule('consent'), heavy, votes).reason).toBe('objection');
    expect(tally(rule('majority'), heavy, votes)).toMatchObject({ passed: true, object: 1 });
  });

  it('two-thirds by weight: 200 of 300 passes, 199 of 300 just under fails', () => {
    const w = (yes: number) =>
      new Map([
        ['y', yes],
        ['n', 300 - yes],
      ]);
    const votes = [pos('y', 'agree'), pos('n', 'disagree')];
    expect(tally(rule('two-thirds'), w(200), votes).reason).toBe('passed');
    expect(tally(rule('two-thirds'), w(199), votes).reason).toBe('noTwoThirds');
  });

  it('quorum is a share of the weight, not of the heads', () => {
    const q = rule('majority', { quorum: 0.5 });
    // The five light parties (5 of 15) are under a 50 % quorum; the town alone (10 of 15) is not.
    expect(tally(q, heavy, townAgainstFive('agree').slice(1)).reason).toBe('quorumNotMet');
    expect(tally(q, heavy, [pos('town', 'agree')]).reason).toBe('passed');
  });

  it('a weighted tie fails the majority', () => {
    const w = new Map([
      ['x', 3],
      ['y', 1],
      ['z', 2],
    ]);
    const votes = [pos('x', 'agree'), pos('y', 'disagree'), pos('z', 'disagree')];
    expect(tally(rule('majority'), w, votes)).toMatchObject({
      passed: false,
      reason: 'noMajority',
    });
  });

  // Regression, fixed: weights are whole numbers (setAffected refuses fractions), so sums are exact.
  it('a weighted tie (whole-number weights, as the domain enforces) fails the majority', () => {
    const w = new Map([
      ['x', 1],
      ['y', 2],
      ['z', 3],
    ]);
    const votes = [pos('x', 'agree'), pos('y', 'agree'), pos('z', 'disagree')];
    expect(tally(rule('majority'), w, votes).reason).toBe('noMajority');
  });
});

describe('tally: voters without weight', () => {
  const w = new Map([
    ['v0', 1],
    ['v1', 1],
    ['zero', 0],
    ['negative', -4],
  ]);

  it('are ignored: not counted, not eligible, their objections do not block', () => {
    const votes = [
      pos('v0', 'agree'),
      pos('stranger', 'disagree'),
      pos('zero', 'object'),
      pos('negative', 'disagree'),
    ];
    const out = tally(rule('majority', { block: true, weighting: 'equal' }), w, votes);
    expect(out).toMatchObject({
      passed: true,
      agree: 1,
      disagree: 0,
      object: 0,
      openObjections: 0,
      participation: 1,
      eligible: 2,
    });
  });

  it('nobody eligible at all: nothing can pass, and it says so', () => {
    expect(tally(rule('consent'), new Map(), [pos('x', 'agree')]).reason).toBe('noEligible');
  });
});

describe('tally: hand counts', () => {
  const ten = new Map(Array.from({ length: 10 }, (_, i) => [`v${i}`, 1] as [string, number]));
  const equal = (t: Threshold, over: Partial<DecisionRule> = {}) =>
    rule(t, { weighting: 'equal', ...over });

  it('each hand adds one to its column and to the participation', () => {
    const out = tally(equal('majority'), ten, [], [hand({ agree: 4, disagree: 2, abstain: 1 })]);
    expect(out).toMatchObject({
      passed: true,
      agree: 4,
      disagree: 2,
      abstain: 1,
      participation: 7,
      eligible: 10,
    });
  });

  it('hands add to individual positions and to each other', () => {
    const votes = [pos('v0', 'disagree'), pos('v1', 'disagree')];
    const hands = [hand({ agree: 1 }), hand({ agree: 1, disagree: 1 })];
    const out = tally(equal('majority'), ten, votes, hands);
    expect(out).toMatchObject({ reason: 'noMajority', agree: 2, disagree: 3, participation: 5 });
  });

  it('more hands than eligible voters raise the eligible total', () => {
    const two = new Map([
      ['v0', 1],
      ['v1', 1],
    ]);
    const out = tally(
      equal('majority', { quorum: 1 }),
      two,
      [pos('v0', 'agree')],
      [hand({ agree: 5 })],
    );
    expect(out).toMatchObject({ passed: true, participation: 6, eligible: 6 });
  });

  it('hands meet the quorum exactly', () => {
    const q = equal('majority', { quorum: 0.5 });
    expect(tally(q, ten, [], [hand({ agree: 3, abstain: 2 })]).reason).toBe('passed');
    expect(tally(q, ten, [], [hand({ agree: 3, abstain: 1 })]).reason).toBe('quorumNotMet');
  });

  it('each objecting hand is an open objection that cannot be resolved', () => {
    const hands = [hand({ agree: 8, object: 1 })];
    expect(tally(equal('majority', { block: true }), ten, [], hands)).toMatchObject({
      reason: 'blocked',
      openObjections: 1,
    });
    expect(tally(equal('consent'), ten, [], hands).reason).toBe('objection');
    expect(tally(equal('majority'), ten, [], hands)).toMatchObject({ passed: true, object: 1 });
    expect(tally(equal('two-thirds'), ten, [], [hand({ agree: 2, object: 1 })]).reason).toBe(
      'passed',
    );
    expect(tally(equal('consensus'), ten, [], hands).reason).toBe('notAllAgree');
  });

  it('fractional or negative counts are floored to whole hands, never below zero', () => {
    const out = tally(equal('majority'), ten, [], [hand({ agree: 2.7, disagree: -3, object: -1 })]);
    expect(out).toMatchObject({ agree: 2, disagree: 0, object: 0, openObjections: 0 });
    expect(out.participation).toBe(2);
  });

  it('hands weigh 1 each even under affected weighting', () => {
    const out = tally(rule('majority'), heavy, [pos('town', 'disagree')], [hand({ agree: 11 })]);
    expect(out).toMatchObject({ passed: true, agree: 11, disagree: 10, eligible: 21 });
  });
});
