// Tasks of councils and events, for screens, including "my tasks".
import type * as Y from 'yjs';
import type { FieldErrors } from '$lib/domain/errors';
import type { PersonId, TaskId } from '$lib/domain/ids';
import {
  addTask,
  blankTask,
  isOverdue,
  listTasks,
  observeTasks,
  removeTask,
  restoreTask,
  setHelper,
  setOwner,
  setTaskStatus,
  TASK_STATUSES,
  tasksOf,
  updateTask,
  validateTask,
  type Task,
  type TaskInput,
  type TaskStatus,
} from '$lib/domain/tasks';
import { EntityList } from './entities.svelte';

export class TasksState extends EntityList<Task> {
  #doc: Y.Doc;
  #by: () => PersonId;

  readonly statuses = TASK_STATUSES;

  constructor(doc: Y.Doc, by: () => PersonId) {
    super(doc, observeTasks, listTasks);
    this.#doc = doc;
    this.#by = by;
  }

  /** Open tasks this device's user owns or helps with. */
  get mine(): Task[] {
    return tasksOf(this.all, this.#by());
  }

  /** Whether a task is past due and not done. */
  overdue(task: Task, today: string): boolean {
    return isOverdue(task, today);
  }

  /** An empty form. */
  blank(): TaskInput {
    return blankTask();
  }

  /** Field errors (message keys) of a form. */
  validate(input: TaskInput): FieldErrors<keyof TaskInput> {
    return validateTask(input);
  }

  /** Adds a task; returns its id. */
  add(input: TaskInput): TaskId {
    return addTask(this.#doc, input, this.#by());
  }

  /** Saves the changed fields (the owner through `setOwner`). */
  update(id: TaskId, patch: Partial<TaskInput>): void {
    const { ownerId, ...rest } = patch;
    if (Object.keys(rest).length) updateTask(this.#doc, id, rest, this.#by());
    if (ownerId !== undefined) setOwner(this.#doc, id, ownerId, this.#by());
  }

  /** Sets the status ("blocked" needs a reason). */
  setStatus(id: TaskId, status: TaskStatus, reason = ''): void {
    setTaskStatus(this.#doc, id, status, this.#by(), reason);
  }

  /** Adds or removes a helper. */
  setHelper(id: TaskId, personId: PersonId, helping: boolean): void {
    setHelper(this.#doc, id, personId, helping, this.#by());
  }

  /** Removes (tombstone). */
  remove(id: TaskId): void {
    removeTask(this.#doc, id, this.#by());
  }

  /** Brings a removed task back. */
  restore(id: TaskId): void {
    restoreTask(this.#doc, id, this.#by());
  }
}
