import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Y from 'yjs';
import type { DecisionRule, PositionValue } from '$lib/domain/decision-rules';
import { decide, type Decision, type Electorate } from '$lib/domain/decisions';
import type { ProposalId } from '$lib/domain/ids';
import {
  addProposal,
  blankProposal,
  castPosition,
  closeProposal,
  getProposal,
  setAffected,
  setObjectionResolved,
} from '$lib/domain/proposals';
import { ALICE, BOB, fork, newFederationDoc, sync } from './helpers';

const electorate: Electorate = {
  organizations: [],
  people: ['p1', 'p2', 'p3', 'p4'].map((id) => ({ id, deletedAt: null })),
  councils: [],
};
const NOW = '2026-05-02T00:00:00.000Z';
const at = (time: string) => vi.setSystemTime(new Date(`2026-05-01T${time}:00Z`));

function twoDevices(rule: Partial<DecisionRule> = {}) {
  const a = newFederationDoc();
  const id = addProposal(
    a,
    { ...blankProposal(), title: 'Who goes to Tartu', rule: { ...blankProposal().rule, ...rule } },
    ALICE,
  );
  return { a, b: fork(a), id };
}

const cast = (doc: Y.Doc, id: ProposalId, voterId: string, value: PositionValue) =>
  castPosition(doc, id, { voterId, value, reason: value === 'object' ? 'Too far' : '' }, ALICE);
const decision = (doc: Y.Doc, id: ProposalId) => decide(getProposal(doc, id)!, electorate, NOW);
const ids = (d: Decision, key: 'counted' | 'late') => d[key].map((p) => p.id).sort();

function expectSameDecision(a: Y.Doc, b: Y.Doc, id: ProposalId): Decision {
  expect(getProposal(a, id)).toEqual(getProposal(b, id));
  const d = decision(a, id);
  expect(decision(b, id)).toEqual(d);
  return d;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  at('09:00');
});
afterEach(() => {
  vi.useRealTimers();
});

describe('decisions merge', () => {
  it('positions of different voters cast offline on two devices all count on both', () => {
    const { a, b, id } = twoDevices();
    at('10:00');
    const x = cast(a, id, 'p1', 'agree');
    const y = cast(b, id, 'p2', 'agree');
    const z = cast(b, id, 'p3', 'disagree');
    sync(a, b);
    const d = expectSameDecision(a, b, id);
    expect(ids(d, 'counted')).toEqual([x, y, z].sort());
    expect(d.outcome).toMatchObject({ passed: true, agree: 2, disagree: 1 });
  });

  it('the same voter changing their mind on two devices: the latest counts, both kept', () => {
    const { a, b, id } = twoDevices();
    at('10:00');
    const first = cast(b, id, 'p1', 'agree');
    at('10:10');
    const second = cast(a, id, 'p1', 'disagree');
    at('10:20');
    const third = cast(b, id, 'p1', 'abstain');
    sync(a, b);
    const d = expectSameDecision(a, b, id);
    expect(getProposal(a, id)!.positions.map((p) => p.id)).toEqual([first, second, third]);
    expect(ids(d, 'counted')).toEqual([third]);
  });

  it('a position cast offline before the close made on another device counts', () => {
    const { a, b, id } = twoDevices();
    at('10:00');
    const early = cast(b, id, 'p2', 'agree');
    at('11:00');
    closeProposal(a, id, ALICE, 'Closed by the chair');
    sync(a, b);
    const d = expectSameDecision(a, b, id);
    expect(ids(d, 'counted')).toEqual([early]);
    expect(d.late).toEqual([]);
    expect(d.outcome.passed).toBe(true);
  });

  it('a position cast after the close, on a device that had not seen it, is late on both', () => {
    const { a, b, id } = twoDevices();
    at('10:00');
    const counted = cast(a, id, 'p1', 'agree');
    at('11:00');
    closeProposal(a, id, ALICE);
    at('11:30');
    const late = cast(b, id, 'p2', 'disagree');
    const lateChange = cast(b, id, 'p1', 'disagree');
    sync(a, b);
    const d = expectSameDecision(a, b, id);
    expect(ids(d, 'counted')).toEqual([counted]);
    expect(ids(d, 'late')).toEqual([late, lateChange].sort());
    expect(d.outcome).toMatchObject({ passed: true, agree: 1, disagree: 0 });
  });

  it('closed on both devices at once: one close, the same decision on both', () => {
    const { a, b, id } = twoDevices();
    at('10:00');
    cast(a, id, 'p1', 'agree');
    at('10:30');
    closeProposal(a, id, ALICE, 'A');
    at('10:40');
    cast(b, id, 'p2', 'disagree');
    at('10:50');
    closeProposal(b, id, BOB, 'B');
    sync(a, b);
    const d = expectSameDecision(a, b, id);
    expect(['2026-05-01T10:30:00.000Z', '2026-05-01T10:50:00.000Z']).toContain(d.closesAt);
    expect(d.counted.length + d.late.length).toBe(2);
  });

  it('an objection resolved on one device while another votes: resolved on both', () => {
    const { a, b, id } = twoDevices({ threshold: 'consent', block: true });
    at('10:00');
    const o = cast(a, id, 'p1', 'object');
    sync(a, b);
    setObjectionResolved(a, id, o, true, ALICE);
    cast(b, id, 'p2', 'agree');
    sync(a, b);
    expect(expectSameDecision(a, b, id).outcome).toMatchObject({ passed: true, object: 1 });
  });

  // Regression, fixed: affected weights are summed in the Y.Map's local key order, which depends on the order the
  // updates arrived in; with fractional weights the float sum (outcome.eligible) differs by device.
  it('affected weights set on two devices: the same outcome on both', () => {
    const { a, b, id } = twoDevices({ weighting: 'affected' });
    setAffected(a, id, 'p1', 1, ALICE);
    setAffected(b, id, 'p2', 2, BOB);
    setAffected(b, id, 'p3', 3, BOB);
    cast(a, id, 'p3', 'agree');
    sync(a, b);
    expect(decision(a, id).outcome).toEqual(decision(b, id).outcome);
  });
});
