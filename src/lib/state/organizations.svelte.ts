// Organizations of one federation, for screens: reactive lists and the writes they call.
import type * as Y from 'yjs';
import type { FieldErrors } from '$lib/domain/errors';
import type { PersonId, OrganizationId } from '$lib/domain/ids';
import {
  addOrganization,
  blankOrganization,
  ORGANIZATION_STAGES,
  validateOrganization,
  listOrganizations,
  observeOrganizations,
  removeOrganization,
  restoreOrganization,
  updateOrganization,
  type Organization,
  type OrganizationInput,
} from '$lib/domain/organizations';
import { DocQuery } from './query.svelte';

export class OrganizationsState {
  #doc: Y.Doc;
  #by: () => PersonId;
  #all: DocQuery<Organization[]>;

  constructor(doc: Y.Doc, by: () => PersonId) {
    this.#doc = doc;
    this.#by = by;
    this.#all = new DocQuery(doc, observeOrganizations, (d) =>
      listOrganizations(d, { includeRemoved: true }),
    );
  }

  /** The stages an organization can be in, in order. */
  readonly stages = ORGANIZATION_STAGES;

  /** An empty form. */
  blank(): OrganizationInput {
    return blankOrganization();
  }

  /** Field errors (message keys) of a form; empty when it can be saved. */
  validate(input: OrganizationInput): FieldErrors<keyof OrganizationInput> {
    return validateOrganization(input);
  }

  /** Every organization, removed ones included, sorted by name. */
  get all(): Organization[] {
    return this.#all.current;
  }

  /** Organizations that are not removed. */
  get active(): Organization[] {
    return this.all.filter((o) => !o.deletedAt);
  }

  /** One organization, removed or not; undefined if this device does not have it. */
  byId(id: string): Organization | undefined {
    return this.all.find((o) => o.id === id);
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
