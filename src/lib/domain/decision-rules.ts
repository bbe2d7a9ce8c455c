// How a proposal is decided: pure, deterministic functions from the rule and the counted positions
// to an outcome, so every device that has the same positions shows the same result.

export const DECIDERS = ['organizations', 'people', 'council'] as const;
export type Deciders = (typeof DECIDERS)[number];

export const WEIGHTINGS = ['equal', 'affected'] as const;
export type Weighting = (typeof WEIGHTINGS)[number];

export const THRESHOLDS = ['majority', 'two-thirds', 'consensus', 'consent'] as const;
export type Threshold = (typeof THRESHOLDS)[number];

export const POSITION_VALUES = ['agree', 'disagree', 'abstain', 'object'] as const;
export type PositionValue = (typeof POSITION_VALUES)[number];

export interface DecisionRule {
  deciders: Deciders;
  weighting: Weighting;
  threshold: Threshold;
  /** Share of the eligible weight that must take part, 0–1 (0: no quorum). */
  quorum: number;
  /** Whether an unresolved objection blocks the proposal whatever the threshold. */
  block: boolean;
}

/** One counted voice: a voter's weight and value (an unresolved objection blocks). */
export interface CountedPosition {
  voterId: string;
  value: PositionValue;
  /** For objections: resolved by discussion, so it no longer blocks. */
  resolved: boolean;
}

/** A show of hands or paper ballots recorded as numbers (each hand weighs 1). */
export interface HandCount {
  agree: number;
  disagree: number;
  abstain: number;
  object: number;
}

export type OutcomeReason =
  | 'passed'
  | 'noEligible'
  | 'quorumNotMet'
  | 'blocked'
  | 'objection'
  | 'noMajority'
  | 'noTwoThirds'
  | 'notAllAgree'
  | 'noneAgree';

export interface Outcome {
  passed: boolean;
  reason: OutcomeReason;
  agree: number;
  disagree: number;
  abstain: number;
  object: number;
  /** Unresolved objections. */
  openObjections: number;
  participation: number;
  eligible: number;
}

/**
 * The outcome under `rule`. `weights` gives each eligible voter's weight, a whole number (equal: 1
 * each; affected: the proposal's weights), so sums are exact on every device; positions of voters
 * without weight are ignored. Hand counts add one per
 * hand and one to the eligible total per hand beyond the eligible voters who took part.
 */
export function tally(
  rule: DecisionRule,
  weights: ReadonlyMap<string, number>,
  positions: readonly CountedPosition[],
  hands: readonly HandCount[] = [],
): Outcome {
  const sum = { agree: 0, disagree: 0, abstain: 0, object: 0 };
  let openObjections = 0;
  let openObjectionWeight = 0;
  let participation = 0;
  for (const p of positions) {
    const w = weights.get(p.voterId) ?? 0;
    if (w <= 0) continue;
    participation += w;
    sum[p.value] += w;
    if (p.value === 'object' && !p.resolved) {
      openObjections += 1;
      openObjectionWeight += w;
    }
  }
  let eligible = 0;
  for (const w of weights.values()) eligible += Math.max(0, w);
  let handTotal = 0;
  for (const h of hands) {
    for (const v of POSITION_VALUES) {
      const n = Math.max(0, Math.floor(h[v] || 0));
      sum[v] += n;
      handTotal += n;
    }
    // An objection by show of hands cannot be resolved one by one: each hand is an open objection.
    openObjections += Math.max(0, Math.floor(h.object || 0));
    openObjectionWeight += Math.max(0, Math.floor(h.object || 0));
  }
  participation += handTotal;
  // Hands may come from people with no position of their own: they count as eligible too.
  eligible = Math.max(eligible, participation);
  const outcome = (passed: boolean, reason: OutcomeReason): Outcome => ({
    passed,
    reason,
    ...sum,
    openObjections,
    participation,
    eligible,
  });

  if (eligible === 0) return outcome(false, 'noEligible');
  if (participation < rule.quorum * eligible - 1e-9) return outcome(false, 'quorumNotMet');
  if (rule.block && openObjections > 0) return outcome(false, 'blocked');
  // An open objection weighs as a no; a resolved one as standing aside (like an abstention).
  const yes = sum.agree;
  const no = sum.disagree + openObjectionWeight;
  switch (rule.threshold) {
    case 'majority':
      return yes > no
        ? outcome(true, 'passed')
        : outcome(false, yes === 0 && no === 0 ? 'noneAgree' : 'noMajority');
    case 'two-thirds':
      if (yes === 0) return outcome(false, 'noneAgree');
      return 3 * yes >= 2 * (yes + no) ? outcome(true, 'passed') : outcome(false, 'noTwoThirds');
    case 'consensus':
      if (yes === 0) return outcome(false, 'noneAgree');
      return no === 0 ? outcome(true, 'passed') : outcome(false, 'notAllAgree');
    case 'consent':
      // Consent: it passes unless a reasoned objection stands; a "disagree" is a concern on record.
      return openObjections > 0 ? outcome(false, 'objection') : outcome(true, 'passed');
  }
}
