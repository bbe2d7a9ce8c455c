// Backup files: one federation's full Yjs state and a small header, so a federation can be kept
// safe, moved to a new device, or synced by passing a file along with no relay at all.
//
//   FEDERATION-PLANNER-BACKUP 1                      magic and file format version
//   {"app":"0.1.0","schema":1,"federationId":…}       header: one line of ASCII JSON
//   <the state, base64, in lines of 76>
//   END 1a2b3c4d                                      CRC-32 of the two lines above and the state
//
// Why ASCII text and not a binary container: Chrome's Web Share only passes known file types
// (.txt yes, an unknown binary no), mail and messaging apps carry ASCII untouched (line ends
// aside, which reading forgives), and a person who opens the file sees what it is. The END line
// tells a cut-off file from a damaged one. CRC-32 rather than SHA-256: crypto.subtle exists only in
// secure contexts, and the app opened from a laptop relay at http://<address> is not one; the
// checksum guards against accidents, while who holds a file holds the data, like an invite link.
import * as Y from 'yjs';
import { readMeta } from '$lib/domain/federation';
import { isFederationId, type FederationId } from '$lib/domain/ids';
import { documentSchemaVersion, SCHEMA_VERSION } from '$lib/domain/schema';
import { fileSlug } from './file-name';

/** The file format this app writes; a higher one comes from a newer app. */
export const BACKUP_FORMAT = 1;
/** The first line's fixed start. */
export const BACKUP_MAGIC = 'FEDERATION-PLANNER-BACKUP';
/** The media type a backup file is shared and downloaded as. */
export const BACKUP_TYPE = 'text/plain';
/** Transaction origin of a merged backup: not a local edit (no undo), not the relay. */
export const BACKUP_ORIGIN = 'backup-import';

const LINE = 76;

/** What a backup file says about itself. */
export interface BackupHeader {
  /** The app version that wrote the file (for people; the format and schema decide what reads it). */
  app: string;
  /** The document's schema version. */
  schema: number;
  federationId: FederationId;
  federationName: string;
  /** ISO time of the export. */
  exportedAt: string;
  /** Length of the state in bytes. */
  bytes: number;
}

/** Why a file cannot be imported; each names a message in the catalog. */
export type BackupProblem =
  | 'backup.foreign'
  | 'backup.truncated'
  | 'backup.corrupt'
  | 'backup.newerFormat'
  | 'backup.newerSchema'
  | 'backup.otherFederation';

/** A file read and checked: its header and the Yjs update it carries. */
export interface Backup {
  header: BackupHeader;
  update: Uint8Array;
}

export type ReadBackup = { ok: true; backup: Backup } | { ok: false; problem: BackupProblem };

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3, as zip and PNG use) over several byte arrays in turn. */
export function crc32(...parts: Uint8Array[]): number {
  let c = 0xffffffff;
  for (const bytes of parts) {
    for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  }
  return (c ^ 0xffffffff) >>> 0;
}

