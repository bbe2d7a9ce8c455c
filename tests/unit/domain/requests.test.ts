import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { DomainError } from '$lib/domain/errors';
import type { OrganizationId, RequestId } from '$lib/domain/ids';
import {
  addRequest,
  blankRequest,
  changeStatus,
  getRequest,
  isOpen,
  listRequests,
  NEXT_STATUSES,
  removeRequest,
  REQUEST_STATUSES,
  restoreRequest,
  updateRequest,
  type HelpRequestInput,
  type RequestStatus,
} from '$lib/domain/requests';
import { collection, metaMap, ROOT, SCHEMA_VERSION } from '$lib/domain/schema';
import { ALICE, BOB, newFederationDoc, stateOf } from './helpers';

const input = (o: Partial<HelpRequestInput> = {}): HelpRequestInput => ({
  ...blankRequest(),
  title: 'Help us start',
  groupName: 'Five in Tallinn',
  ...o,
});

const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  return undefined;
};

/** The allowed steps from "new" to each status. */
const PATH: Record<RequestStatus, RequestStatus[]> = {
  new: [],
  discussion: ['discussion'],
  accepted: ['accepted'],
  declined: ['declined'],
  planned: ['accepted', 'planned'],
  done: ['accepted', 'planned', 'done'],
  'followed-up': ['accepted', 'planned', 'done', 'followed-up'],
};

function requestIn(status: RequestStatus) {
  const doc = newFederationDoc();
  const id = addRequest(doc, input(), ALICE);
  for (const s of PATH[status]) changeStatus(doc, id, s, ALICE, 'because');
  expect(getRequest(doc, id)?.status).toBe(status);
  return { doc, id };
}

const transitions = REQUEST_STATUSES.flatMap((from) =>
  REQUEST_STATUSES.map((to) => [from, to, NEXT_STATUSES[from].includes(to)] as const),
);

afterEach(() => {
  vi.useRealTimers();
});

