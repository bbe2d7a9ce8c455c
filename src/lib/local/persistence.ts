// The device's copy of each federation document: y-indexeddb, one IndexedDB database per federation.
import { IndexeddbPersistence } from 'y-indexeddb';
import type * as Y from 'yjs';
import type { FederationId } from '$lib/domain/ids';

/** A federation document bound to its IndexedDB copy. */
export interface LocalCopy {
  /** Stops persisting (the stored copy stays). */
  destroy(): Promise<void>;
}

/** The IndexedDB database name of a federation's document. */
export function localCopyName(id: FederationId): string {
  return `federation:${id}`;
}

/** Loads the stored copy into `doc` and keeps storing every update; resolves once loaded. */
export async function openLocalCopy(id: FederationId, doc: Y.Doc): Promise<LocalCopy> {
  const persistence = new IndexeddbPersistence(localCopyName(id), doc);
  await persistence.whenSynced;
  return { destroy: () => persistence.destroy() };
}

/** Deletes a federation's stored copy from this device. */
export async function deleteLocalCopy(id: FederationId, doc: Y.Doc): Promise<void> {
  const persistence = new IndexeddbPersistence(localCopyName(id), doc);
  await persistence.whenSynced;
  await persistence.clearData();
}
