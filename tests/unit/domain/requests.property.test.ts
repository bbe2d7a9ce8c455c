import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { PersonId, RequestId } from '$lib/domain/ids';
import {
  addRequest,
  blankRequest,
  changeStatus,
  getRequest,
  NEXT_STATUSES,
  orderChanges,
} from '$lib/domain/requests';
import { fork, newFederationDoc } from './helpers';

type Op = { device: number } & ({ kind: 'status'; pick: number } | { kind: 'sync'; from: number });

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      device: fc.nat(),
      kind: fc.constant('status' as const),
      pick: fc.nat(),
    }),
  },
  fc.record({ device: fc.nat(), kind: fc.constant('sync' as const), from: fc.nat() }),
);

const pairs = [0, 1, 2].flatMap((from) =>
  [0, 1, 2].filter((to) => to !== from).map((to) => [from, to] as const),
);

function send(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}

describe('requests merge (property)', () => {
  it('random allowed status changes on 2–3 devices converge and lose no change', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 3 }),
        fc.array(op, { maxLength: 14 }),
        fc.shuffledSubarray(pairs, { minLength: pairs.length }),
        fc.infiniteStream(fc.double({ noNaN: true })),
        (n, ops, order, random) => {
          const seed = newFederationDoc();
          const input = { ...blankRequest(), title: 'Workshop', groupName: 'Group' };
          const id: RequestId = addRequest(seed, input, 'p-seed' as PersonId);
          const docs = Array.from({ length: n }, () => fork(seed));
          const updates: Uint8Array[] = [Y.encodeStateAsUpdate(seed)];
          for (const d of docs) d.on('update', (u: Uint8Array) => updates.push(u));
          const made = new Set<string>(getRequest(seed, id)!.history.map((c) => c.id));
          for (const o of ops) {
            const doc = docs[o.device % n]!;
            if (o.kind === 'sync') {
              send(docs[o.from % n]!, doc);
              continue;
            }
            const next = NEXT_STATUSES[getRequest(doc, id)!.status];
            if (next.length === 0) continue;
            changeStatus(
              doc,
              id,
              next[o.pick % next.length]!,
              `p-${o.device % n}` as PersonId,
              'r',
            );
            made.add(getRequest(doc, id)!.history.at(-1)!.id);
          }
          for (const [from, to] of order) if (from < n && to < n) send(docs[from]!, docs[to]!);

          const first = getRequest(docs[0]!, id)!;
          for (const d of docs) expect(getRequest(d, id)).toEqual(first);
          expect(new Set(first.history.map((c) => c.id))).toEqual(made);
          expect(first.history).toEqual(orderChanges(first.history));
          expect(first.status).toBe(first.history.at(-1)!.status);

          // The same updates applied in a shuffled order give the same request.
          const shuffled = new Y.Doc();
          const keys = updates.map((u) => [random.next().value as number, u] as const);
          for (const [, u] of keys.sort((x, y) => x[0] - y[0])) Y.applyUpdate(shuffled, u);
          expect(shuffled.store.pendingStructs).toBeNull();
          expect(getRequest(shuffled, id)).toEqual(first);
        },
      ),
      { numRuns: 100 },
    );
  });
});