describe('requests', () => {
  it('addRequest stores status "new" with one history entry', () => {
    const doc = newFederationDoc();
    const id = addRequest(doc, input({ country: ' ee ', topics: ['Councils', 'councils'] }), ALICE);
    const r = getRequest(doc, id);
    expect(r).toMatchObject({ status: 'new', country: 'EE', topics: ['councils'], candidates: [] });
    expect(r?.history).toEqual([
      {
        id: expect.any(String),
        status: 'new',
        reason: '',
        at: expect.any(String),
        by: ALICE,
        seq: 1,
      },
    ]);
    const map = collection(doc, ROOT.requests).get(id);
    expect(map?.get('history')).toBeInstanceOf(Y.Map);
    expect(map?.get('description')).toBeInstanceOf(Y.Text);
  });

  it.each(transitions.filter(([, , ok]) => ok))('%s → %s is allowed', (from, to) => {
    const { doc, id } = requestIn(from);
    const length = getRequest(doc, id)?.history.length ?? 0;
    changeStatus(doc, id, to, BOB, 'a reason');
    const r = getRequest(doc, id);
    expect(r?.status).toBe(to);
    expect(r?.history).toHaveLength(length + 1);
    expect(r?.history.at(-1)).toMatchObject({ status: to, by: BOB, seq: length + 1 });
    expect(r?.updatedBy).toBe(BOB);
  });

  it.each(transitions.filter(([, , ok]) => !ok))('%s → %s is refused', (from, to) => {
    const { doc, id } = requestIn(from);
    const before = stateOf(doc);
    expect(code(() => changeStatus(doc, id, to, BOB, 'a reason'))).toBe('error.statusNotAllowed');
    expect(stateOf(doc)).toEqual(before);
  });

  it('a decline needs a reason, and keeps it trimmed', () => {
    const { doc, id } = requestIn('new');
    const before = stateOf(doc);
    expect(code(() => changeStatus(doc, id, 'declined', BOB))).toBe('error.reasonRequired');
    expect(code(() => changeStatus(doc, id, 'declined', BOB, '  '))).toBe('error.reasonRequired');
    expect(stateOf(doc)).toEqual(before);
    changeStatus(doc, id, 'declined', BOB, ' No speakers free. ');
    expect(getRequest(doc, id)?.history.at(-1)?.reason).toBe('No speakers free.');
  });

  it('changeStatus on an unknown request throws error.notFound', () => {
    const doc = newFederationDoc();
    expect(code(() => changeStatus(doc, 'x' as RequestId, 'accepted', BOB))).toBe('error.notFound');
  });

  it.each([
    ['no group and no organization', { groupName: ' ' }, 'error.requestFrom'],
    [
      'preferredTo before preferredFrom',
      { preferredFrom: '2026-06-10', preferredTo: '2026-06-01' },
      'error.endBeforeStart',
    ],
    ['negative group size', { groupSize: -1 }, 'error.count'],
    ['fractional group size', { groupSize: 2.5 }, 'error.count'],
    ['empty title', { title: ' ' }, 'error.required'],
    ['bad e-mail', { contactEmail: 'nope' }, 'error.email'],
    ['impossible date', { preferredFrom: '2026-02-30' }, 'error.date'],
    ['bad language', { language: 'english' }, 'error.language'],
  ] as [string, Partial<HelpRequestInput>, string][])(
    'addRequest and updateRequest refuse %s',
    (_, bad, expected) => {
      const doc = newFederationDoc();
      const id = addRequest(doc, input(), ALICE);
      const before = stateOf(doc);
      expect(code(() => addRequest(doc, input(bad), ALICE))).toBe(expected);
      expect(code(() => updateRequest(doc, id, bad, BOB))).toBe(expected);
      expect(stateOf(doc)).toEqual(before);
    },
  );

  it('a member organization may ask without a group name', () => {
    const doc = newFederationDoc();
    const org = 'org-1' as OrganizationId;
    const id = addRequest(doc, input({ groupName: '', fromOrganizationId: org }), ALICE);
    updateRequest(doc, id, { groupSize: 12, preferredFrom: '2026-06-01' }, BOB);
    expect(getRequest(doc, id)).toMatchObject({ fromOrganizationId: org, groupSize: 12 });
  });

  it('listRequests is newest first, then by id; removed ones on request', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const doc = newFederationDoc();
    vi.setSystemTime(new Date('2026-01-01T10:00:00Z'));
    const old = addRequest(doc, input({ title: 'old' }), ALICE);
    vi.setSystemTime(new Date('2026-03-01T10:00:00Z'));
    const x = addRequest(doc, input({ title: 'x' }), ALICE);
    const y = addRequest(doc, input({ title: 'y' }), ALICE);
    const same = [x, y].sort();
    vi.setSystemTime(new Date('2026-02-01T10:00:00Z'));
    const mid = addRequest(doc, input({ title: 'mid' }), ALICE);
    expect(listRequests(doc).map((r) => r.id)).toEqual([...same, mid, old]);
    removeRequest(doc, mid, BOB);
    expect(listRequests(doc).map((r) => r.id)).toEqual([...same, old]);
    expect(listRequests(doc, { includeRemoved: true })).toHaveLength(4);
    restoreRequest(doc, mid, BOB);
    expect(listRequests(doc)).toHaveLength(4);
  });

  it('isOpen: new, discussion, accepted and planned requests that are not removed', () => {
    const open = REQUEST_STATUSES.filter((s) => {
      const { doc, id } = requestIn(s);
      return isOpen(getRequest(doc, id)!);
    });
    expect(open).toEqual(['new', 'discussion', 'accepted', 'planned']);
    const { doc, id } = requestIn('accepted');
    removeRequest(doc, id, BOB);
    expect(isOpen(getRequest(doc, id)!)).toBe(false);
  });

  it('a document from a newer app is read-only: every write throws and changes nothing', () => {
    const { doc, id } = requestIn('new');
    metaMap(doc).set('schemaVersion', SCHEMA_VERSION + 1);
    const before = stateOf(doc);
    const readOnly = 'error.readOnlyNewerVersion';
    expect(code(() => addRequest(doc, input(), ALICE))).toBe(readOnly);
    expect(code(() => updateRequest(doc, id, { city: 'x' }, ALICE))).toBe(readOnly);
    expect(code(() => changeStatus(doc, id, 'accepted', ALICE))).toBe(readOnly);
    expect(code(() => removeRequest(doc, id, ALICE))).toBe(readOnly);
    expect(code(() => restoreRequest(doc, id, ALICE))).toBe(readOnly);
    expect(stateOf(doc)).toEqual(before);
  });
});
