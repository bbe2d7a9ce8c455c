// Builds the sample federation and times the "what changed" feed over it:
// `tsx tests/bench/app/sample.ts [scale=1] [seed=1]` (scale 1: the five-year region of DESIGN.md).
import * as Y from 'yjs';
import { changesSince } from '../../../src/lib/domain/changes';
import { updateOrganization, listOrganizations } from '../../../src/lib/domain/organizations';
import { castPosition, listProposals } from '../../../src/lib/domain/proposals';
import { buildSampleFederation } from '../../../src/lib/domain/sample';

const scale = Number(process.argv[2] ?? 1);
const seed = Number(process.argv[3] ?? 1);
const ms = (t0: number) => `${(performance.now() - t0).toFixed(0)} ms`;
const mib = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MiB`;

let t0 = performance.now();
const a = new Y.Doc();
const summary = buildSampleFederation(a, { seed, scale, history: true });
console.log(`build (scale ${scale}, history): ${ms(t0)}`);
console.log(`  ${JSON.stringify(summary.counts)}, positions ${summary.positions}`);
t0 = performance.now();
const update = Y.encodeStateAsUpdate(a);
console.log(
  `encode: ${ms(t0)}, ${mib(update.length)}; heap ${mib(process.memoryUsage().heapUsed)}`,
);

// Device B has everything; A then makes a morning's worth of edits.
t0 = performance.now();
const b = new Y.Doc();
Y.applyUpdate(b, update);
console.log(`load on a second device: ${ms(t0)}`);
const marker = Y.encodeStateVector(b);
const orgs = listOrganizations(a).slice(0, 50);
const proposals = listProposals(a).slice(0, 100);
const by = orgs[0]?.createdBy ?? ('' as never);
for (const o of orgs) updateOrganization(a, o.id, { notes: `${o.notes} Checked.` }, by);
for (const p of proposals) castPosition(a, p.id, { voterId: by, value: 'agree' }, by);
Y.applyUpdate(b, Y.encodeStateAsUpdate(a, marker));

t0 = performance.now();
const feed = changesSince(b, marker, [b.clientID]);
console.log(
  `feed after ${orgs.length} edits and ${proposals.length} positions: ${feed.length} changes in ${ms(t0)}`,
);
t0 = performance.now();
const all = changesSince(b, new Map(), [b.clientID]);
console.log(`feed with nothing seen (every entity new): ${all.length} changes in ${ms(t0)}`);
t0 = performance.now();
const none = changesSince(b, Y.encodeStateVector(b), [b.clientID]);
console.log(`feed right after "mark all as seen": ${none.length} changes in ${ms(t0)}`);
