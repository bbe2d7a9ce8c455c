// Councils and their tasks, for screens.
import type * as Y from 'yjs';
import {
  addCouncil,
  blankCouncil,
  dueForReview,
  listCouncils,
  observeCouncils,
  removeCouncil,
  restoreCouncil,
  setMember,
  updateCouncil,
  validateCouncil,
  type Council,
  type CouncilInput,
} from '$lib/domain/councils';
import type { FieldErrors } from '$lib/domain/errors';
import type { CouncilId, OrganizationId, PersonId } from '$lib/domain/ids';
import { EntityList } from './entities.svelte';

export class CouncilsState extends EntityList<Council> {
  #doc: Y.Doc;
  #by: () => PersonId;

  constructor(doc: Y.Doc, by: () => PersonId) {
    super(doc, observeCouncils, listCouncils);
    this.#doc = doc;
    this.#by = by;
  }

  /** Councils whose mandate is due for review. */
  dueForReview(today: string): Council[] {
    return dueForReview(this.active, today);
  }

  /** An empty form. */
  blank(): CouncilInput {
    return blankCouncil();
  }

  /** Field errors (message keys) of a form. */
  validate(input: CouncilInput): FieldErrors<keyof CouncilInput> {
    return validateCouncil(input);
  }

  /** Adds a council; returns its id. */
  add(input: CouncilInput): CouncilId {
    return addCouncil(this.#doc, input, this.#by());
  }

  /** Saves the changed fields. */
  update(id: CouncilId, patch: Partial<CouncilInput>): void {
    updateCouncil(this.#doc, id, patch, this.#by());
  }

  /** Adds a member (with their organization) or removes one. */
  setMember(id: CouncilId, personId: PersonId, organizationId: OrganizationId | '' | null): void {
    setMember(
      this.#doc,
      id,
      personId,
      organizationId === null ? null : { organizationId },
      this.#by(),
    );
  }

  /** Removes (tombstone). */
  remove(id: CouncilId): void {
    removeCouncil(this.#doc, id, this.#by());
  }

  /** Brings a removed council back. */
  restore(id: CouncilId): void {
    restoreCouncil(this.#doc, id, this.#by());
  }
}
