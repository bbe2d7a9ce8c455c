// The five-year federation as a backup file under .bench/, with a small JSON note beside it that
// says what is inside (ids, counts, build time), so the benchmark can import and check it.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import type { FederationId } from '../../../src/lib/domain/ids';
import { listProposals } from '../../../src/lib/domain/proposals';
import { buildSampleFederation } from '../../../src/lib/domain/sample';
import { writeBackup } from '../../../src/lib/sync/backup';

export const BENCH_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../.bench');

export interface Fixture {
  path: string;
  federationId: FederationId;
  name: string;
  scale: number;
  seed: number;
  /** The sample's last moment (ISO): upcoming events are after it. */
  now: string;
  me: string;
  counts: Record<string, number>;
  positions: number;
  ledgerEntries: number;
  /** A proposal still open, for casting a position on. */
  openProposal: string;
  buildMs: number;
  /** The encoded Yjs state, and the backup file (base64 and header). */
  stateBytes: number;
  fileBytes: number;
}

export interface FixtureOptions {
  scale: number;
  seed: number;
  /** Where the file goes (default .bench/). */
  dir?: string;
  now?: string;
}

/** A fixed id per scale and seed, so the same options give the same file. */
function fixtureId(scale: number, seed: number): FederationId {
  return `bench-s${String(scale).replace(/\./g, '_')}-seed${seed}-federation` as FederationId;
}

/** The backup file's path for these options. */
export function fixturePath(opts: FixtureOptions): string {
  const s = String(opts.scale).replace(/\./g, '_');
  return join(opts.dir ?? BENCH_DIR, `federation-scale${s}-seed${opts.seed}.backup.txt`);
}

/** Today at 09:00 UTC: the sample ends "now", so upcoming events lie ahead of the real clock. */
export function today(): string {
  return `${new Date().toISOString().slice(0, 10)}T09:00:00.000Z`;
}

/** Builds the federation, writes its backup file and note; returns what was made. */
export function generateFixture(opts: FixtureOptions): Fixture {
  const now = opts.now ?? today();
  const name = `Benchmark federation (scale ${opts.scale})`;
  const doc = new Y.Doc();
  const t0 = performance.now();
  const summary = buildSampleFederation(doc, {
    seed: opts.seed,
    scale: opts.scale,
    history: true,
    now,
    name,
  });
  const buildMs = performance.now() - t0;
  const federationId = fixtureId(opts.scale, opts.seed);
  const text = writeBackup(doc, { federationId, federationName: name, app: 'bench' });
  const path = fixturePath(opts);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  const fixture: Fixture = {
    path,
    federationId,
    name,
    scale: opts.scale,
    seed: opts.seed,
    now,
    me: summary.me,
    counts: summary.counts,
    positions: summary.positions,
    ledgerEntries: summary.ledgerEntries,
    openProposal: listProposals(doc).find((p) => !p.closedAt)?.id ?? '',
    buildMs,
    stateBytes: Y.encodeStateAsUpdate(doc).length,
    fileBytes: text.length,
  };
  writeFileSync(`${path}.json`, JSON.stringify(fixture, null, 2));
  doc.destroy();
  return fixture;
}

/** The note of a file generated before, or null when there is none. */
export function readFixture(opts: FixtureOptions): Fixture | null {
  const note = `${fixturePath(opts)}.json`;
  if (!existsSync(note) || !existsSync(fixturePath(opts))) return null;
  return JSON.parse(readFileSync(note, 'utf8')) as Fixture;
}

/** Reads `--name value` from the command line. */
export function flag(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`);
  return value;
}
