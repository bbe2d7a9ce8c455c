// The Node half of the app benchmark: the plain Yjs baseline (decode and apply the whole state to a
// fresh Y.Doc) next to our own reads on the same document, and where the document's items live.
import { readFileSync } from 'node:fs';
import * as Y from 'yjs';
import { changesSince } from '../../../src/lib/domain/changes';
import { listCouncils } from '../../../src/lib/domain/councils';
import { readMeta } from '../../../src/lib/domain/federation';
import { duesOf, readLedger } from '../../../src/lib/domain/fund';
import { listGatherings } from '../../../src/lib/domain/gatherings';
import { balances } from '../../../src/lib/domain/ledger-view';
import { listMaterials } from '../../../src/lib/domain/materials';
import { listMeetings } from '../../../src/lib/domain/meetings';
import { listOrganizations } from '../../../src/lib/domain/organizations';
import { listPeople } from '../../../src/lib/domain/people';
import { listProposals } from '../../../src/lib/domain/proposals';
import { listRequests } from '../../../src/lib/domain/requests';
import { listTasks } from '../../../src/lib/domain/tasks';
import { readBackup } from '../../../src/lib/sync/backup';
import type { Fixture } from './fixture';
import { median } from './stats';

export interface NodeFigures {
  stateBytes: number;
  /** Reading the backup file (base64, checksum, a trial apply). */
  readFileMs: number;
  /** Plain Yjs: applying the whole state to a fresh Y.Doc. */
  applyMs: number;
  /** Our reads on the loaded document, first (cold) and again (cached). */
  reads: { name: string; coldMs: number; warmMs: number; size: number }[];
  heapBytes: number;
  /** Items (live and deleted) and their content bytes, per root key. */
  roots: { root: string; items: number; deleted: number; bytes: number }[];
}

const all = { includeRemoved: true };
const READS: [string, (doc: Y.Doc, today: string) => { length: number } | number][] = [
  ['organizations', (d) => listOrganizations(d, all)],
  ['people', (d) => listPeople(d, all)],
  ['requests', (d) => listRequests(d, all)],
  ['events', (d) => listGatherings(d, all)],
  ['councils', (d) => listCouncils(d, all)],
  ['tasks', (d) => listTasks(d, all)],
  ['materials', (d) => listMaterials(d, all)],
  ['proposals', (d) => listProposals(d, all)],
  ['meetings', (d) => listMeetings(d, all)],
  ['fund ledger view', (d) => readLedger(d).entries],
  ['fund balances', (d) => balances(readLedger(d)).byAccount.size],
  ['fund dues', (d, today) => duesOf(d, today)],
  ['what changed (all new)', (d) => changesSince(d, new Map(), [])],
  ['what changed (nothing new)', (d) => changesSince(d, Y.encodeStateVector(d), [])],
];

function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const out = fn();
  return [out, performance.now() - t0];
}

/** Which root key a struct belongs to. */
function rootOf(doc: Y.Doc, item: Y.Item): string {
  let type = item.parent as Y.AbstractType<unknown>;
  while (type._item) type = type._item.parent as Y.AbstractType<unknown>;
  for (const [name, t] of doc.share) if (t === type) return name;
  return '?';
}

function contentBytes(item: Y.Item): number {
  const c = item.content;
  const key = item.parentSub?.length ?? 0;
  if (c instanceof Y.ContentString) return key + c.str.length;
  if (c instanceof Y.ContentAny) return key + JSON.stringify(c.arr).length;
  return key;
}

function itemsByRoot(doc: Y.Doc): NodeFigures['roots'] {
  const by = new Map<string, { items: number; deleted: number; bytes: number }>();
  for (const structs of doc.store.clients.values())
    for (const s of structs) {
      if (!(s instanceof Y.Item)) continue;
      const root = rootOf(doc, s);
      const r = by.get(root) ?? { items: 0, deleted: 0, bytes: 0 };
      r.items += s.length;
      if (s.deleted) r.deleted += s.length;
      else r.bytes += contentBytes(s);
      by.set(root, r);
    }
  return [...by].map(([root, r]) => ({ root, ...r })).sort((a, b) => b.items - a.items);
}

/** Loads the fixture `runs` times in fresh docs and times the baseline and our reads (median). */
export function nodeFigures(fixture: Fixture, runs: number): NodeFigures {
  const text = readFileSync(fixture.path, 'utf8');
  const today = fixture.now.slice(0, 10);
  const readTimes: number[] = [];
  const applyTimes: number[] = [];
  const cold = new Map<string, number[]>();
  const warm = new Map<string, number[]>();
  const sizes = new Map<string, number>();
  let doc: Y.Doc | null = null;
  let heapBytes = 0;
  let stateBytes = 0;
  for (let run = 0; run < runs; run++) {
    doc?.destroy();
    const [read, readMs] = time(() => readBackup(text));
    if (!read.ok) throw new Error(`the backup file does not read: ${read.problem}`);
    readTimes.push(readMs);
    stateBytes = read.backup.update.length;
    const d = new Y.Doc();
    applyTimes.push(time(() => Y.applyUpdate(d, read.backup.update))[1]);
    if (!readMeta(d)) throw new Error('the document has no federation in it');
    for (const [name, fn] of READS) {
      const [out, ms] = time(() => fn(d, today));
      sizes.set(name, typeof out === 'number' ? out : out.length);
      cold.set(name, [...(cold.get(name) ?? []), ms]);
      warm.set(name, [...(warm.get(name) ?? []), time(() => fn(d, today))[1]]);
    }
    doc = d;
    heapBytes = process.memoryUsage().heapUsed;
  }
  const roots = doc ? itemsByRoot(doc) : [];
  doc?.destroy();
  return {
    stateBytes,
    readFileMs: median(readTimes),
    applyMs: median(applyTimes),
    reads: READS.map(([name]) => ({
      name,
      coldMs: median(cold.get(name) ?? []),
      warmMs: median(warm.get(name) ?? []),
      size: sizes.get(name) ?? 0,
    })),
    heapBytes,
    roots,
  };
}
