import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readMeta } from '$lib/domain/federation';
import type { OrganizationId, PersonId } from '$lib/domain/ids';
import {
  addOrganization,
  getOrganization,
  listOrganizations,
  ORGANIZATION_STAGES,
  removeOrganization,
  restoreOrganization,
  updateOrganization,
  type Organization,
  type OrganizationInput,
} from '$lib/domain/organizations';
import { fork, newFederationDoc, orgInput } from './helpers';

type Command =
  | { kind: 'add'; name: string }
  | { kind: 'update'; pick: number; patch: Partial<OrganizationInput> }
  | { kind: 'remove' | 'restore'; pick: number }
  | { kind: 'notes'; pick: number; at: number; cut: number; text: string };

const names = ['Aarhus', 'Bergen', 'Göteborg', ' Oslo ', 'Umeå'];
const patch: fc.Arbitrary<Partial<OrganizationInput>> = fc.oneof(
  fc.constantFrom(...names).map((name) => ({ name })),
  fc.constantFrom('', 'Lund', 'Tromsø').map((city) => ({ city })),
  fc.constantFrom('', 'SE', 'no', 'DK').map((country) => ({ country })),
  fc.constantFrom(...ORGANIZATION_STAGES).map((stage) => ({ stage })),
  fc.subarray(['sv', 'en', 'PT-br', 'nb']).map((languages) => ({ languages })),
  fc.constantFrom('', '2024-02-29', '2025-06-01').map((memberSince) => ({ memberSince })),
  fc.constantFrom('', 'hej@example.se').map((contactEmail) => ({ contactEmail })),
);
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), name: fc.constantFrom(...names) }),
  fc.record({ kind: fc.constant('update' as const), pick: fc.nat(), patch }),
  fc.record({ kind: fc.constantFrom('remove' as const, 'restore' as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant('notes' as const),
    pick: fc.nat(),
    at: fc.nat(),
    cut: fc.nat({ max: 4 }),
    text: fc.string({ maxLength: 6 }),
  }),
);
const script = fc.array(command, { maxLength: 12 });
const MERGED_FIELDS = ['name', 'city', 'country', 'stage', 'languages', 'memberSince'] as const;

/** Runs one command on one device; records the ids it adds. */
function run(doc: Y.Doc, cmd: Command, by: PersonId, added: string[]): void {
  if (cmd.kind === 'add') {
    added.push(addOrganization(doc, orgInput({ name: cmd.name }), by));
    return;
  }
  const ids = listOrganizations(doc, { includeRemoved: true }).map((o) => o.id);
  if (ids.length === 0) return;
  const id = ids[cmd.pick % ids.length] as OrganizationId;
  if (cmd.kind === 'update') updateOrganization(doc, id, cmd.patch, by);
  else if (cmd.kind === 'remove') removeOrganization(doc, id, by);
  else if (cmd.kind === 'restore') restoreOrganization(doc, id, by);
  else if (cmd.kind === 'notes') {
    const notes = getOrganization(doc, id)?.notes ?? '';
    const at = cmd.at % (notes.length + 1);
    const next = notes.slice(0, at) + cmd.text + notes.slice(at + cmd.cut);
    updateOrganization(doc, id, { notes: next }, by);
  }
}

interface World {
  docs: Y.Doc[];
  added: string[];
  /** Each device's local updates, in the order they were made (the seed state first). */
  updates: Uint8Array[];
  /** Snapshots of every device before any exchange. */
  before: Organization[][];
}

/** A seed federation forked to `scripts.length` devices, each running its own script offline. */
function play(seedNames: string[], scripts: Command[][]): World {
  const seed = newFederationDoc();
  const added = seedNames.map((name) =>
    addOrganization(seed, orgInput({ name }), 'p-seed' as PersonId),
  );
  const updates = [Y.encodeStateAsUpdate(seed)];
  const docs = scripts.map((cmds, i) => {
    const doc = fork(seed);
    doc.on('update', (u: Uint8Array) => updates.push(u));
    for (const cmd of cmds) run(doc, cmd, `p-${i}` as PersonId, added);
    return doc;
  });
  const before = docs.map((d) => listOrganizations(d, { includeRemoved: true }));
  return { docs, added, updates, before };
}

function snapshot(doc: Y.Doc) {
  return { orgs: listOrganizations(doc, { includeRemoved: true }), meta: readMeta(doc) };
}

const pairs = [0, 1, 2].flatMap((from) =>
  [0, 1, 2].filter((to) => to !== from).map((to) => [from, to] as const),
);

describe('organizations merge (property)', () => {
  it('devices that exchange updates in any order converge and lose no organization', () => {
    fc.assert(
      fc.property(
        fc.subarray(names, { maxLength: 3 }),
        fc.array(script, { minLength: 2, maxLength: 3 }),
        fc.shuffledSubarray(pairs, { minLength: pairs.length }),
        (seedNames, scripts, order) => {
          const { docs, added, before } = play(seedNames, scripts);
          for (const [from, to] of order) {
            const source = docs[from];
            const target = docs[to];
            if (!source || !target) continue;
            Y.applyUpdate(target, Y.encodeStateAsUpdate(source, Y.encodeStateVector(target)));
          }
          const first = snapshot(docs[0]!);
          for (const doc of docs) expect(snapshot(doc)).toEqual(first);
          const merged = new Map(first.orgs.map((o) => [o.id as string, o]));
          for (const id of added) expect(merged.has(id)).toBe(true);
          expect(merged.size).toBe(new Set(added).size);
          // Every merged field value was written by some device: nothing invented or mixed.
          for (const org of first.orgs) {
            const seen = before.flatMap((list) => list.filter((o) => o.id === org.id));
            for (const field of MERGED_FIELDS) {
              expect(seen.map((o) => o[field])).toContainEqual(org[field]);
            }
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('the same updates applied in two different orders give identical snapshots', () => {
    fc.assert(
      fc.property(
        fc.subarray(names, { maxLength: 2 }),
        fc.array(script, { minLength: 2, maxLength: 3 }),
        fc.infiniteStream(fc.double({ noNaN: true })),
        (seedNames, scripts, keys) => {
          const { docs, updates } = play(seedNames, scripts);
          // Two random permutations of every update message (out of causal order too).
          const orderA = updates.map((u) => [keys.next().value as number, u] as const);
          const orderB = updates.map((u) => [keys.next().value as number, u] as const);
          const applyAll = (order: (readonly [number, Uint8Array])[]) => {
            const doc = new Y.Doc();
            for (const [, u] of [...order].sort((x, y) => x[0] - y[0])) Y.applyUpdate(doc, u);
            return doc;
          };
          const x = applyAll(orderA);
          const y = applyAll(orderB);
          expect(x.store.pendingStructs).toBeNull();
          expect(y.store.pendingStructs).toBeNull();
          expect(snapshot(x)).toEqual(snapshot(y));
          // And the same as devices that synced directly.
          const direct = new Y.Doc();
          for (const d of docs) Y.applyUpdate(direct, Y.encodeStateAsUpdate(d));
          expect(snapshot(x)).toEqual(snapshot(direct));
        },
      ),
      { numRuns: 100 },
    );
  });
});
