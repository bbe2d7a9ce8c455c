import { describe, expect, it, vi } from 'vitest';
import { DomainError } from '$lib/domain/errors';
import type { PersonId, TaskId } from '$lib/domain/ids';
import { metaMap, SCHEMA_VERSION } from '$lib/domain/schema';
import {
  addTask,
  blankTask,
  getTask,
  isOverdue,
  listTasks,
  removeTask,
  restoreTask,
  setHelper,
  setOwner,
  setTaskStatus,
  tasksOf,
  updateTask,
  validateTask,
  type Task,
  type TaskInput,
  type TaskStatus,
} from '$lib/domain/tasks';
import { ALICE, BOB, newFederationDoc, stateOf } from './helpers';

const CAROL = 'person-carol' as PersonId;

function taskInput(overrides: Partial<TaskInput> = {}): TaskInput {
  return { ...blankTask(), title: 'Book the hall', ...overrides };
}

function codeOf(fn: () => void): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof DomainError ? e.code : `not a DomainError: ${String(e)}`;
  }
  return undefined;
}

describe('tasks', () => {
  it('adds an open task with no helpers and an empty history', () => {
    const doc = newFederationDoc();
    const id = addTask(doc, taskInput({ title: ' Book the hall ', ownerId: BOB }), ALICE);
    expect(getTask(doc, id)).toMatchObject({
      id,
      title: 'Book the hall',
      ownerId: BOB,
      status: 'open',
      blockedReason: '',
      helperIds: [],
      history: [],
      createdBy: ALICE,
      deletedAt: null,
    });
    expect(getTask(doc, 'nope' as TaskId)).toBeNull();
  });

  it('validates title, due date and description', () => {
    expect(validateTask(taskInput())).toEqual({});
    expect(validateTask(taskInput({ title: ' ' })).title).toBe('error.required');
    expect(validateTask(taskInput({ title: 'x'.repeat(201) })).title).toBe('error.tooLong');
    expect(validateTask(taskInput({ due: '2025-13-01' })).due).toBe('error.date');
    expect(validateTask(taskInput({ description: 'x'.repeat(20_001) })).description).toBe(
      'error.tooLong',
    );
    const doc = newFederationDoc();
    expect(codeOf(() => addTask(doc, taskInput({ title: '' }), ALICE))).toBe('error.required');
    const id = addTask(doc, taskInput(), ALICE);
    expect(codeOf(() => updateTask(doc, id, { due: 'tomorrow' }, ALICE))).toBe('error.date');
    updateTask(doc, id, { description: 'Ask the library.', due: '2025-04-01' }, BOB);
    expect(getTask(doc, id)).toMatchObject({ description: 'Ask the library.', due: '2025-04-01' });
  });

  it('setTaskStatus records each act; blocked needs a reason, cleared when unblocked', () => {
    const doc = newFederationDoc();
    const id = addTask(doc, taskInput(), ALICE);
    expect(codeOf(() => setTaskStatus(doc, id, 'blocked', ALICE))).toBe('error.reasonRequired');
    expect(codeOf(() => setTaskStatus(doc, id, 'blocked', ALICE, '   '))).toBe(
      'error.reasonRequired',
    );
    expect(codeOf(() => setTaskStatus(doc, id, 'lost' as TaskStatus, ALICE))).toBeDefined();
    expect(getTask(doc, id)?.history).toEqual([]);
    setTaskStatus(doc, id, 'doing', ALICE);
    setTaskStatus(doc, id, 'blocked', BOB, ' No hall free ');
    expect(getTask(doc, id)).toMatchObject({ status: 'blocked', blockedReason: 'No hall free' });
    setTaskStatus(doc, id, 'done', ALICE);
    const task = getTask(doc, id)!;
    expect(task).toMatchObject({ status: 'done', blockedReason: '' });
    // Compared as a set here; the order itself is tested below.
    expect(task.history.map((h) => [h.kind, h.value, h.reason, h.by]).sort()).toEqual([
      ['status', 'blocked', 'No hall free', BOB],
      ['status', 'doing', '', ALICE],
      ['status', 'done', '', ALICE],
    ]);
    expect(codeOf(() => setTaskStatus(doc, 'nope' as TaskId, 'done', ALICE))).toBe(
      'error.notFound',
    );
  });

  it('setOwner changes the owner and records it; setHelper adds and removes', () => {
    const doc = newFederationDoc();
    const id = addTask(doc, taskInput({ ownerId: ALICE }), ALICE);
    setOwner(doc, id, BOB, ALICE);
    expect(getTask(doc, id)).toMatchObject({ ownerId: BOB, updatedBy: ALICE });
    expect(getTask(doc, id)?.history.map((h) => [h.kind, h.value])).toEqual([['owner', BOB]]);
    setHelper(doc, id, CAROL, true, BOB);
    setHelper(doc, id, ALICE, true, BOB);
    expect(getTask(doc, id)?.helperIds).toEqual([ALICE, CAROL].sort());
    setHelper(doc, id, CAROL, false, BOB);
    expect(getTask(doc, id)?.helperIds).toEqual([ALICE]);
    expect(codeOf(() => setOwner(doc, 'nope' as TaskId, BOB, ALICE))).toBe('error.notFound');
    expect(codeOf(() => setHelper(doc, 'nope' as TaskId, BOB, true, ALICE))).toBe('error.notFound');
  });

  // Regression, fixed (history now orders by seq first): toTask sorted history by `at` (millisecond ISO string), then by the random change id, so
  // acts made one after another in the same millisecond come out in random order, not oldest first.
  it('history keeps acts made in the same millisecond in the order they were made', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2025-03-01T10:00:00.000Z'));
      const doc = newFederationDoc();
      const id = addTask(doc, taskInput(), ALICE);
      const steps: TaskStatus[] = ['doing', 'open', 'doing', 'done', 'open', 'doing', 'done'];
      for (const s of steps) setTaskStatus(doc, id, s, ALICE);
      expect(getTask(doc, id)?.history.map((h) => h.value)).toEqual(steps);
    } finally {
      vi.useRealTimers();
    }
  });

  it('isOverdue: past due and not done', () => {
    const t = (due: string, status: TaskStatus) => ({ due, status }) as Task;
    expect(isOverdue(t('2025-03-01', 'open'), '2025-03-02')).toBe(true);
    expect(isOverdue(t('2025-03-01', 'blocked'), '2025-03-02')).toBe(true);
    expect(isOverdue(t('2025-03-02', 'open'), '2025-03-02')).toBe(false);
    expect(isOverdue(t('2025-03-01', 'done'), '2025-03-02')).toBe(false);
    expect(isOverdue(t('', 'open'), '2025-03-02')).toBe(false);
  });

  it('tasksOf: owned or helped, not done, not removed', () => {
    const doc = newFederationDoc();
    const owned = addTask(doc, taskInput({ title: 'A', ownerId: BOB }), ALICE);
    const helped = addTask(doc, taskInput({ title: 'B', ownerId: ALICE }), ALICE);
    setHelper(doc, helped, BOB, true, ALICE);
    const done = addTask(doc, taskInput({ title: 'C', ownerId: BOB }), ALICE);
    setTaskStatus(doc, done, 'done', BOB);
    const gone = addTask(doc, taskInput({ title: 'D', ownerId: BOB }), ALICE);
    removeTask(doc, gone, ALICE);
    addTask(doc, taskInput({ title: 'E', ownerId: CAROL }), ALICE);
    const all = listTasks(doc, { includeRemoved: true });
    expect(tasksOf(all, BOB).map((t) => t.id)).toEqual([owned, helped]);
    expect(tasksOf(all, ALICE).map((t) => t.id)).toEqual([helped]);
  });

  it('listTasks: by due date (undated last), then title; remove and restore', () => {
    const doc = newFederationDoc();
    const undated = addTask(doc, taskInput({ title: 'A' }), ALICE);
    const late = addTask(doc, taskInput({ title: 'A', due: '2025-05-01' }), ALICE);
    const earlyB = addTask(doc, taskInput({ title: 'B', due: '2025-04-01' }), ALICE);
    const earlyA = addTask(doc, taskInput({ title: 'A', due: '2025-04-01' }), ALICE);
    expect(listTasks(doc).map((t) => t.id)).toEqual([earlyA, earlyB, late, undated]);
    removeTask(doc, late, BOB);
    expect(listTasks(doc).map((t) => t.id)).toEqual([earlyA, earlyB, undated]);
    expect(listTasks(doc, { includeRemoved: true })).toHaveLength(4);
    restoreTask(doc, late, BOB);
    expect(getTask(doc, late)?.deletedAt).toBeNull();
    expect(listTasks(doc)).toHaveLength(4);
  });
});

describe('tasks on a doc from a newer app', () => {
  it('every write throws readOnlyNewerVersion and nothing changes', () => {
    const doc = newFederationDoc();
    const id = addTask(doc, taskInput({ ownerId: ALICE }), ALICE);
    setHelper(doc, id, BOB, true, ALICE);
    metaMap(doc).set('schemaVersion', SCHEMA_VERSION + 1);
    const before = stateOf(doc);
    const writes: (() => void)[] = [
      () => addTask(doc, taskInput({ title: 'New' }), ALICE),
      () => updateTask(doc, id, { title: 'Renamed', description: 'x' }, ALICE),
      () => setTaskStatus(doc, id, 'done', ALICE),
      () => setTaskStatus(doc, id, 'blocked', ALICE, 'why'),
      () => setOwner(doc, id, BOB, ALICE),
      () => setHelper(doc, id, CAROL, true, ALICE),
      () => setHelper(doc, id, BOB, false, ALICE),
      () => removeTask(doc, id, ALICE),
      () => restoreTask(doc, id, ALICE),
    ];
    for (const write of writes) expect(codeOf(write)).toBe('error.readOnlyNewerVersion');
    expect(stateOf(doc)).toEqual(before);
  });
});
