import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { newFederationId, type FederationId } from '$lib/domain/ids';
import {
  addOrganization,
  listOrganizations,
  removeOrganization,
  updateOrganization,
} from '$lib/domain/organizations';
import { metaMap, SCHEMA_VERSION } from '$lib/domain/schema';
import {
  backupFileName,
  BACKUP_MAGIC,
  crc32,
  importInto,
  mergeBackup,
  readBackup,
  writeBackup,
  type Backup,
} from '$lib/sync/backup';
import { ALICE, BOB, fork, newFederationDoc, orgInput } from '../domain/helpers';

const fid = newFederationId();
const NOW = new Date('2026-05-01T10:00:00Z');

function backupOf(doc: Y.Doc, id: FederationId = fid, name = 'Nordic federation'): string {
  return writeBackup(doc, { federationId: id, federationName: name, app: '0.1.0', now: NOW });
}

function read(text: string): Backup {
  const r = readBackup(text);
  if (!r.ok) throw new Error(`expected a readable backup, got ${r.problem}`);
  return r.backup;
}

const names = (doc: Y.Doc) => listOrganizations(doc).map((o) => o.name);
const state = (doc: Y.Doc) => Y.encodeStateAsUpdate(doc);

/** Replaces one character of the base64 body (line 3 onwards) with another valid one. */
function flipBodyChar(text: string): string {
  const lines = text.split('\n');
  const line = lines[2]!;
  const i = Math.floor(line.length / 2);
  lines[2] = line.slice(0, i) + (line[i] === 'A' ? 'B' : 'A') + line.slice(i + 1);
  return lines.join('\n');
}

