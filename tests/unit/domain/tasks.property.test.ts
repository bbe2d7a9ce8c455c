import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { PersonId } from '$lib/domain/ids';
import {
  addTask,
  blankTask,
  getTask,
  setHelper,
  setOwner,
  setTaskStatus,
  TASK_STATUSES,
} from '$lib/domain/tasks';
import { fork, newFederationDoc } from './helpers';

const PEOPLE = ['p-ann', 'p-ben', 'p-cat', 'p-dan'] as PersonId[];

type Op = { device: number; pick: number } & (
  { kind: 'status' | 'owner' | 'sync' } | { kind: 'helper'; on: boolean }
);

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    device: fc.nat(),
    pick: fc.nat(),
    kind: fc.constantFrom('status' as const, 'owner' as const, 'sync' as const),
  }),
  fc.record({
    device: fc.nat(),
    pick: fc.nat(),
    kind: fc.constant('helper' as const),
    on: fc.boolean(),
  }),
);

const pairs = [0, 1, 2].flatMap((from) =>
  [0, 1, 2].filter((to) => to !== from).map((to) => [from, to] as const),
);

function send(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}

describe('tasks merge (property)', () => {
  it('random status/owner/helper acts on 2–3 devices converge and lose no history', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 3 }),
        fc.array(op, { maxLength: 16 }),
        fc.shuffledSubarray(pairs, { minLength: pairs.length }),
        fc.infiniteStream(fc.double({ noNaN: true })),
        (n, ops, order, random) => {
          const seed = newFederationDoc();
          const id = addTask(seed, { ...blankTask(), title: 'Print flyers' }, PEOPLE[0]!);
          const docs = Array.from({ length: n }, () => fork(seed));
          const updates: Uint8Array[] = [Y.encodeStateAsUpdate(seed)];
          for (const d of docs) d.on('update', (u: Uint8Array) => updates.push(u));
          const made = new Set<string>();
          for (const o of ops) {
            const doc = docs[o.device % n]!;
            const person = PEOPLE[o.pick % PEOPLE.length]!;
            const before = new Set(getTask(doc, id)!.history.map((h) => h.id));
            if (o.kind === 'sync') send(docs[o.pick % n]!, doc);
            else if (o.kind === 'helper') setHelper(doc, id, person, o.on, person);
            else if (o.kind === 'owner') setOwner(doc, id, person, person);
            else {
              const status = TASK_STATUSES[o.pick % TASK_STATUSES.length]!;
              setTaskStatus(doc, id, status, person, status === 'blocked' ? 'waiting' : '');
            }
            if (o.kind === 'status' || o.kind === 'owner') {
              const added = getTask(doc, id)!.history.filter((h) => !before.has(h.id));
              expect(added).toHaveLength(1);
              made.add(added[0]!.id);
            }
          }
          for (const [from, to] of order) if (from < n && to < n) send(docs[from]!, docs[to]!);

          const first = getTask(docs[0]!, id)!;
          for (const d of docs) expect(getTask(d, id)).toEqual(first);
          expect(new Set(first.history.map((h) => h.id))).toEqual(made);
          expect(first.blockedReason).toBe(first.status === 'blocked' ? 'waiting' : '');

          // The same updates applied in a shuffled order give the same task.
          const shuffled = new Y.Doc();
          const keyed = updates.map((u) => [random.next().value as number, u] as const);
          keyed.sort((x, y) => x[0] - y[0]);
          for (const [, u] of keyed) Y.applyUpdate(shuffled, u);
          expect(getTask(shuffled, id)).toEqual(first);
        },
      ),
      { numRuns: 150 },
    );
  });
});
