// Cached entity snapshots: untouched entities are reused, and nothing stale is ever read — after
// a local edit, a nested text edit, a remote update, or within the writing transaction itself.
import type * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { collection, LOCAL_EDIT, ROOT } from '$lib/domain/schema';
import {
  addOrganization,
  getOrganization,
  listOrganizations,
  removeOrganization,
  updateOrganization,
} from '$lib/domain/organizations';
import { ALICE, BOB, fork, newFederationDoc, orgInput, sync } from './helpers';

describe('entity snapshots', () => {
  it('reuses the snapshots of entities no transaction touched', () => {
    const doc = newFederationDoc();
    const a = addOrganization(doc, orgInput({ name: 'A' }), ALICE);
    const b = addOrganization(doc, orgInput({ name: 'B' }), ALICE);
    const before = new Map(listOrganizations(doc).map((o) => [o.id, o]));
    updateOrganization(doc, a, { name: 'A2' }, ALICE);
    const after = new Map(listOrganizations(doc).map((o) => [o.id, o]));
    expect(after.get(b)).toBe(before.get(b));
    expect(after.get(a)).not.toBe(before.get(a));
    expect(after.get(a)!.name).toBe('A2');
    expect(getOrganization(doc, b)).toBe(before.get(b));
  });

  it('sees a nested text edit, a tombstone and a remote update', () => {
    const doc = newFederationDoc();
    const id = addOrganization(doc, orgInput({ name: 'A', notes: 'one' }), ALICE);
    expect(getOrganization(doc, id)!.notes).toBe('one');
    // Typing into the Y.Text changes no key of the entity map itself.
    const notes = collection(doc, ROOT.organizations).get(id)!.get('notes') as Y.Text;
    doc.transact(() => notes.insert(3, ' two'), LOCAL_EDIT);
    expect(getOrganization(doc, id)!.notes).toBe('one two');
    removeOrganization(doc, id, ALICE);
    expect(listOrganizations(doc)).toEqual([]);
    const other = fork(doc);
    expect(listOrganizations(other, { includeRemoved: true })[0]!.deletedAt).not.toBeNull();
    updateOrganization(other, id, { name: 'From B' }, BOB);
    sync(doc, other);
    expect(getOrganization(doc, id)!.name).toBe('From B');
    expect(listOrganizations(doc, { includeRemoved: true }).map((o) => o.name)).toEqual(['From B']);
  });

  it('reads its own writes inside a transaction', () => {
    const doc = newFederationDoc();
    const id = addOrganization(doc, orgInput({ name: 'A' }), ALICE);
    expect(getOrganization(doc, id)!.name).toBe('A');
    doc.transact(() => {
      updateOrganization(doc, id, { name: 'B' }, ALICE);
      expect(getOrganization(doc, id)!.name).toBe('B');
      updateOrganization(doc, id, { name: 'C' }, ALICE);
      expect(listOrganizations(doc).map((o) => o.name)).toEqual(['C']);
    }, LOCAL_EDIT);
    expect(getOrganization(doc, id)!.name).toBe('C');
  });
});
