// A proposal's outcome from the merged document: who may decide with what weight, which positions
// count (each voter's latest before the close) and which came late.
import { tally, type CountedPosition, type Outcome } from './decision-rules';
import type { Position, Proposal } from './proposals';

/** What the rule needs to know about the federation. */
export interface Electorate {
  organizations: readonly { id: string; deletedAt: string | null }[];
  people: readonly { id: string; deletedAt: string | null }[];
  councils: readonly { id: string; members: readonly { personId: string }[] }[];
}

export interface Decision {
  outcome: Outcome;
  /** The positions that count: each voter's latest before the close. */
  counted: Position[];
  /** Positions cast after the close: shown, never counted. */
  late: Position[];
  closed: boolean;
  /** When positions stop counting (the earlier of the close and the deadline), or null. */
  closesAt: string | null;
}

/** Each eligible voter's weight under the proposal's rule. */
export function weightsOf(proposal: Proposal, electorate: Electorate): Map<string, number> {
  const rule = proposal.rule;
  if (rule.weighting === 'affected') return new Map(Object.entries(proposal.affected));
  let ids: string[];
  if (rule.deciders === 'organizations')
    ids = electorate.organizations.filter((o) => !o.deletedAt).map((o) => o.id);
  else if (rule.deciders === 'people')
    ids = electorate.people.filter((p) => !p.deletedAt).map((p) => p.id);
  else
    ids =
      electorate.councils
        .find((c) => c.id === proposal.councilId)
        ?.members.map((m) => m.personId) ?? [];
  return new Map(ids.map((id) => [id, 1]));
}

/**
 * When the proposal closed: the earlier of its closing by the chair and its deadline once passed;
 * null while it is open. Cheap: no position is looked at.
 */
export function closedAt(
  proposal: Pick<Proposal, 'deadline' | 'closedAt'>,
  now: string = new Date().toISOString(),
): string | null {
  // Times are compared as instants: a deadline may carry an offset ("…+02:00").
  const at = (iso: string) => Date.parse(iso);
  const deadline =
    proposal.deadline && at(proposal.deadline) <= at(now)
      ? new Date(at(proposal.deadline)).toISOString()
      : null;
  const ends = [proposal.closedAt, deadline]
    .filter((t): t is string => !!t)
    .sort((a, b) => at(a) - at(b));
  return ends[0] ?? null;
}

/** The outcome now (`now` decides whether a deadline has passed). */
export function decide(
  proposal: Proposal,
  electorate: Electorate,
  now: string = new Date().toISOString(),
): Decision {
  const at = (iso: string) => Date.parse(iso);
  const closesAt = closedAt(proposal, now);
  const before = (iso: string) => !closesAt || at(iso) <= at(closesAt);
  const latest = new Map<string, Position>();
  const late: Position[] = [];
  // Positions are sorted by (castAt, id): the last one per voter before the close wins.
  for (const p of proposal.positions) {
    if (before(p.castAt)) latest.set(p.voterId, p);
    else late.push(p);
  }
  const counted = [...latest.values()];
  // A resolution after the close does not turn a blocked decision into a passed one.
  const resolved = new Set(
    proposal.resolutions.filter((r) => before(r.at)).map((r) => r.positionId),
  );
  const positions: CountedPosition[] = counted.map((p) => ({
    voterId: p.voterId,
    value: p.value,
    resolved: resolved.has(p.id),
  }));
  const hands = proposal.hands.filter((h) => before(h.recordedAt));
  const outcome = tally(proposal.rule, weightsOf(proposal, electorate), positions, hands);
  return { outcome, counted, late, closed: !!closesAt, closesAt };
}

/** Agreements whose review date has come: decided (closed or past the deadline) and passed. */
export function dueForReview(
  proposals: readonly Proposal[],
  electorate: Electorate,
  today: string,
  now: string = new Date().toISOString(),
): Proposal[] {
  return proposals.filter((p) => {
    if (p.deletedAt || !p.reviewDate || p.reviewDate > today) return false;
    const decision = decide(p, electorate, now);
    return decision.closed && decision.outcome.passed;
  });
}
