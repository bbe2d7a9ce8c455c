// Shared fixtures for the domain tests: real Y.Docs, synced the way providers do.
import * as Y from 'yjs';
import { initFederation } from '$lib/domain/federation';
import type { PersonId } from '$lib/domain/ids';
import { blankOrganization, type OrganizationInput } from '$lib/domain/organizations';

export const ALICE = 'person-alice' as PersonId;
export const BOB = 'person-bob' as PersonId;

/** A valid organization form with the given overrides. */
export function orgInput(overrides: Partial<OrganizationInput> = {}): OrganizationInput {
  return { ...blankOrganization(), name: 'Malmö chapter', country: 'SE', ...overrides };
}

/** A document with federation meta already written. */
export function newFederationDoc(): Y.Doc {
  const doc = new Y.Doc();
  initFederation(
    doc,
    { name: 'Nordic federation', region: 'Scandinavia', baseCurrency: 'SEK', languages: ['sv'] },
    ALICE,
  );
  return doc;
}

/** A second device that starts from the full state of `base`. */
export function fork(base: Y.Doc): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  return doc;
}

/** Sends what each doc lacks to the other (diff by state vector), both ways. */
export function sync(a: Y.Doc, b: Y.Doc): void {
  const toB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
  const toA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
  Y.applyUpdate(b, toB);
  Y.applyUpdate(a, toA);
}

/** Counts the updates a doc emits while `fn` runs. */
export function countUpdates(doc: Y.Doc, fn: () => void): number {
  let n = 0;
  const onUpdate = () => n++;
  doc.on('update', onUpdate);
  try {
    fn();
  } finally {
    doc.off('update', onUpdate);
  }
  return n;
}

/** Full encoded state, for "nothing was written" checks. */
export function stateOf(doc: Y.Doc): { sv: Uint8Array; update: Uint8Array } {
  return { sv: Y.encodeStateVector(doc), update: Y.encodeStateAsUpdate(doc) };
}
