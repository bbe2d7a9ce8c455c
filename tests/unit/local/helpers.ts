// Opening federation copies in tests: each is closed after its test.
import { afterEach } from 'vitest';
import * as Y from 'yjs';
import type { FederationId } from '$lib/domain/ids';
import { openLocalCopy, type LocalCopy } from '$lib/local/persistence';

const copies: LocalCopy[] = [];

afterEach(async () => {
  for (const copy of copies.splice(0)) await copy.destroy();
});

/** Opens (loads) a federation's stored copy into `doc`; destroyed after the test. */
export async function openCopy(id: FederationId, doc = new Y.Doc()) {
  const copy = await openLocalCopy(id, doc);
  copies.push(copy);
  return { doc, copy };
}
