import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as Y from 'yjs';
import type { PersonId } from '$lib/domain/ids';
import {
  addRequest,
  blankRequest,
  changeStatus,
  getRequest,
  listRequests,
  orderChanges,
  updateRequest,
  type StatusChange,
} from '$lib/domain/requests';
import { ALICE, BOB, fork, newFederationDoc, sync } from './helpers';

function twoDevices(description = '') {
  const a = newFederationDoc();
  const id = addRequest(
    a,
    { ...blankRequest(), title: 'Workshop', groupName: 'Tartu group', description },
    ALICE,
  );
  return { a, b: fork(a), id };
}

function expectSame(a: Y.Doc, b: Y.Doc): void {
  expect(listRequests(a, { includeRemoved: true })).toEqual(
    listRequests(b, { includeRemoved: true }),
  );
}

const change = (id: string, seq: number, at: string): StatusChange => ({
  id,
  status: 'accepted',
  reason: '',
  at,
  by: 'p' as PersonId,
  seq,
});

afterEach(() => {
  vi.useRealTimers();
});

describe('requests merge', () => {
  it('accept on A and decline on B at once: one status on both, both changes in history', () => {
    const { a, b, id } = twoDevices();
    changeStatus(a, id, 'accepted', ALICE);
    changeStatus(b, id, 'declined', BOB, 'No one free');
    sync(a, b);
    expectSame(a, b);
    const r = getRequest(a, id)!;
    expect(r.history.map((c) => c.status).sort()).toEqual(['accepted', 'declined', 'new']);
    expect(r.history.map((c) => c.seq)).toEqual([1, 2, 2]);
    expect(r.status).toBe(r.history.at(-1)?.status);
    expect(['accepted', 'declined']).toContain(r.status);
  });

  it('a change made after seeing another wins, even with an earlier clock', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { a, b, id } = twoDevices();
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
    changeStatus(a, id, 'accepted', ALICE);
    sync(a, b);
    vi.setSystemTime(new Date('2020-01-01T00:00:00Z'));
    changeStatus(b, id, 'declined', BOB, 'Changed our minds');
    sync(a, b);
    expectSame(a, b);
    const r = getRequest(a, id)!;
    expect(r.status).toBe('declined');
    expect(r.history.map((c) => [c.status, c.seq])).toEqual([
      ['new', 1],
      ['accepted', 2],
      ['declined', 3],
    ]);
    expect(r.history[2]!.at < r.history[1]!.at).toBe(true);
  });

  it('orderChanges sorts by seq first, then time, then id', () => {
    const late = change('z', 1, '2030-01-01T00:00:00.000Z');
    const early = change('y', 2, '2020-01-01T00:00:00.000Z');
    const tieA = change('a', 3, '2025-01-01T00:00:00.000Z');
    const tieB = change('b', 3, '2025-01-01T00:00:00.000Z');
    const first = change('c', 3, '2024-01-01T00:00:00.000Z');
    expect(orderChanges([tieB, early, first, tieA, late]).map((c) => c.id)).toEqual([
      'z',
      'y',
      'c',
      'a',
      'b',
    ]);
  });

  it('the same field edited on both: one value, the same on both devices', () => {
    const { a, b, id } = twoDevices();
    updateRequest(a, id, { city: 'Tartu', groupSize: 5 }, ALICE);
    updateRequest(b, id, { city: 'Narva', expectedPeople: 30 }, BOB);
    sync(a, b);
    expectSame(a, b);
    const r = getRequest(a, id)!;
    expect(['Tartu', 'Narva']).toContain(r.city);
    expect(r).toMatchObject({ groupSize: 5, expectedPeople: 30 });
  });

  it('the description typed on both at different places keeps both insertions', () => {
    const { a, b, id } = twoDevices('We meet on Fridays.');
    updateRequest(a, id, { description: 'Hello! We meet on Fridays.' }, ALICE);
    updateRequest(b, id, { description: 'We meet on Fridays. Bring tea.' }, BOB);
    sync(a, b);
    expectSame(a, b);
    expect(getRequest(a, id)?.description).toBe('Hello! We meet on Fridays. Bring tea.');
  });
});