function toBase64(bytes: Uint8Array): string {
  let bin = '';
  // Chunks keep String.fromCharCode's argument list small on large documents.
  for (let i = 0; i < bytes.length; i += 0x8000)
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

function fromBase64(text: string): Uint8Array | null {
  let bin: string;
  try {
    bin = atob(text);
  } catch {
    return null;
  }
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

// JSON with every non-ASCII character escaped, so the whole file is ASCII.
const asciiJson = (value: unknown) =>
  JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );

const firstLine = (format: number) => `${BACKUP_MAGIC} ${format}`;
const hex = (n: number) => n.toString(16).padStart(8, '0');
const encode = (text: string) => new TextEncoder().encode(text);

export interface WriteOptions {
  federationId: FederationId;
  federationName: string;
  /** The running app's version. */
  app: string;
  now?: Date;
}

/** The backup file text of `doc`: its full state and a header. */
export function writeBackup(doc: Y.Doc, opts: WriteOptions): string {
  const update = Y.encodeStateAsUpdate(doc);
  const header: BackupHeader = {
    app: opts.app,
    schema: documentSchemaVersion(doc) ?? SCHEMA_VERSION,
    federationId: opts.federationId,
    federationName: opts.federationName,
    exportedAt: (opts.now ?? new Date()).toISOString(),
    bytes: update.length,
  };
  const head = `${firstLine(BACKUP_FORMAT)}\n${asciiJson(header)}\n`;
  const body = toBase64(update);
  const lines: string[] = [];
  for (let i = 0; i < body.length; i += LINE) lines.push(body.slice(i, i + LINE));
  return `${head}${lines.join('\n')}\nEND ${hex(crc32(encode(head), update))}\n`;
}

function readHeader(line: string): BackupHeader | null {
  let h: Record<string, unknown>;
  try {
    h = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (typeof h !== 'object' || h === null) return null;
  const ok =
    typeof h.app === 'string' &&
    Number.isInteger(h.schema) &&
    isFederationId(h.federationId) &&
    typeof h.federationName === 'string' &&
    typeof h.exportedAt === 'string' &&
    Number.isInteger(h.bytes) &&
    (h.bytes as number) >= 0;
  return ok ? (h as unknown as BackupHeader) : null;
}

// The state must decode on its own into a federation document this app can read.
function checkState(update: Uint8Array): BackupProblem | null {
  const scratch = new Y.Doc();
  try {
    Y.applyUpdate(scratch, update);
    if (scratch.store.pendingStructs || scratch.store.pendingDs) return 'backup.corrupt';
    if ((documentSchemaVersion(scratch) ?? 0) > SCHEMA_VERSION) return 'backup.newerSchema';
    return readMeta(scratch) ? null : 'backup.corrupt';
  } catch {
    return 'backup.corrupt';
  } finally {
    scratch.destroy();
  }
}

/** Reads and checks a backup file; says what is wrong with it when it cannot be imported. */
export function readBackup(text: string): ReadBackup {
  const fail = (problem: BackupProblem): ReadBackup => ({ ok: false, problem });
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n|\r/)
    .map((l) => l.trim());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const first = lines[0] ?? '';
  const magic = /^FEDERATION-PLANNER-BACKUP (\d+)$/.exec(first);
  if (!magic) {
    // A file cut off inside its first line is still ours.
    const cut = first.length > 0 && lines.length === 1 && firstLine(1).startsWith(first);
    return fail(cut ? 'backup.truncated' : 'backup.foreign');
  }
  if (Number(magic[1]) > BACKUP_FORMAT) return fail('backup.newerFormat');
  if (Number(magic[1]) < 1) return fail('backup.corrupt');
  const end = /^END ([0-9a-f]{8})$/.exec(lines[lines.length - 1] ?? '');
  if (!end || lines.length < 3) return fail('backup.truncated');
  const header = readHeader(lines[1]!);
  if (!header) return fail('backup.corrupt');
  const update = fromBase64(lines.slice(2, -1).join(''));
  if (!update) return fail('backup.corrupt');
  if (update.length < header.bytes) return fail('backup.truncated');
  if (update.length > header.bytes) return fail('backup.corrupt');
  const head = `${lines[0]}\n${lines[1]}\n`;
  if (hex(crc32(encode(head), update)) !== end[1]) return fail('backup.corrupt');
  if (header.schema > SCHEMA_VERSION) return fail('backup.newerSchema');
  const problem = checkState(update);
  return problem ? fail(problem) : { ok: true, backup: { header, update } };
}

export type MergeResult = { ok: true; changes: number } | { ok: false; problem: BackupProblem };

/**
 * Merges a checked backup into the document of federation `federationId` (Yjs merge: nothing on
 * either side is overwritten). `changes` counts the operations new to the document; 0 means the
 * file held nothing this device did not already have.
 */
export function mergeBackup(doc: Y.Doc, id: FederationId, backup: Backup): MergeResult {
  if (backup.header.federationId !== id) return { ok: false, problem: 'backup.otherFederation' };
  const before = Y.decodeStateVector(Y.encodeStateVector(doc));
  let deleted = 0;
  const countDeletes = (tr: Y.Transaction) => {
    for (const items of tr.deleteSet.clients.values()) for (const i of items) deleted += i.len;
  };
  doc.on('afterTransaction', countDeletes);
  try {
    Y.applyUpdate(doc, backup.update, BACKUP_ORIGIN);
  } finally {
    doc.off('afterTransaction', countDeletes);
  }
  let added = 0;
  for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(doc)))
    added += clock - (before.get(client) ?? 0);
  return { ok: true, changes: added + deleted };
}

/** A safe ASCII file name such as "nordic-federation-2026-05-01.backup.txt". */
export function backupFileName(name: string, exportedAt: Date): string {
  return `${fileSlug(name) || 'federation'}-${exportedAt.toISOString().slice(0, 10)}.backup.txt`;
}

/** Reads, checks and merges a backup file into federation `id`'s document; on any problem the document is untouched. */
export function importInto(doc: Y.Doc, id: FederationId, text: string): MergeResult {
  const read = readBackup(text);
  return read.ok ? mergeBackup(doc, id, read.backup) : read;
}
