// How a federation's stored copy keeps its rows (fake-indexeddb, real y-indexeddb): the updates of
// a session are merged every MERGE_EVERY rows without touching the rows before the session, and
// what is stored always reloads into the same document.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { newFederationId, type FederationId } from '$lib/domain/ids';
import { localCopyName, type LocalCopy } from '$lib/local/persistence';
import { LARGE_ROW, MERGE_EVERY, UPDATES } from '$lib/local/rows';
import { openCopy as open } from './helpers';

/** Every stored row, key and bytes. */
function rowsOf(id: FederationId): Promise<[number, Uint8Array][]> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(localCopyName(id));
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const db = req.result;
      const store = db.transaction(UPDATES).objectStore(UPDATES);
      const keys = store.getAllKeys();
      const values = store.getAll();
      values.onsuccess = () => {
        db.close();
        resolve((keys.result as number[]).map((k, i) => [k, values.result[i] as Uint8Array]));
      };
    };
  });
}

/** Lets the merges scheduled so far run to the end. */
async function settle(copy: LocalCopy): Promise<void> {
  for (let i = 0; i < 20; i++) {
    await copy.flush();
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('the stored copy’s rows', () => {
  it('merges a session’s updates, leaves the rows before it as they were, and reloads the same', async () => {
    const id = newFederationId();
    const first = await open(id);
    // A large document from before this session, as an import stores it: one big row.
    const big = first.doc.getMap('ledger');
    first.doc.transact(() => {
      for (let i = 0; i < 2_000; i++) big.set(`e${i}`, { amount: i, note: `entry ${i}` });
    });
    await first.copy.destroy();
    const before = await rowsOf(id);

    const { doc, copy } = await open(id);
    const text = doc.getText('minutes');
    const typed = MERGE_EVERY * 2 + 37;
    // Minutes typed one key at a time: one stored update each, in bursts.
    for (let i = 0; i < typed; i++) {
      text.insert(text.length, String.fromCharCode(97 + (i % 26)));
      if (i % 100 === 99) await new Promise((r) => setTimeout(r, 1));
    }
    await settle(copy);
    // Rows that came while a merge ran are merged with the next one, on the next update.
    doc.getMap('ledger').delete('e7');
    await settle(copy);

    const after = await rowsOf(id);
    // The rows from before the session are there, unchanged, under their keys.
    for (const [key, bytes] of before) {
      expect(after.find(([k]) => k === key)?.[1]).toEqual(bytes);
    }
    // Merged every MERGE_EVERY rows: fewer rows than one merge's worth are left.
    const ofSession = after.length - before.length;
    expect(ofSession).toBeGreaterThan(1);
    expect(ofSession).toBeLessThan(MERGE_EVERY);

    const reloaded = new Y.Doc();
    const again = await open(id, reloaded);
    expect(reloaded.getText('minutes').toString()).toBe(text.toString());
    expect(reloaded.getMap('ledger').toJSON()).toEqual(doc.getMap('ledger').toJSON());
    expect(Y.encodeStateVector(reloaded)).toEqual(Y.encodeStateVector(doc));
    await again.copy.destroy();
  });

  it('never merges a large update again (an import): later merges start after it', async () => {
    const id = newFederationId();
    const { doc, copy } = await open(id);
    const imported = new Y.Doc();
    imported.transact(() => {
      for (let i = 0; i < 4_000; i++)
        imported.getMap('ledger').set(`e${i}`, `entry ${i} `.repeat(8));
    });
    const big = Y.encodeStateAsUpdate(imported);
    expect(big.length).toBeGreaterThan(LARGE_ROW);
    Y.applyUpdate(doc, big);
    await copy.flush();
    const stored = (await rowsOf(id)).find(([, bytes]) => bytes.length === big.length);
    expect(stored).toBeDefined();
    for (let i = 0; i < MERGE_EVERY + 1; i++) {
      doc.getArray('later').push([i]);
      if (i % 100 === 99) await new Promise((r) => setTimeout(r, 1));
    }
    await settle(copy);
    const after = await rowsOf(id);
    // Still there as it came, and the rows after it were merged.
    expect(after.find(([key]) => key === stored![0])?.[1]).toEqual(stored![1]);
    expect(after.filter(([key]) => key > stored![0]).length).toBeLessThan(MERGE_EVERY);
    const reloaded = new Y.Doc();
    await open(id, reloaded);
    expect(reloaded.getMap('ledger').size).toBe(4_000);
    expect(reloaded.getArray('later').length).toBe(MERGE_EVERY + 1);
  });

  it('keeps every update when a remote one arrives while its session merges', async () => {
    const id = newFederationId();
    const { doc, copy } = await open(id);
    const other = new Y.Doc();
    other.on('update', (u: Uint8Array) => Y.applyUpdate(doc, u, 'relay'));
    for (let i = 0; i < MERGE_EVERY + 10; i++) {
      doc.getArray('mine').push([i]);
      if (i % 50 === 0) other.getArray('theirs').push([i]);
    }
    await settle(copy);
    const reloaded = new Y.Doc();
    await open(id, reloaded);
    expect(reloaded.getArray('mine').length).toBe(MERGE_EVERY + 10);
    expect(reloaded.getArray('theirs').toJSON()).toEqual(other.getArray('theirs').toJSON());
  });
});
