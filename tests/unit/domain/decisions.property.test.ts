import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import {
  POSITION_VALUES,
  THRESHOLDS,
  WEIGHTINGS,
  type DecisionRule,
} from '$lib/domain/decision-rules';
import { closedAt, decide, type Electorate } from '$lib/domain/decisions';
import type { PersonId, ProposalId } from '$lib/domain/ids';
import {
  addProposal,
  blankProposal,
  castPosition,
  closeProposal,
  getProposal,
  recordHands,
  setAffected,
  setObjectionResolved,
  type Proposal,
} from '$lib/domain/proposals';
import { fork, newFederationDoc } from './helpers';

const VOTERS = ['p0', 'p1', 'p2', 'p3', 'p4'];
const electorate: Electorate = {
  organizations: [],
  people: VOTERS.map((id) => ({ id, deletedAt: null })),
  councils: [],
};
const BASE = Date.parse('2026-05-01T09:00:00Z');
const NOW = '2026-05-02T00:00:00.000Z';

type Op = { device: number; clock: number } & (
  | { kind: 'cast'; voter: number; value: number }
  | { kind: 'hands'; counts: [number, number, number, number] }
  | { kind: 'resolve'; pick: number; resolved: boolean }
  | { kind: 'close' }
  | { kind: 'affected'; voter: number; weight: number }
  | { kind: 'sync'; from: number }
);

const small = fc.nat(3);
const base = { device: fc.nat(), clock: fc.nat(120) };
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      ...base,
      kind: fc.constant('cast' as const),
      voter: fc.nat(),
      value: fc.nat(),
    }),
  },
  fc.record({
    ...base,
    kind: fc.constant('hands' as const),
    counts: fc.tuple(small, small, small, small),
  }),
  {
    weight: 2,
    arbitrary: fc.record({
      ...base,
      kind: fc.constant('resolve' as const),
      pick: fc.nat(),
      resolved: fc.boolean(),
    }),
  },
  fc.record({ ...base, kind: fc.constant('close' as const) }),
  fc.record({
    ...base,
    kind: fc.constant('affected' as const),
    voter: fc.nat(),
    weight: fc.nat(5),
  }),
  {
    weight: 2,
    arbitrary: fc.record({ ...base, kind: fc.constant('sync' as const), from: fc.nat() }),
  },
);

const rule: fc.Arbitrary<DecisionRule> = fc.record({
  deciders: fc.constant('people' as const),
  weighting: fc.constantFrom(...WEIGHTINGS),
  threshold: fc.constantFrom(...THRESHOLDS),
  quorum: fc.constantFrom(0, 0.5, 1),
  block: fc.boolean(),
});

const pairs = [0, 1, 2, 3].flatMap((from) =>
  [0, 1, 2, 3].filter((to) => to !== from).map((to) => [from, to] as const),
);

function send(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}

function apply(doc: Y.Doc, id: ProposalId, o: Op, n: number, made: Set<string>): void {
  vi.setSystemTime(BASE + o.clock * 60_000);
  const by = `p-device-${o.device % n}` as PersonId;
  if (o.kind === 'cast') {
    const value = POSITION_VALUES[o.value % POSITION_VALUES.length]!;
    const voterId = VOTERS[o.voter % VOTERS.length]!;
    made.add(castPosition(doc, id, { voterId, value, reason: 'because' }, by));
  } else if (o.kind === 'hands') {
    const [agree, disagree, abstain, object] = o.counts;
    recordHands(doc, id, { agree, disagree, abstain, object }, by);
  } else if (o.kind === 'resolve') {
    const objections = getProposal(doc, id)!.positions.filter((p) => p.value === 'object');
    const target = objections[o.pick % Math.max(1, objections.length)];
    if (target) setObjectionResolved(doc, id, target.id, o.resolved, by);
  } else if (o.kind === 'close') {
    closeProposal(doc, id, by);
  } else if (o.kind === 'affected') {
    // Weights are frozen once this device knows the proposal is closed.
    if (!getProposal(doc, id)!.closedAt)
      setAffected(doc, id, VOTERS[o.voter % VOTERS.length]!, o.weight, by);
  }
}

/** What should count, computed independently: per voter the latest (castAt, id) not after the close. */
function expectedCounted(p: Proposal, closesAt: string | null): string[] {
  const latest = new Map<string, { id: string; castAt: string }>();
  for (const x of p.positions) {
    if (closesAt && x.castAt > closesAt) continue;
    const prev = latest.get(x.voterId);
    if (!prev || prev.castAt < x.castAt || (prev.castAt === x.castAt && prev.id < x.id))
      latest.set(x.voterId, x);
  }
  return [...latest.values()].map((x) => x.id).sort();
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('decisions merge (property)', () => {
  it('random positions, hands, resolutions and closes on 2–4 devices: one decision everywhere', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 4 }),
        rule,
        fc.array(op, { maxLength: 24 }),
        fc.shuffledSubarray(pairs, { minLength: pairs.length }),
        fc.infiniteStream(fc.double({ noNaN: true })),
        (n, r, ops, order, random) => {
          vi.setSystemTime(BASE);
          const seed = newFederationDoc();
          const id = addProposal(
            seed,
            { ...blankProposal(), title: 'Q', rule: { ...r } },
            'p-seed' as PersonId,
          );
          const docs = Array.from({ length: n }, () => fork(seed));
          const updates: Uint8Array[] = [Y.encodeStateAsUpdate(seed)];
          for (const d of docs) d.on('update', (u: Uint8Array) => updates.push(u));
          const made = new Set<string>();
          for (const o of ops) {
            const doc = docs[o.device % n]!;
            if (o.kind === 'sync') send(docs[o.from % n]!, doc);
            else apply(doc, id, o, n, made);
          }
          for (const [from, to] of order) if (from < n && to < n) send(docs[from]!, docs[to]!);

          const proposal = getProposal(docs[0]!, id)!;
          const first = decide(proposal, electorate, NOW);
          for (const d of docs) {
            const mine = decide(getProposal(d, id)!, electorate, NOW);
            // What a list filters on, without counting, is the decision's own close.
            expect(closedAt(getProposal(d, id)!, NOW)).toBe(mine.closesAt);
            expect(mine.outcome).toEqual(first.outcome);
            expect(mine.counted.map((p) => p.id)).toEqual(first.counted.map((p) => p.id));
            expect(mine.late.map((p) => p.id)).toEqual(first.late.map((p) => p.id));
            expect(mine.closesAt).toBe(first.closesAt);
          }
          expect(new Set(proposal.positions.map((p) => p.id))).toEqual(made);
          expect(first.counted.map((p) => p.id).sort()).toEqual(
            expectedCounted(proposal, first.closesAt),
          );
          expect(first.counted.length + first.late.length).toBeLessThanOrEqual(made.size);
          for (const p of first.late) expect(p.castAt > first.closesAt!).toBe(true);

          // The same updates applied in a shuffled order give the same decision.
          const shuffled = new Y.Doc();
          const keys = updates.map((u) => [random.next().value as number, u] as const);
          for (const [, u] of keys.sort((x, y) => x[0] - y[0])) Y.applyUpdate(shuffled, u);
          expect(shuffled.store.pendingStructs).toBeNull();
          expect(decide(getProposal(shuffled, id)!, electorate, NOW)).toEqual(first);
        },
      ),
      { numRuns: 150 },
    );
  });
});
