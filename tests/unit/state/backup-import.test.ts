// An imported backup must be in IndexedDB when the app says it is on the device: a page closed or
// reloaded right after (which aborts unfinished transactions) must not lose it. At five years
// (80 MiB of state) the write takes about half a second on a desktop, so "right after" is real.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { newFederationId } from '$lib/domain/ids';
import { addOrganization, listOrganizations } from '$lib/domain/organizations';
import { localCopyName, openLocalCopy } from '$lib/local/persistence';
import { writeBackup } from '$lib/sync/backup';
import { BackupImport } from '$lib/state/backup.svelte';
import { ALICE, newFederationDoc, orgInput } from '../domain/helpers';
import { deviceDb, startSession } from './helpers';

/** Every transaction opened on IndexedDB database `name` that has not finished yet. */
function unfinishedTransactions(name: string): { list: () => IDBTransaction[]; stop: () => void } {
  const open = new Set<IDBTransaction>();
  const original = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args) {
    const tx = original.apply(this, args);
    if (this.name === name) {
      open.add(tx);
      const done = () => open.delete(tx);
      tx.addEventListener('complete', done);
      tx.addEventListener('abort', done);
      tx.addEventListener('error', done);
    }
    return tx;
  } as typeof original;
  return {
    list: () => [...open],
    stop: () => {
      IDBDatabase.prototype.transaction = original;
    },
  };
}

describe('importing a backup file', () => {
  it('reports the federation on the device only once IndexedDB has committed it', async () => {
    const id = newFederationId();
    const source = newFederationDoc();
    addOrganization(source, orgInput({ name: 'Malmö chapter' }), ALICE);
    const text = writeBackup(source, {
      federationId: id,
      federationName: 'Nordic federation',
      app: 'test',
    });
    const s = await startSession(deviceDb(), id);
    const tracked = unfinishedTransactions(localCopyName(id));
    try {
      const outcome = await new BackupImport().intoSession(s, new Blob([text]));
      expect(outcome.ok).toBe(true);
      // The page is closed right now: the browser aborts whatever has not committed.
      for (const tx of tracked.list()) {
        try {
          tx.abort();
        } catch {
          // Already committing: it will finish.
        }
      }
    } finally {
      tracked.stop();
    }
    s.destroy();

    const again = new Y.Doc();
    const copy = await openLocalCopy(id, again);
    expect(listOrganizations(again).map((o) => o.name)).toEqual(['Malmö chapter']);
    await copy.destroy();
  });
});
