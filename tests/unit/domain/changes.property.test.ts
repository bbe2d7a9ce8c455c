// Random edits on three devices, synced in random order: B's feed names exactly the entities A or C
// wrote to after B's marker (less those they added and removed meanwhile), whatever B did itself.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { changesSince } from '$lib/domain/changes';
import type { OrganizationId } from '$lib/domain/ids';
import {
  addOrganization,
  listOrganizations,
  removeOrganization,
  restoreOrganization,
  updateOrganization,
} from '$lib/domain/organizations';
import { ALICE, fork, newFederationDoc, orgInput, sync } from './helpers';

type Step =
  | { kind: 'add'; device: number }
  | { kind: 'edit' | 'remove' | 'restore'; device: number; pick: number }
  | { kind: 'sync'; device: number; other: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), device: fc.nat(2) }),
  fc.record({
    kind: fc.constantFrom('edit' as const, 'remove' as const, 'restore' as const),
    device: fc.nat(2),
    pick: fc.nat(),
  }),
  fc.record({ kind: fc.constant('sync' as const), device: fc.nat(2), other: fc.nat(2) }),
);

describe('changesSince, property', { timeout: 60_000 }, () => {
  it('names what others wrote since the marker, never only what this device wrote', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        const start = newFederationDoc();
        addOrganization(start, orgInput({ name: 'Seed' }), ALICE);
        const docs = [fork(start), fork(start), fork(start)] as const;
        const b = docs[1];
        const marker = Y.encodeStateVector(b);
        // What A (0) and C (2) touched after the marker, and what they created.
        const touchedByOthers = new Set<string>();
        const createdByOthers = new Set<string>();
        for (const s of steps) {
          const doc = docs[s.device] as Y.Doc;
          if (s.kind === 'sync') {
            sync(doc, docs[s.other] as Y.Doc);
            continue;
          }
          let id: OrganizationId | undefined;
          if (s.kind === 'add') id = addOrganization(doc, orgInput({ name: 'New' }), ALICE);
          else {
            const all = listOrganizations(doc, { includeRemoved: true });
            const org = all[s.pick % all.length];
            if (!org) continue;
            id = org.id;
            if (s.kind === 'edit') updateOrganization(doc, id, { city: `City ${s.pick}` }, ALICE);
            else if (s.kind === 'remove' && !org.deletedAt) removeOrganization(doc, id, ALICE);
            else if (s.kind === 'restore' && org.deletedAt) restoreOrganization(doc, id, ALICE);
            else continue;
            // An edit to the same value writes nothing.
            if (s.kind === 'edit' && org.city === `City ${s.pick}`) continue;
          }
          if (s.device !== 1) {
            touchedByOthers.add(id);
            if (s.kind === 'add') createdByOthers.add(id);
          }
        }
        for (const other of docs) sync(other, b);

        const feed = changesSince(b, marker, [b.clientID]);
        const removedNow = new Set(
          listOrganizations(b, { includeRemoved: true })
            .filter((o) => o.deletedAt)
            .map((o) => o.id),
        );
        const expected = [...touchedByOthers].filter(
          (id) => !(createdByOthers.has(id) && removedNow.has(id as OrganizationId)),
        );
        expect(feed.map((c) => c.id).sort()).toEqual(expected.sort());
        for (const c of feed) expect(c.kind === 'new').toBe(createdByOthers.has(c.id));
      }),
      { numRuns: 100 },
    );
  });
});
