// The single-process SQLite backend's DocStore: reads on the main thread, writes in the writer.
import type { DocStore } from './backend';
import type { Store } from './store';
import type { Writer } from './writer';

/**
 * The SQLite store as a DocStore, one process: the main thread's connection reads, the writer
 * thread commits (the updates of one turn, and of every turn that arrived while it was busy,
 * together) and compacts, so the event loop never waits for a disk sync.
 */
export function sqliteDocs(store: Store, writer: Writer): DocStore {
  const read = (
    federationId: string,
    apply: (update: Uint8Array, where: Record<string, unknown>) => void,
  ) => {
    const rows = store.rows(federationId);
    for (const row of rows) apply(row.data, { row: row.id });
    return rows.length;
  };
  return {
    load(federationId, apply) {
      // What was appended before (an unloaded room's last updates) must be committed to be read.
      const committed = writer.reopen(federationId);
      if (committed === null) return read(federationId, apply);
      return committed.then(() => read(federationId, apply));
    },
    append: (federationId, update) => writer.append(federationId, update),
    compact: (federationId) => writer.compact(federationId),
  };
}
