// The demo federation: sample data built on this device, never synced, removable. Loaded on
// demand, so the sample builder and its word lists never weigh on the first page.
import * as Y from 'yjs';
import type { PersonId, FederationId } from '$lib/domain/ids';
import { buildSampleFederation } from '$lib/domain/sample';
import { nowIso } from '$lib/domain/time';
import { deleteLocalCopy } from '$lib/local/persistence';

/** Small enough to build in a moment on a phone, large enough to fill every screen. */
export const DEMO = { seed: 2026, scale: 0.01 } as const;

/** Fills an empty document with the demo; returns the person the device looks around as. */
export function fillDemo(doc: Y.Doc, name: string): PersonId {
  // Its five years end today, so the overview has upcoming events and open tasks.
  return buildSampleFederation(doc, { ...DEMO, now: nowIso(), history: true, name }).me;
}

/** Deletes the demo's copy from this device. */
export async function deleteDemoCopy(id: FederationId): Promise<void> {
  const doc = new Y.Doc();
  try {
    await deleteLocalCopy(id, doc);
  } finally {
    doc.destroy();
  }
}
