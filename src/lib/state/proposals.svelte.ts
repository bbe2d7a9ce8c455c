// Proposals and their decisions, for screens.
import type * as Y from 'yjs';
import {
  DECIDERS,
  POSITION_VALUES,
  THRESHOLDS,
  WEIGHTINGS,
  type PositionValue,
} from '$lib/domain/decision-rules';
import {
  closedAt,
  decide,
  dueForReview,
  type Decision,
  type Electorate,
} from '$lib/domain/decisions';
import type { FieldErrors } from '$lib/domain/errors';
import type { MeetingId, PersonId, ProposalId } from '$lib/domain/ids';
import {
  addProposal,
  blankProposal,
  castPosition,
  closeProposal,
  getProposal,
  listProposals,
  listProposalSummaries,
  observeProposals,
  recordHands,
  removeProposal,
  setAffected,
  setObjectionResolved,
  updateProposal,
  validateProposal,
  type CastWay,
  type Proposal,
  type ProposalInput,
  type ProposalSummary,
} from '$lib/domain/proposals';
import { EntityList } from './entities.svelte';

export class ProposalsState extends EntityList<Proposal> {
  #doc: Y.Doc;
  #by: () => PersonId;
  #electorate: () => Electorate;

  readonly deciders = DECIDERS;
  readonly weightings = WEIGHTINGS;
  readonly thresholds = THRESHOLDS;
  readonly values = POSITION_VALUES;

  // The list's own read: at five years, positions are most of what proposals hold.
  #summaries: EntityList<ProposalSummary>;

  constructor(doc: Y.Doc, by: () => PersonId, electorate: () => Electorate) {
    super(doc, observeProposals, listProposals);
    this.#doc = doc;
    this.#by = by;
    this.#electorate = electorate;
    this.#summaries = new EntityList(doc, observeProposals, listProposalSummaries);
  }

  /** Proposals not removed, without positions, hands and resolutions (`read` has them all). */
  get summaries(): ProposalSummary[] {
    return this.#summaries.active;
  }

  /** One whole proposal (removed ones too); read again only after it changed. */
  read(id: ProposalId): Proposal | null {
    return getProposal(this.#doc, id);
  }

  // decide() walks every position, and a list asks each proposal's decision on every render. A
  // decision changes only with the proposal (a new snapshot), the electorate or a passing deadline.
  #decisions = new WeakMap<
    Proposal,
    { electorate: Electorate; decision: Decision; until: number }
  >();

  /** The decision as it stands now: outcome, counted and late positions. */
  decision(proposal: Proposal): Decision {
    const electorate = this.#electorate();
    const now = Date.now();
    const hit = this.#decisions.get(proposal);
    if (hit && now < hit.until && sameElectorate(hit.electorate, electorate)) return hit.decision;
    const decision = decide(proposal, electorate);
    const deadline = Date.parse(proposal.deadline);
    const until = deadline > now ? deadline : Infinity;
    this.#decisions.set(proposal, { electorate, decision, until });
    return decision;
  }

  /** Whether it is closed now, without counting its positions (a list filters thousands). */
  closed(proposal: ProposalSummary): boolean {
    return closedAt(proposal) !== null;
  }

  /** Agreements due for review. */
  dueForReview(today: string): Proposal[] {
    return dueForReview(this.active, this.#electorate(), today);
  }

  /** An empty form. */
  blank(): ProposalInput {
    return blankProposal();
  }

  /** Field errors (message keys) of a form. */
  validate(input: ProposalInput): FieldErrors<keyof ProposalInput> {
    return validateProposal(input);
  }

  /** Adds a proposal; returns its id. */
  add(input: ProposalInput): ProposalId {
    return addProposal(this.#doc, input, this.#by());
  }

  /** Saves the changed fields (refused once closed). */
  update(id: ProposalId, patch: Partial<ProposalInput>): void {
    updateProposal(this.#doc, id, patch, this.#by());
  }

  /** Sets how much a party is affected. */
  setAffected(id: ProposalId, partyId: string, weight: number): void {
    setAffected(this.#doc, id, partyId, weight, this.#by());
  }

  /** Casts a position for oneself, as a delegate of an organization, or as the secretary. */
  cast(
    id: ProposalId,
    voterId: string,
    value: PositionValue,
    reason = '',
    comment = '',
    how: CastWay = 'self',
  ): void {
    castPosition(this.#doc, id, { voterId, value, reason, comment, how }, this.#by());
  }

  /** Records a show of hands. */
  recordHands(
    id: ProposalId,
    hands: { agree: number; disagree: number; abstain: number; object: number; note?: string },
  ): void {
    recordHands(this.#doc, id, hands, this.#by());
  }

  /** Marks an objection resolved or open. */
  resolve(id: ProposalId, positionId: string, resolved: boolean): void {
    setObjectionResolved(this.#doc, id, positionId, resolved, this.#by());
  }

  /** Closes the proposal now (optionally in a meeting), with the reasons. */
  close(id: ProposalId, reasons: string, meetingId: MeetingId | '' = ''): void {
    closeProposal(this.#doc, id, this.#by(), reasons, meetingId);
  }

  /** Removes (tombstone). */
  remove(id: ProposalId): void {
    removeProposal(this.#doc, id, this.#by());
  }
}

function sameElectorate(a: Electorate, b: Electorate): boolean {
  return a.organizations === b.organizations && a.people === b.people && a.councils === b.councils;
}
