// Backup files from the screens: exporting a federation (share sheet or download) and importing a
// file, either into the federation that is open or onto the device as a federation it lacks.
import type { FederationId } from '$lib/domain/ids';
import { readMeta } from '$lib/domain/federation';
import {
  BACKUP_MAGIC,
  BACKUP_TYPE,
  backupFileName,
  mergeBackup,
  readBackup,
  writeBackup,
  type BackupProblem,
  type ReadBackup,
} from '$lib/sync/backup';
import type { AppState } from './app.svelte';
import type { FederationSession } from './federation.svelte';
import { shareFile } from './share';

/** Why an import did nothing; each names a message in the catalog. */
export type ImportProblem = BackupProblem | 'backup.readOnly' | 'backup.unreadable';

export type ImportOutcome =
  | { ok: true; federationId: FederationId; name: string; created: boolean; changes: number }
  | { ok: false; problem: ImportProblem };

/** Shares (phone) or downloads (elsewhere) a backup file of the open federation. */
export function exportBackup(
  session: FederationSession,
  // A plain value, never observed: no SvelteDate needed.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  now = new Date(),
): Promise<'shared' | 'downloaded' | 'cancelled'> {
  const name = readMeta(session.doc)?.name ?? session.row.name;
  // Synchronous up to the share call: the share sheet needs the click's user activation.
  const text = writeBackup(session.doc, {
    federationId: session.id,
    federationName: name,
    app: __APP_VERSION__,
    now,
  });
  const file = new File([text], backupFileName(name, now), { type: BACKUP_TYPE });
  return shareFile(file, name);
}

/** Reads a picked file; a video picked by mistake is refused from its first bytes, not loaded whole. */
export async function readBackupFile(file: Blob): Promise<ReadBackup> {
  try {
    const head = (await file.slice(0, 64).text()).replace(/^\uFEFF/, '');
    const ours = head.startsWith(BACKUP_MAGIC) || (head !== '' && BACKUP_MAGIC.startsWith(head));
    if (!ours) return { ok: false, problem: 'backup.foreign' };
    return readBackup(await file.text());
  } catch {
    return { ok: false, problem: 'backup.corrupt' };
  }
}

/** One import form's progress and outcome. */
export class BackupImport {
  busy = $state(false);
  outcome = $state<ImportOutcome | null>(null);

  /** Merges `file` into the open federation; a file of another federation is refused. */
  async intoSession(session: FederationSession, file: Blob): Promise<ImportOutcome> {
    return this.#run(async () => {
      const read = await readBackupFile(file);
      if (!read.ok) return read;
      return merge(session, read);
    });
  }

  /** Imports `file` on the device: a new federation, or merged into the one already here. */
  async onDevice(app: AppState, file: Blob): Promise<ImportOutcome> {
    return this.#run(async () => {
      const read = await readBackupFile(file);
      if (!read.ok) return read;
      const { federationId, federationName } = read.backup.header;
      const existing = await app.session(federationId);
      if (existing) return merge(existing, read);
      const session = await app.adoptFromBackup(federationId, federationName);
      const outcome = await merge(session, read);
      return outcome.ok ? { ...outcome, created: true } : outcome;
    });
  }

  async #run(fn: () => Promise<ImportOutcome>): Promise<ImportOutcome> {
    this.busy = true;
    this.outcome = null;
    try {
      this.outcome = await fn();
    } catch (e) {
      console.error(e);
      this.outcome = { ok: false, problem: 'backup.unreadable' };
    } finally {
      this.busy = false;
    }
    return this.outcome;
  }
}

async function merge(
  session: FederationSession,
  read: Extract<ReadBackup, { ok: true }>,
): Promise<ImportOutcome> {
  await session.ready;
  if (session.loadError) return { ok: false, problem: 'backup.unreadable' };
  // The relay refuses and disconnects an observer that sends changes.
  if (session.row.role !== 'member') return { ok: false, problem: 'backup.readOnly' };
  const merged = mergeBackup(session.doc, session.id, read.backup);
  if (!merged.ok) return merged;
  // "On this device" only once stored: a reload before the (for five years, 80 MiB) write has
  // committed aborts it and leaves an empty federation.
  await session.saved();
  const name = readMeta(session.doc)?.name ?? read.backup.header.federationName;
  return { ok: true, federationId: session.id, name, created: false, changes: merged.changes };
}
