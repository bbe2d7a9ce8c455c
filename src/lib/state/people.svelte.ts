// People of one federation, for screens.
import type * as Y from 'yjs';
import type { FieldErrors } from '$lib/domain/errors';
import type { PersonId } from '$lib/domain/ids';
import {
  addPerson,
  blankPerson,
  listPeople,
  observePeople,
  removePerson,
  restorePerson,
  SUGGESTED_SKILLS,
  TRAVEL_WILLINGNESS,
  updatePerson,
  validatePerson,
  type Person,
  type PersonInput,
} from '$lib/domain/people';
import { EntityList } from './entities.svelte';

export class PeopleState extends EntityList<Person> {
  #doc: Y.Doc;
  #by: () => PersonId;

  readonly travelOptions = TRAVEL_WILLINGNESS;
  readonly suggestedSkills = SUGGESTED_SKILLS;

  constructor(doc: Y.Doc, by: () => PersonId) {
    super(doc, observePeople, listPeople);
    this.#doc = doc;
    this.#by = by;
  }

  /** An empty form. */
  blank(): PersonInput {
    return blankPerson();
  }

  /** Field errors (message keys) of a form. */
  validate(input: PersonInput): FieldErrors<keyof PersonInput> {
    return validatePerson(input);
  }

  /** Adds a person; with `asMe`, the person is this device's user (signs its edits). */
  add(input: PersonInput, asMe = false): PersonId {
    const by = this.#by();
    return asMe ? addPerson(this.#doc, input, by, by) : addPerson(this.#doc, input, by);
  }

  /** Saves the changed fields. */
  update(id: PersonId, patch: Partial<PersonInput>): void {
    updatePerson(this.#doc, id, patch, this.#by());
  }

  /** Removes (tombstone). */
  remove(id: PersonId): void {
    removePerson(this.#doc, id, this.#by());
  }

  /** Brings a removed person back. */
  restore(id: PersonId): void {
    restorePerson(this.#doc, id, this.#by());
  }

  /** The person this device's user is in this federation, if any. */
  get me(): Person | undefined {
    return this.byId.get(this.#by());
  }
}