describe('backup files', () => {
  it('round-trips a federation: header, and a document that reads the same', () => {
    const doc = newFederationDoc();
    addOrganization(doc, orgInput({ name: 'Malmö Commons' }), ALICE);
    const text = backupOf(doc, fid, 'Nordisk förbund – Åland');
    // Pure ASCII, so no charset conversion on the way can damage it.
    expect(/^[\x20-\x7e\n]*$/.test(text)).toBe(true);
    expect(text.startsWith(`${BACKUP_MAGIC} 1\n`)).toBe(true);
    const backup = read(text);
    expect(backup.header).toEqual({
      app: '0.1.0',
      schema: SCHEMA_VERSION,
      federationId: fid,
      federationName: 'Nordisk förbund – Åland',
      exportedAt: NOW.toISOString(),
      bytes: state(doc).length,
    });
    const copy = new Y.Doc();
    expect(mergeBackup(copy, fid, backup)).toMatchObject({ ok: true });
    expect(names(copy)).toEqual(['Malmö Commons']);
    expect(state(copy)).toEqual(state(doc));
  });

  it('forgives CRLF line ends, a byte-order mark and trailing blank lines', () => {
    const doc = newFederationDoc();
    const text = '\uFEFF' + backupOf(doc).replace(/\n/g, '\r\n') + '\r\n\r\n';
    expect(readBackup(text).ok).toBe(true);
  });

  it('merges into a document with concurrent edits on both sides and keeps both', () => {
    const a = newFederationDoc();
    const shared = addOrganization(a, orgInput({ name: 'Oslo Commons' }), ALICE);
    const b = fork(a);
    // Apart: each device adds one, and both edit the same organization (different fields).
    addOrganization(a, orgInput({ name: 'Bergen Hub' }), ALICE);
    updateOrganization(a, shared, { city: 'Oslo' }, ALICE);
    addOrganization(b, orgInput({ name: 'Turku Circle' }), BOB);
    updateOrganization(b, shared, { notes: 'Meets on Mondays' }, BOB);

    const intoA = mergeBackup(a, fid, read(backupOf(b)));
    const intoB = mergeBackup(b, fid, read(backupOf(a)));
    expect(intoA).toMatchObject({ ok: true });
    expect(intoA.ok && intoA.changes).toBeGreaterThan(0);
    expect(intoB.ok && intoB.changes).toBeGreaterThan(0);
    expect(names(a).sort()).toEqual(['Bergen Hub', 'Oslo Commons', 'Turku Circle']);
    expect(listOrganizations(b)).toEqual(listOrganizations(a));
    const oslo = listOrganizations(a).find((o) => o.id === shared)!;
    expect([oslo.city, oslo.notes]).toEqual(['Oslo', 'Meets on Mondays']);
    expect(state(a)).toEqual(state(b));
  });

  it('says when a file holds nothing new, and counts a removal as a change', () => {
    const a = newFederationDoc();
    const id = addOrganization(a, orgInput(), ALICE);
    const b = fork(a);
    expect(mergeBackup(b, fid, read(backupOf(a)))).toEqual({ ok: true, changes: 0 });
    // A removal sets a tombstone; a plain Yjs delete-only change is counted too.
    removeOrganization(a, id, ALICE);
    const merged = mergeBackup(b, fid, read(backupOf(a)));
    expect(merged.ok && merged.changes).toBeGreaterThan(0);
    metaMap(a).delete('region');
    const deleteOnly = mergeBackup(b, fid, read(backupOf(a)));
    expect(deleteOnly.ok && deleteOnly.changes).toBeGreaterThan(0);
    expect(mergeBackup(b, fid, read(backupOf(a)))).toEqual({ ok: true, changes: 0 });
  });

  describe('refuses, with its own reason, and leaves the document byte-identical', () => {
    const doc = newFederationDoc();
    addOrganization(doc, orgInput({ name: 'Kept' }), ALICE);
    const other = newFederationDoc();
    addOrganization(other, orgInput({ name: 'Intruder' }), BOB);
    const good = backupOf(other);
    const lines = good.split('\n');
    const newerSchemaDoc = newFederationDoc();
    metaMap(newerSchemaDoc).set('schemaVersion', SCHEMA_VERSION + 1);
    const notAFederation = new Y.Doc();
    notAFederation.getMap('something').set('else', 1);

    it.each([
      ['an empty file', '', 'backup.foreign'],
      ['a text file', 'Minutes of the meeting\nItem 1\n', 'backup.foreign'],
      ['an invite link', 'https://app.example.org/join#v=1&f=x', 'backup.foreign'],
      ['a PNG', '\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR', 'backup.foreign'],
      ['cut inside the first line', 'FEDERATION-PLAN', 'backup.truncated'],
      ['cut after the header', lines.slice(0, 2).join('\n'), 'backup.truncated'],
      ['cut inside the state', good.slice(0, Math.floor(good.length * 0.6)), 'backup.truncated'],
      [
        'cut state, END kept',
        [...lines.slice(0, 3), lines.at(-2)!, ''].join('\n'),
        'backup.truncated',
      ],
      ['a flipped character', flipBodyChar(good), 'backup.corrupt'],
      [
        'an edited header',
        good.replace('"Nordic federation"', '"Nordic federatioN"'),
        'backup.corrupt',
      ],
      ['a damaged header', good.replace('{"app"', '{app"'), 'backup.corrupt'],
      ['a bad checksum', good.replace(/END [0-9a-f]{8}/, 'END 00000000'), 'backup.corrupt'],
      ['not base64', good.replace(lines[2]!, `${lines[2]!.slice(1)}*`), 'backup.corrupt'],
      [
        'a newer file format',
        good.replace(`${BACKUP_MAGIC} 1`, `${BACKUP_MAGIC} 2`),
        'backup.newerFormat',
      ],
      [
        'a header from a newer schema',
        rewriteHeader(good, { schema: SCHEMA_VERSION + 1 }),
        'backup.newerSchema',
      ],
      ['a document from a newer schema', backupOf(newerSchemaDoc), 'backup.newerSchema'],
      ['a Yjs document that is no federation', backupOf(notAFederation), 'backup.corrupt'],
    ])('%s', (_name, text, problem) => {
      const before = state(doc);
      expect(readBackup(text)).toEqual({ ok: false, problem });
      expect(importInto(doc, fid, text)).toEqual({ ok: false, problem });
      expect(state(doc)).toEqual(before);
      expect(names(doc)).toEqual(['Kept']);
    });

    it('a file of another federation', () => {
      const before = state(doc);
      const r = importInto(doc, fid, backupOf(other, newFederationId()));
      expect(r).toEqual({ ok: false, problem: 'backup.otherFederation' });
      expect(state(doc)).toEqual(before);
      expect(names(doc)).toEqual(['Kept']);
    });
  });

  it('names files plainly', () => {
    expect(backupFileName('Nordisk Förbund: Øst', NOW)).toBe(
      'nordisk-forbund-ost-2026-05-01.backup.txt',
    );
    expect(backupFileName('???', NOW)).toBe('federation-2026-05-01.backup.txt');
  });

  it('computes the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
});

/** A well-formed file whose header has other values (checksum recomputed, so only the value is wrong). */
function rewriteHeader(text: string, patch: Record<string, unknown>): string {
  const lines = text.trimEnd().split('\n');
  lines[1] = JSON.stringify({ ...JSON.parse(lines[1]!), ...patch });
  const body = Uint8Array.from(atob(lines.slice(2, -1).join('')), (c) => c.charCodeAt(0));
  const head = new TextEncoder().encode(`${lines[0]}\n${lines[1]}\n`);
  lines[lines.length - 1] = `END ${crc32(head, body).toString(16).padStart(8, '0')}`;
  return `${lines.join('\n')}\n`;
}
