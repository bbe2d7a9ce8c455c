// Tasks of councils and events: an owner, helpers, a due date and a status with a short history.
import * as Y from 'yjs';
import { appendAct, byKnowledge } from './acts';
import {
  asRecord,
  assertNoErrors,
  assertWritable,
  getEntity,
  insertEntity,
  listEntities,
  observeRoot,
  patchEntity,
  readEntity,
  setRemoved,
  stamp,
  str,
  type Entity,
} from './entity';
import { DomainError, type FieldErrors } from './errors';
import {
  newId,
  type CouncilId,
  type GatheringId,
  type MeetingId,
  type PersonId,
  type TaskId,
} from './ids';
import { collection, LOCAL_EDIT, ROOT, type EntityMap } from './schema';
import { isIsoDate } from './validate';

export const TASK_STATUSES = ['open', 'doing', 'blocked', 'done'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export interface TaskInput {
  title: string;
  description: string;
  councilId: CouncilId | '';
  gatheringId: GatheringId | '';
  /** The meeting where it was agreed as an action item, or ''. */
  meetingId: MeetingId | '';
  ownerId: PersonId | '';
  /** "YYYY-MM-DD" or ''. */
  due: string;
}

/** One recorded act on a task: a status change or a new owner. */
export interface TaskChange {
  id: string;
  kind: 'status' | 'owner';
  value: string;
  reason: string;
  at: string;
  by: PersonId;
  /** One more than the highest seq the writer had seen: later knowledge wins over clock time. */
  seq: number;
}

export interface Task extends Entity<TaskId>, TaskInput {
  status: TaskStatus;
  blockedReason: string;
  helperIds: PersonId[];
  /** Oldest first. */
  history: TaskChange[];
}

/** An empty form. */
export function blankTask(): TaskInput {
  return {
    title: '',
    description: '',
    councilId: '',
    gatheringId: '',
    meetingId: '',
    ownerId: '',
    due: '',
  };
}

/** Field errors of a task form. */
export function validateTask(input: TaskInput): FieldErrors<keyof TaskInput> {
  const errors: FieldErrors<keyof TaskInput> = {};
  if (!input.title.trim()) errors.title = 'error.required';
  else if (input.title.length > 200) errors.title = 'error.tooLong';
  if (input.due && !isIsoDate(input.due)) errors.due = 'error.date';
  if (input.description.length > 20_000) errors.description = 'error.tooLong';
  return errors;
}

function taskMap(doc: Y.Doc, id: TaskId): EntityMap {
  const map = collection(doc, ROOT.tasks).get(id);
  if (!(map instanceof Y.Map)) throw new DomainError('error.notFound');
  return map;
}

function record(map: EntityMap, change: Omit<TaskChange, 'id' | 'at' | 'seq'>): void {
  const history = map.get('history');
  if (!(history instanceof Y.Map)) throw new DomainError('error.notFound', 'task has no history');
  appendAct<TaskChange>(history as Y.Map<TaskChange>, change);
  stamp(map, change.by);
}

/** Adds an open task; returns its id. */
export function addTask(doc: Y.Doc, input: TaskInput, by: PersonId): TaskId {
  const data = { ...blankTask(), ...input, title: input.title.trim() };
  assertNoErrors(validateTask(data), 'task');
  const id = newId<TaskId>();
  doc.transact(() => {
    insertEntity(doc, ROOT.tasks, id, { ...data }, by, ['description']);
    // Made with the task, never lazily: a map made on two devices at once would lose one side.
    const map = taskMap(doc, id);
    map.set('helpers', new Y.Map());
    map.set('history', new Y.Map());
  }, LOCAL_EDIT);
  return id;
}

/** Changes title, description, council, event or due date (owner: `setOwner`). */
export function updateTask(
  doc: Y.Doc,
  id: TaskId,
  patch: Partial<Omit<TaskInput, 'ownerId'>>,
  by: PersonId,
): void {
  const current = getTask(doc, id);
  const data = patch.title === undefined ? patch : { ...patch, title: patch.title.trim() };
  if (current) assertNoErrors(validateTask({ ...current, ...data }), 'task');
  patchEntity(doc, ROOT.tasks, id, { ...data }, by, ['description']);
}

/**
 * Sets the status; "blocked" needs a reason. Ticking done on two devices is one done task with
 * both acts in its history.
 */
export function setTaskStatus(
  doc: Y.Doc,
  id: TaskId,
  status: TaskStatus,
  by: PersonId,
  reason = '',
): void {
  assertWritable(doc);
  if (!TASK_STATUSES.includes(status)) throw new DomainError('error.required');
  if (status === 'blocked' && !reason.trim()) throw new DomainError('error.reasonRequired');
  doc.transact(() => {
    record(taskMap(doc, id), { kind: 'status', value: status, reason: reason.trim(), by });
  }, LOCAL_EDIT);
}

/** Gives the task to another person; recorded in the history next to any status change. */
export function setOwner(doc: Y.Doc, id: TaskId, ownerId: PersonId | '', by: PersonId): void {
  assertWritable(doc);
  doc.transact(() => {
    record(taskMap(doc, id), { kind: 'owner', value: ownerId, reason: '', by });
  }, LOCAL_EDIT);
}

/** Adds or removes a helper; helpers added on two devices are all kept. */
export function setHelper(
  doc: Y.Doc,
  id: TaskId,
  personId: PersonId,
  helping: boolean,
  by: PersonId,
): void {
  assertWritable(doc);
  doc.transact(() => {
    const map = taskMap(doc, id);
    const helpers = map.get('helpers');
    if (!(helpers instanceof Y.Map)) throw new DomainError('error.notFound');
    if (helping) helpers.set(personId, true);
    else helpers.delete(personId);
    stamp(map, by);
  }, LOCAL_EDIT);
}

/** Removes a task (tombstone). */
export function removeTask(doc: Y.Doc, id: TaskId, by: PersonId): void {
  setRemoved(doc, ROOT.tasks, id, true, by);
}

/** Brings a removed task back. */
export function restoreTask(doc: Y.Doc, id: TaskId, by: PersonId): void {
  setRemoved(doc, ROOT.tasks, id, false, by);
}

const obj = asRecord;

function toTask(id: string, raw: Record<string, unknown>): Task {
  const history = Object.values(obj(raw.history))
    .filter((c): c is Record<string, unknown> => !!c && typeof c === 'object')
    .map((c) => ({
      id: str(c.id),
      kind: (c.kind === 'owner' ? 'owner' : 'status') as TaskChange['kind'],
      value: str(c.value),
      reason: str(c.reason),
      at: str(c.at),
      by: str(c.by) as PersonId,
      seq: Number(c.seq) || 0,
    }))
    .sort(byKnowledge);
  // Status and owner are derived from the ordered history: every device computes the same.
  const lastStatus = history.filter((c) => c.kind === 'status').at(-1);
  const lastOwner = history.filter((c) => c.kind === 'owner').at(-1);
  const status = (lastStatus?.value ?? 'open') as TaskStatus;
  return {
    ...readEntity<TaskId>(raw, id),
    title: str(raw.title),
    description: str(raw.description),
    councilId: str(raw.councilId) as CouncilId | '',
    gatheringId: str(raw.gatheringId) as GatheringId | '',
    meetingId: str(raw.meetingId) as MeetingId | '',
    ownerId: (lastOwner ? lastOwner.value : str(raw.ownerId)) as PersonId | '',
    due: str(raw.due),
    status: TASK_STATUSES.includes(status) ? status : 'open',
    blockedReason: status === 'blocked' ? (lastStatus?.reason ?? '') : '',
    helperIds: Object.keys(obj(raw.helpers)).sort() as PersonId[],
    history,
  };
}

/** One task (removed ones too), or null. */
export function getTask(doc: Y.Doc, id: TaskId): Task | null {
  return getEntity(doc, ROOT.tasks, id, toTask);
}

/** Tasks by due date (undated last), then title and id; removed ones on request. */
export function listTasks(doc: Y.Doc, opts: { includeRemoved?: boolean } = {}): Task[] {
  const key = (t: Task) => `${t.due || '9999-99-99'}\u0000${t.title}\u0000${t.id}`;
  return listEntities(doc, ROOT.tasks, toTask, opts).sort((a, b) => (key(a) < key(b) ? -1 : 1));
}

/** Whether a task is past its due date and not done. */
export function isOverdue(task: Task, today: string): boolean {
  const due = dueIfOpen(task);
  return !!due && due < today;
}

/** The due date of a task not done ('' if done or undated): overdue on any day after it. */
export function dueIfOpen(task: Task): string {
  return task.status !== 'done' ? task.due : '';
}

/** The tasks a person owns or helps with that are not done. */
export function tasksOf(tasks: Task[], personId: PersonId): Task[] {
  return tasks.filter(
    (t) =>
      !t.deletedAt &&
      t.status !== 'done' &&
      (t.ownerId === personId || t.helperIds.includes(personId)),
  );
}

/** Calls `onChange` after every change to any task; returns the unsubscribe. */
export function observeTasks(doc: Y.Doc, onChange: () => void): () => void {
  return observeRoot(doc, ROOT.tasks, onChange);
}
