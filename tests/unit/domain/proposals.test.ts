import * as Y from 'yjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DomainError } from '$lib/domain/errors';
import type { CouncilId, MeetingId, ProposalId } from '$lib/domain/ids';
import {
  addProposal,
  blankProposal,
  castPosition,
  closeProposal,
  getProposal,
  listProposals,
  listProposalSummaries,
  recordHands,
  removeProposal,
  setAffected,
  setObjectionResolved,
  updateProposal,
  validateProposal,
  type ProposalInput,
} from '$lib/domain/proposals';
import { metaMap, SCHEMA_VERSION } from '$lib/domain/schema';
import { ALICE, BOB, fork, newFederationDoc, stateOf } from './helpers';

const input = (over: Partial<ProposalInput> = {}): ProposalInput => ({
  ...blankProposal(),
  title: 'Dues for 2026',
  ...over,
});

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof DomainError ? e.code : `not a DomainError: ${String(e)}`;
  }
  return undefined;
}

function fresh(over: Partial<ProposalInput> = {}) {
  const doc = newFederationDoc();
  return { doc, id: addProposal(doc, input(over), ALICE) };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('proposals: add, update, validate', () => {
  it('adds a proposal with empty positions, hands, resolutions and no close', () => {
    const { doc, id } = fresh({ title: '  Dues  ', text: 'Raise them.', links: ['expense:x'] });
    expect(getProposal(doc, id)).toMatchObject({
      title: 'Dues',
      text: 'Raise them.',
      links: ['expense:x'],
      rule: blankProposal().rule,
      affected: {},
      positions: [],
      hands: [],
      resolutions: [],
      closedAt: null,
      reasons: '',
      createdBy: ALICE,
    });
    expect(listProposals(doc).map((p) => p.id)).toEqual([id]);
  });

  it.each<[string, Partial<ProposalInput>, string, string]>([
    ['no title', { title: ' ' }, 'title', 'error.required'],
    ['title too long', { title: 'x'.repeat(201) }, 'title', 'error.tooLong'],
    [
      'council rule without a council',
      { rule: { ...blankProposal().rule, deciders: 'council' } },
      'councilId',
      'error.required',
    ],
    ['quorum below 0', { rule: { ...blankProposal().rule, quorum: -0.1 } }, 'rule', 'error.rule'],
    ['quorum above 1', { rule: { ...blankProposal().rule, quorum: 1.01 } }, 'rule', 'error.rule'],
    ['quorum NaN', { rule: { ...blankProposal().rule, quorum: NaN } }, 'rule', 'error.rule'],
    [
      'unknown threshold',
      { rule: { ...blankProposal().rule, threshold: 'plurality' as never } },
      'rule',
      'error.rule',
    ],
    ['bad deadline', { deadline: 'next Friday' }, 'deadline', 'error.dateTime'],
    ['bad review date', { reviewDate: '2026-02-30' }, 'reviewDate', 'error.date'],
    ['text too long', { text: 'x'.repeat(50_001) }, 'text', 'error.tooLong'],
  ])('refuses %s', (_, over, field, code) => {
    expect(validateProposal(input(over))).toEqual({ [field]: code });
    expect(codeOf(() => addProposal(newFederationDoc(), input(over), ALICE))).toBe(code);
  });

  it('accepts a council rule with a council, quorum 0 and 1, and a deadline', () => {
    const rule = { ...blankProposal().rule, deciders: 'council' as const, quorum: 1 };
    expect(validateProposal(input({ rule, councilId: 'c1' as CouncilId }))).toEqual({});
    expect(validateProposal(input({ deadline: '2026-01-01T12:00:00.000Z' }))).toEqual({});
  });

  it('updates the question and its rule; validates the result', () => {
    const { doc, id } = fresh({ text: 'Raise the dues.' });
    const rule = { ...blankProposal().rule, threshold: 'consent' as const, block: true };
    updateProposal(doc, id, { text: 'Raise the dues by 5 %.', rule }, BOB);
    expect(getProposal(doc, id)).toMatchObject({ text: 'Raise the dues by 5 %.', rule });
    expect(getProposal(doc, id)?.updatedBy).toBe(BOB);
    const bad = { ...rule, quorum: 2 };
    expect(codeOf(() => updateProposal(doc, id, { rule: bad }, BOB))).toBe('error.rule');
    expect(codeOf(() => updateProposal(doc, 'nope' as ProposalId, {}, BOB))).toBe('error.notFound');
  });

  it('refuses updates once closed', () => {
    const { doc, id } = fresh();
    closeProposal(doc, id, ALICE);
    expect(codeOf(() => updateProposal(doc, id, { title: 'Late' }, BOB))).toBe('error.closed');
    expect(getProposal(doc, id)?.title).toBe('Dues for 2026');
  });

  it('removes as a tombstone', () => {
    const { doc, id } = fresh();
    removeProposal(doc, id, BOB);
    expect(listProposals(doc)).toEqual([]);
    expect(getProposal(doc, id)?.deletedAt).not.toBeNull();
  });
});

describe('proposal summaries (the list reads these)', () => {
  it('are the whole proposals without what was cast, and follow every change', () => {
    const { doc, id } = fresh({ text: 'Raise them.' });
    const other = addProposal(doc, input({ title: 'Second' }), BOB);
    const gone = addProposal(doc, input({ title: 'Gone' }), BOB);
    removeProposal(doc, gone, BOB);
    castPosition(doc, id, { voterId: 'v1', value: 'object', reason: 'Too high' }, ALICE);
    recordHands(doc, other, { agree: 3, disagree: 1, abstain: 0, object: 0, note: '' }, BOB);
    setAffected(doc, id, 'org-1', 3, ALICE);
    const same = () => {
      const whole = listProposals(doc, { includeRemoved: true });
      const cast = ['affected', 'positions', 'hands', 'resolutions'];
      const without = whole.map((p) =>
        Object.fromEntries(Object.entries(p).filter(([k]) => !cast.includes(k))),
      );
      expect(listProposalSummaries(doc, { includeRemoved: true })).toEqual(without);
      expect(listProposalSummaries(doc).map((p) => p.id)).toEqual(
        listProposals(doc).map((p) => p.id),
      );
    };
    same();
    // A new position is a change inside the proposal: its summary is read again, the other's kept.
    const [first, second] = listProposalSummaries(doc);
    castPosition(doc, id, { voterId: 'v2', value: 'agree' }, BOB);
    const after = listProposalSummaries(doc);
    expect(after.find((p) => p.id === id)).not.toBe([first, second].find((p) => p?.id === id));
    expect(after.find((p) => p.id === other)).toBe([first, second].find((p) => p?.id === other));
    closeProposal(doc, id, ALICE, 'Agreed');
    same();
    // Read afresh (another device's copy), no map is converted whole: positions are never read.
    const toJSON = vi.spyOn(Y.Map.prototype, 'toJSON');
    expect(listProposalSummaries(fork(doc))).toHaveLength(2);
    expect(toJSON).not.toHaveBeenCalled();
    toJSON.mockRestore();
    expect(listProposalSummaries(doc).find((p) => p.id === id)?.reasons).toBe('Agreed');
  });
});

describe('proposals: positions, hands, objections, close', () => {
  it('keeps every position cast, in (castAt, id) order, with how it was cast', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { doc, id } = fresh();
    vi.setSystemTime(new Date('2026-03-01T10:00:00Z'));
    const p1 = castPosition(doc, id, { voterId: 'v1', value: 'agree', comment: ' ok ' }, ALICE);
    vi.setSystemTime(new Date('2026-03-01T11:00:00Z'));
    const p2 = castPosition(doc, id, { voterId: 'v1', value: 'disagree', how: 'delegate' }, BOB);
    const p = getProposal(doc, id)!;
    expect(p.positions.map((x) => x.id)).toEqual([p1, p2]);
    expect(p.positions[0]).toMatchObject({
      value: 'agree',
      comment: 'ok',
      how: 'self',
      castBy: ALICE,
    });
    expect(p.positions[1]).toMatchObject({
      value: 'disagree',
      how: 'delegate',
      castBy: BOB,
      castAt: '2026-03-01T11:00:00.000Z',
    });
  });

  it('an objection needs a reason; unknown values and proposals are refused', () => {
    const { doc, id } = fresh();
    const obj = { voterId: 'v1', value: 'object' as const };
    expect(codeOf(() => castPosition(doc, id, obj, ALICE))).toBe('error.reasonRequired');
    expect(codeOf(() => castPosition(doc, id, { ...obj, reason: '  ' }, ALICE))).toBe(
      'error.reasonRequired',
    );
    expect(
      codeOf(() => castPosition(doc, id, { voterId: 'v', value: 'maybe' as never }, ALICE)),
    ).toBe('error.required');
    const other = 'nope' as ProposalId;
    expect(codeOf(() => castPosition(doc, other, { voterId: 'v', value: 'agree' }, ALICE))).toBe(
      'error.notFound',
    );
    castPosition(doc, id, { ...obj, reason: ' Too costly ' }, ALICE);
    expect(getProposal(doc, id)?.positions).toMatchObject([
      { value: 'object', reason: 'Too costly' },
    ]);
  });

  it('positions cast after the close are still kept', () => {
    const { doc, id } = fresh();
    closeProposal(doc, id, ALICE);
    castPosition(doc, id, { voterId: 'v1', value: 'agree' }, BOB);
    expect(getProposal(doc, id)?.positions).toHaveLength(1);
  });

  it('records hand counts; refuses negative, fractional and huge counts', () => {
    const { doc, id } = fresh();
    const h = { agree: 12, disagree: 3, abstain: 1, object: 0 };
    const handsId = recordHands(doc, id, { ...h, note: ' paper ballots ' }, BOB);
    expect(getProposal(doc, id)?.hands).toMatchObject([
      { ...h, id: handsId, note: 'paper ballots', recordedBy: BOB },
    ]);
    for (const bad of [-1, 1.5, 1_000_001, NaN])
      expect(codeOf(() => recordHands(doc, id, { ...h, abstain: bad }, BOB))).toBe('error.count');
    expect(getProposal(doc, id)?.hands).toHaveLength(1);
  });

  it('marks an objection resolved and open again', () => {
    const { doc, id } = fresh();
    const o = castPosition(doc, id, { voterId: 'v1', value: 'object', reason: 'Unfair' }, BOB);
    setObjectionResolved(doc, id, o, true, ALICE);
    expect(getProposal(doc, id)?.resolutions.map((r) => [r.positionId, r.by])).toEqual([
      [o, ALICE],
    ]);
    setObjectionResolved(doc, id, o, false, ALICE);
    expect(getProposal(doc, id)?.resolutions).toEqual([]);
  });

  it('closing records who, where and why, once', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { doc, id } = fresh();
    vi.setSystemTime(new Date('2026-03-02T09:00:00Z'));
    closeProposal(doc, id, BOB, ' Agreed after discussion. ', 'm1' as MeetingId);
    vi.setSystemTime(new Date('2026-03-03T09:00:00Z'));
    closeProposal(doc, id, ALICE, 'Again');
    expect(getProposal(doc, id)).toMatchObject({
      closedAt: '2026-03-02T09:00:00.000Z',
      closedBy: BOB,
      closedInMeeting: 'm1',
      reasons: 'Agreed after discussion.',
    });
    expect(codeOf(() => closeProposal(doc, 'nope' as ProposalId, ALICE))).toBe('error.notFound');
  });

  it('sets how much a party is affected; 0 removes it; out of range is refused', () => {
    const { doc, id } = fresh();
    setAffected(doc, id, 'org-a', 3, ALICE);
    setAffected(doc, id, 'org-b', 2, ALICE);
    setAffected(doc, id, 'org-a', 5, ALICE);
    expect(getProposal(doc, id)?.affected).toEqual({ 'org-a': 5, 'org-b': 2 });
    setAffected(doc, id, 'org-b', 0, ALICE);
    expect(getProposal(doc, id)?.affected).toEqual({ 'org-a': 5 });
    for (const bad of [-1, 0.5, 1001, NaN])
      expect(codeOf(() => setAffected(doc, id, 'org-c', bad, ALICE))).toBe('error.count');
  });

  // Regression, fixed: updateProposal refuses a closed proposal, but setAffected still changes the weights of a
  // closed decision, and so its outcome.
  it('refuses to change the weights of a closed proposal', () => {
    const { doc, id } = fresh();
    closeProposal(doc, id, ALICE);
    expect(codeOf(() => setAffected(doc, id, 'org-a', 3, ALICE))).toBe('error.closed');
  });
});

describe('proposals on a doc from a newer app', () => {
  it('every write throws readOnlyNewerVersion and nothing changes', () => {
    const { doc, id } = fresh();
    const o = castPosition(doc, id, { voterId: 'v', value: 'object', reason: 'r' }, ALICE);
    metaMap(doc).set('schemaVersion', SCHEMA_VERSION + 1);
    const before = stateOf(doc);
    const writes: (() => unknown)[] = [
      () => addProposal(doc, input(), ALICE),
      () => updateProposal(doc, id, { title: 'Renamed', text: 'x' }, ALICE),
      () => setAffected(doc, id, 'org', 2, ALICE),
      () => castPosition(doc, id, { voterId: 'v', value: 'agree' }, ALICE),
      () => recordHands(doc, id, { agree: 1, disagree: 0, abstain: 0, object: 0 }, ALICE),
      () => setObjectionResolved(doc, id, o, true, ALICE),
      () => closeProposal(doc, id, ALICE, 'why'),
      () => removeProposal(doc, id, ALICE),
    ];
    for (const write of writes) expect(codeOf(write)).toBe('error.readOnlyNewerVersion');
    expect(stateOf(doc)).toEqual(before);
  });
});
