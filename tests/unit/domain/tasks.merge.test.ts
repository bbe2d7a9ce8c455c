import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import type { PersonId } from '$lib/domain/ids';
import {
  addTask,
  blankTask,
  getTask,
  listTasks,
  setHelper,
  setOwner,
  setTaskStatus,
} from '$lib/domain/tasks';
import { ALICE, BOB, fork, newFederationDoc, sync } from './helpers';

const CAROL = 'person-carol' as PersonId;
const DAN = 'person-dan' as PersonId;

function twoDevices() {
  const a = newFederationDoc();
  const id = addTask(a, { ...blankTask(), title: 'Book the hall', ownerId: ALICE }, ALICE);
  const b = fork(a);
  return { a, b, id };
}

function expectSame(a: Y.Doc, b: Y.Doc): void {
  expect(listTasks(a, { includeRemoved: true })).toEqual(listTasks(b, { includeRemoved: true }));
}

describe('tasks merge', () => {
  it('the same task ticked done on two devices: one done task, both acts in the history', () => {
    const { a, b, id } = twoDevices();
    setTaskStatus(a, id, 'done', ALICE);
    setTaskStatus(b, id, 'done', BOB);
    sync(a, b);
    expectSame(a, b);
    expect(listTasks(a)).toHaveLength(1);
    for (const doc of [a, b]) expect(getTask(doc, id)?.status).toBe('done');
    const acts = getTask(a, id)!.history.map((h) => [h.kind, h.value, h.by]);
    expect(acts).toHaveLength(2);
    expect(acts).toEqual(
      expect.arrayContaining([
        ['status', 'done', ALICE],
        ['status', 'done', BOB],
      ]),
    );
  });

  it('owner reassigned on A while B completes: new owner and done on both, both acts kept', () => {
    const { a, b, id } = twoDevices();
    setOwner(a, id, CAROL, ALICE);
    setTaskStatus(b, id, 'done', BOB);
    sync(a, b);
    expectSame(a, b);
    for (const doc of [a, b])
      expect(getTask(doc, id)).toMatchObject({ ownerId: CAROL, status: 'done' });
    const acts = getTask(b, id)!.history.map((h) => [h.kind, h.value, h.by]);
    expect(acts).toHaveLength(2);
    expect(acts).toEqual(
      expect.arrayContaining([
        ['owner', CAROL, ALICE],
        ['status', 'done', BOB],
      ]),
    );
  });

  it('helpers added on two devices are all kept', () => {
    const { a, b, id } = twoDevices();
    setHelper(a, id, BOB, true, ALICE);
    setHelper(a, id, CAROL, true, ALICE);
    setHelper(b, id, DAN, true, BOB);
    setHelper(b, id, CAROL, true, BOB);
    sync(a, b);
    expectSame(a, b);
    expect(getTask(a, id)?.helperIds).toEqual([BOB, CAROL, DAN].sort());
  });

  it('blocked on one device while unblocked on the other: reason matches the winning status', () => {
    const { a, b, id } = twoDevices();
    setTaskStatus(a, id, 'blocked', ALICE, 'No hall free');
    setTaskStatus(b, id, 'doing', BOB);
    sync(a, b);
    expectSame(a, b);
    const task = getTask(a, id)!;
    expect(task.blockedReason).toBe(task.status === 'blocked' ? 'No hall free' : '');
    expect(task.history).toHaveLength(2);
  });
});
