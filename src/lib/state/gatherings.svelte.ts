// Events of one federation, for screens: lists, programme, people sent, checklist, report, and
// the calendar file.
import type * as Y from 'yjs';
import type { FieldErrors } from '$lib/domain/errors';
import {
  addGathering,
  blankGathering,
  GATHERING_KINDS,
  gatheringWarnings,
  linkRequest,
  listGatherings,
  notOverBy,
  observeGatherings,
  removeGathering,
  restoreGathering,
  updateGathering,
  validateGathering,
  type Gathering,
  type GatheringInput,
  type GatheringWarning,
} from '$lib/domain/gatherings';
import type { GatheringId, PersonId, RequestId } from '$lib/domain/ids';
import {
  addChecklistItem,
  addProgrammeItem,
  removeAssignment,
  removeChecklistItem,
  removeProgrammeItem,
  setAssignment,
  setSpeaker,
  TRAVEL_MODES,
  updateChecklistItem,
  type Assignment,
  type Report,
} from '$lib/domain/programme';
import { planGathering, writeReport } from '$lib/domain/workflow';
import { EntityList } from './entities.svelte';
import { shareFile } from './share';

type Lookup = ReadonlyMap<string, { deletedAt: string | null }>;

export class GatheringsState extends EntityList<Gathering> {
  #doc: Y.Doc;
  #by: () => PersonId;

  readonly kinds = GATHERING_KINDS;
  readonly travelModes = TRAVEL_MODES;

  constructor(doc: Y.Doc, by: () => PersonId) {
    super(doc, observeGatherings, listGatherings);
    this.#doc = doc;
    this.#by = by;
  }

  /** Events that have not ended (by their local end date), soonest first. */
  upcoming(today: string): Gathering[] {
    return this.active.filter((g) => notOverBy(g, today));
  }

  /** An empty form in this device's time zone. */
  blank(): GatheringInput {
    return blankGathering(Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
  }

  /** Field errors (message keys) of a form. */
  validate(input: GatheringInput): FieldErrors<keyof GatheringInput> {
    return validateGathering(input);
  }

  /** What a person should look at on this event. */
  warnings(g: Gathering, organizations: Lookup, people: Lookup): GatheringWarning[] {
    return gatheringWarnings(g, organizations, people);
  }

  /** Adds an event; with `requestId`, it answers that request (which becomes planned). */
  add(input: GatheringInput, requestId?: RequestId): GatheringId {
    return requestId
      ? planGathering(this.#doc, requestId, input, this.#by())
      : addGathering(this.#doc, input, this.#by());
  }

  /** Saves the changed fields. */
  update(id: GatheringId, patch: Partial<GatheringInput>): void {
    updateGathering(this.#doc, id, patch, this.#by());
  }

  /** Links or unlinks a request. */
  link(id: GatheringId, requestId: RequestId, linked: boolean): void {
    linkRequest(this.#doc, id, requestId, linked, this.#by());
  }

  /** Adds a programme session. */
  addSession(id: GatheringId, item: { title: string; start?: string; end?: string }): string {
    return addProgrammeItem(this.#doc, id, item, this.#by());
  }

  /** Removes a programme session. */
  removeSession(id: GatheringId, itemId: string): void {
    removeProgrammeItem(this.#doc, id, itemId, this.#by());
  }

  /** Adds or removes a speaker of a session. */
  setSpeaker(id: GatheringId, itemId: string, personId: PersonId, speaking: boolean): void {
    setSpeaker(this.#doc, id, itemId, personId, speaking, this.#by());
  }

  /** Sends a person, or changes their travel and hosting. */
  setAssignment(
    id: GatheringId,
    personId: PersonId,
    fields: Partial<Omit<Assignment, 'personId'>>,
  ): void {
    setAssignment(this.#doc, id, personId, fields, this.#by());
  }

  /** No longer sends a person. */
  removeAssignment(id: GatheringId, personId: PersonId): void {
    removeAssignment(this.#doc, id, personId, this.#by());
  }

  /** Adds a preparation step. */
  addStep(id: GatheringId, title: string, ownerId: PersonId | '' = '', due = ''): string {
    return addChecklistItem(this.#doc, id, { title, ownerId, due }, this.#by());
  }

  /** Ticks a step or changes its owner or due date. */
  updateStep(
    id: GatheringId,
    itemId: string,
    patch: { done?: boolean; ownerId?: PersonId | ''; due?: string },
  ): void {
    updateChecklistItem(this.#doc, id, itemId, patch, this.#by());
  }

  /** Removes a step. */
  removeStep(id: GatheringId, itemId: string): void {
    removeChecklistItem(this.#doc, id, itemId, this.#by());
  }

  /** Writes the report; planned requests become done, and follow-ups are opened if wanted. */
  writeReport(id: GatheringId, report: Omit<Report, 'writtenAt' | 'writtenBy'>): RequestId[] {
    return writeReport(this.#doc, id, report, this.#by());
  }

  /** Removes (tombstone). */
  remove(id: GatheringId): void {
    removeGathering(this.#doc, id, this.#by());
  }

  /** Brings a removed event back. */
  restore(id: GatheringId): void {
    restoreGathering(this.#doc, id, this.#by());
  }

  /** Shares (phone) or downloads (desktop) an iCalendar file of `gatherings`. */
  async exportCalendar(
    gatherings: Gathering[],
    calendarName: string,
    people: ReadonlyMap<string, { name: string }>,
  ): Promise<'shared' | 'downloaded' | 'cancelled'> {
    // The calendar library is loaded only when someone exports.
    const { toICalendar, calendarFileName, ICALENDAR_TYPE } = await import('$lib/sync/calendar');
    const text = toICalendar(gatherings, { calendarName, people, appUrl: location.origin });
    return shareFile(
      new File([text], calendarFileName(calendarName), { type: ICALENDAR_TYPE }),
      calendarName,
    );
  }
}
