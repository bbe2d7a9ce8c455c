// Meetings: attendance, agenda, minutes and action items, for screens.
import type * as Y from 'yjs';
import type { FieldErrors } from '$lib/domain/errors';
import type { MeetingId, OrganizationId, PersonId, TaskId } from '$lib/domain/ids';
import {
  addAgendaItem,
  addMeeting,
  AGENDA_KINDS,
  blankMeeting,
  changedSinceApproval,
  listMeetings,
  MEETING_KINDS,
  MINUTES_STAGES,
  moveAgendaItem,
  observeMeetings,
  removeAgendaItem,
  removeMeeting,
  setAttendance,
  setCurrentItem,
  setMinutes,
  setMinutesStage,
  updateMeeting,
  validateMeeting,
  type AgendaKind,
  type Meeting,
  type MeetingInput,
  type MinutesStage,
} from '$lib/domain/meetings';
import { addTask } from '$lib/domain/tasks';
import { EntityList } from './entities.svelte';

export class MeetingsState extends EntityList<Meeting> {
  #doc: Y.Doc;
  #by: () => PersonId;

  readonly kinds = MEETING_KINDS;
  readonly agendaKinds = AGENDA_KINDS;
  readonly stages = MINUTES_STAGES;

  constructor(doc: Y.Doc, by: () => PersonId) {
    super(doc, observeMeetings, listMeetings);
    this.#doc = doc;
    this.#by = by;
  }

  /** An empty form in this device's time zone. */
  blank(): MeetingInput {
    return blankMeeting(Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
  }

  /** Field errors (message keys) of a form. */
  validate(input: MeetingInput): FieldErrors<keyof MeetingInput> {
    return validateMeeting(input);
  }

  /** Whether approved minutes were changed afterwards. */
  changedSinceApproval(meeting: Meeting): boolean {
    return changedSinceApproval(meeting);
  }

  /** Adds a meeting; returns its id. */
  add(input: MeetingInput): MeetingId {
    return addMeeting(this.#doc, input, this.#by());
  }

  /** Saves the changed fields. */
  update(id: MeetingId, patch: Partial<MeetingInput>): void {
    updateMeeting(this.#doc, id, patch, this.#by());
  }

  /** Marks a person present (for an organization) or absent (null). */
  setAttendance(
    id: MeetingId,
    personId: PersonId,
    organizationId: OrganizationId | '' | null,
  ): void {
    setAttendance(this.#doc, id, personId, organizationId, this.#by());
  }

  /** Adds an agenda item. */
  addItem(
    id: MeetingId,
    item: { title: string; kind?: AgendaKind; refId?: string; timebox?: number },
  ): string {
    return addAgendaItem(this.#doc, id, item, this.#by());
  }

  /** Moves an item to a new position. */
  moveItem(id: MeetingId, itemId: string, order: number): void {
    moveAgendaItem(this.#doc, id, itemId, order, this.#by());
  }

  /** Removes an agenda item. */
  removeItem(id: MeetingId, itemId: string): void {
    removeAgendaItem(this.#doc, id, itemId, this.#by());
  }

  /** The chair's current item. */
  setCurrent(id: MeetingId, itemId: string): void {
    setCurrentItem(this.#doc, id, itemId, this.#by());
  }

  /** Writes an item's minutes. */
  setMinutes(id: MeetingId, itemId: string, text: string): void {
    setMinutes(this.#doc, id, itemId, text, this.#by());
  }

  /** Moves the minutes to a stage. */
  setStage(id: MeetingId, stage: MinutesStage): void {
    setMinutesStage(this.#doc, id, stage, this.#by());
  }

  /** An action item: a task with an owner and a due date, agreed in this meeting. */
  addActionItem(
    id: MeetingId,
    title: string,
    ownerId: PersonId | '',
    due: string,
    councilId = '',
  ): TaskId {
    return addTask(
      this.#doc,
      {
        title,
        description: '',
        councilId: councilId as never,
        gatheringId: '',
        meetingId: id,
        ownerId,
        due,
      },
      this.#by(),
    );
  }

  /** Removes (tombstone). */
  remove(id: MeetingId): void {
    removeMeeting(this.#doc, id, this.#by());
  }
}
