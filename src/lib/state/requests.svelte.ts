// Help requests of one federation, for screens: lists, the lifecycle and matching.
import type * as Y from 'yjs';
import type { FieldErrors } from '$lib/domain/errors';
import type { PersonId, RequestId } from '$lib/domain/ids';
import {
  removeCandidate,
  setCandidate,
  suggestPeople,
  type Suggestion,
} from '$lib/domain/matching';
import type { Person } from '$lib/domain/people';
import {
  addRequest,
  blankRequest,
  CONTRIBUTIONS,
  changeStatus,
  isOpen,
  listRequests,
  NEXT_STATUSES,
  observeRequests,
  removeRequest,
  REQUEST_KINDS,
  REQUEST_MODES,
  REQUEST_STATUSES,
  restoreRequest,
  updateRequest,
  validateRequest,
  type CandidateState,
  type HelpRequest,
  type HelpRequestInput,
  type RequestStatus,
} from '$lib/domain/requests';
import { EntityList } from './entities.svelte';

export class RequestsState extends EntityList<HelpRequest> {
  #doc: Y.Doc;
  #by: () => PersonId;

  readonly kinds = REQUEST_KINDS;
  readonly statuses = REQUEST_STATUSES;
  readonly modes = REQUEST_MODES;
  readonly contributions = CONTRIBUTIONS;

  constructor(doc: Y.Doc, by: () => PersonId) {
    super(doc, observeRequests, listRequests);
    this.#doc = doc;
    this.#by = by;
  }

  /** Requests that still need attention (new, under discussion, accepted, planned). */
  get open(): HelpRequest[] {
    return this.active.filter(isOpen);
  }

  /** An empty form. */
  blank(): HelpRequestInput {
    return blankRequest();
  }

  /** Field errors (message keys) of a form. */
  validate(input: HelpRequestInput): FieldErrors<keyof HelpRequestInput> {
    return validateRequest(input);
  }

  /** The statuses a request may move to next. */
  next(status: RequestStatus): readonly RequestStatus[] {
    return NEXT_STATUSES[status];
  }

  /** Adds a request; returns its id. */
  add(input: HelpRequestInput): RequestId {
    return addRequest(this.#doc, input, this.#by());
  }

  /** Saves the changed fields. */
  update(id: RequestId, patch: Partial<HelpRequestInput>): void {
    updateRequest(this.#doc, id, patch, this.#by());
  }

  /** Moves a request to a new status (a decline needs a reason). */
  changeStatus(id: RequestId, status: RequestStatus, reason = ''): void {
    changeStatus(this.#doc, id, status, this.#by(), reason);
  }

  /** People who could answer the request, best first. */
  suggestions(request: HelpRequest, people: Person[]): Suggestion[] {
    return suggestPeople(request, people);
  }

  /** Records that a person was asked, agreed or declined. */
  setCandidate(id: RequestId, personId: PersonId, state: CandidateState): void {
    setCandidate(this.#doc, id, personId, state, this.#by());
  }

  /** Takes a person off the request's candidates. */
  removeCandidate(id: RequestId, personId: PersonId): void {
    removeCandidate(this.#doc, id, personId);
  }

  /** Removes (tombstone). */
  remove(id: RequestId): void {
    removeRequest(this.#doc, id, this.#by());
  }

  /** Brings a removed request back. */
  restore(id: RequestId): void {
    restoreRequest(this.#doc, id, this.#by());
  }
}
