// Organizations of one federation, for screens: reactive lists and the writes they call.
import type * as Y from 'yjs';
import type { FieldErrors } from '$lib/domain/errors';
import type { OrganizationId, PersonId } from '$lib/domain/ids';
import {
  addOrganization,
  blankOrganization,
  listOrganizations,
  observeOrganizations,
  ORGANIZATION_STAGES,
  removeOrganization,
  restoreOrganization,
  updateOrganization,
  validateOrganization,
  type Organization,
  type OrganizationInput,
} from '$lib/domain/organizations';
import { EntityList } from './entities.svelte';

export class OrganizationsState extends EntityList<Organization> {
  #doc: Y.Doc;
  #by: () => PersonId;

  /** The stages an organization can be in, in order. */
  readonly stages = ORGANIZATION_STAGES;

  constructor(doc: Y.Doc, by: () => PersonId) {
    super(doc, observeOrganizations, listOrganizations);
    this.#doc = doc;
    this.#by = by;
  }

  /** An empty form. */
  blank(): OrganizationInput {
    return blankOrganization();
  }

  /** Field errors (message keys) of a form; empty when it can be saved. */
  validate(input: OrganizationInput): FieldErrors<keyof OrganizationInput> {
    return validateOrganization(input);
  }

  /** Adds an organization; returns its id. */
  add(input: OrganizationInput): OrganizationId {
    return addOrganization(this.#doc, input, this.#by());
  }

  /** Saves the changed fields. */
  update(id: OrganizationId, patch: Partial<OrganizationInput>): void {
    updateOrganization(this.#doc, id, patch, this.#by());
  }

  /** Removes (tombstone); `restore` undoes it. */
  remove(id: OrganizationId): void {
    removeOrganization(this.#doc, id, this.#by());
  }

  /** Brings a removed organization back. */
  restore(id: OrganizationId): void {
    restoreOrganization(this.#doc, id, this.#by());
  }
}
