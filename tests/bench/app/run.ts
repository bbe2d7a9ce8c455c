// `npm run bench:app [-- --scale 1 --seed 1 --runs 3]`: the five-year federation (generated once by
// `npm run bench:generate` into .bench/, or here when missing) measured in Node and in headless
// Chromium at 390×844, medians of `--runs` cold starts, each figure next to the target.
// A benchmark, not a test: it prints and never fails on a target. Needs `npm run build` first.
import { cpus, loadavg } from 'node:os';
import { browserFigures } from './browser';
import { flag, generateFixture, readFixture, type Fixture } from './fixture';
import { nodeFigures } from './node';
import { median, mib, ms } from './stats';

const args = process.argv.slice(2);
const scale = flag(args, 'scale', 1);
const seed = flag(args, 'seed', 1);
const runs = flag(args, 'runs', 3);
const say = (line: string) => console.log(line);

say(
  `app benchmark: scale ${scale}, seed ${seed}, ${runs} runs; ${cpus().length} cores, load ` +
    loadavg()
      .map((x) => x.toFixed(2))
      .join(' '),
);
let fixture: Fixture | null = readFixture({ scale, seed });
if (!fixture) {
  say('no generated federation for these options yet: generating it (npm run bench:generate) …');
  fixture = generateFixture({ scale, seed });
}
say(
  `federation: ${fixture.path} (${mib(fixture.stateBytes)} state, built ${(fixture.buildMs / 1000).toFixed(0)} s; ` +
    `${fixture.ledgerEntries} ledger entries, ${fixture.positions} positions)`,
);

// `--no-node` skips the Node half, e.g. in A/B runs of two builds (BENCH_APP_ROOT, see browser.ts).
if (!args.includes('--no-node')) printNode(fixture);

function printNode(fixture: Fixture): void {
  say('\n## Node');
  const n = nodeFigures(fixture, runs);
  say(
    `encoded state: ${mib(n.stateBytes)}; heap used after loading and reading: ${mib(n.heapBytes)}`,
  );
  say(`read the backup file (base64, CRC-32, trial apply): ${ms(n.readFileMs)}`);
  say(`plain Yjs baseline, Y.applyUpdate into a fresh Y.Doc: ${ms(n.applyMs)}`);
  say('our reads on it (first read / again, cached):');
  for (const r of n.reads)
    say(
      `  ${r.name.padEnd(28)} ${ms(r.coldMs).padStart(9)} / ${ms(r.warmMs).padStart(9)}   (${r.size})`,
    );
  say('items per root key (live + deleted; content bytes of live ones):');
  for (const r of n.roots)
    say(
      `  ${r.root.padEnd(16)} ${String(r.items).padStart(9)} items, ${String(r.deleted).padStart(8)} deleted, ${mib(r.bytes)}`,
    );
}

say(
  `\n## Chromium (headless, 390×844, offline cold starts) of ${process.env.BENCH_APP_ROOT ?? 'this checkout'}`,
);
const b = await browserFigures(fixture, runs, say);
const home = median(b.starts.map((s) => s.home));
const flat = (xs: number[][]) => xs.flat();
const row = (what: string, value: string, target: string) =>
  say(`| ${what.padEnd(40)} | ${value.padStart(12)} | ${target.padEnd(8)} |`);
say(`\nimport through the app: ${ms(b.importMs)}`);
say(
  `y-indexeddb copy: ${b.stored.updates} updates, ${mib(b.stored.bytes)}; origin storage used ${mib(b.usageBytes)}`,
);
say('');
row('figure (median)', 'measured', 'target');
say(`|${'-'.repeat(42)}|${'-'.repeat(14)}|${'-'.repeat(10)}|`);
row('app shell painted (offline cold start)', ms(median(b.starts.map((s) => s.shell))), '');
row('device copy loaded (y-indexeddb + Yjs)', ms(median(b.starts.map((s) => s.loaded))), '');
row('home with real figures (offline cold)', ms(home), '≤ 1000 ms');
row(
  'the same, from the kept home screen',
  ms(median(b.starts.map((s) => s.keptHome))),
  '≤ 1000 ms',
);
row('  its device copy loaded', ms(median(b.starts.map((s) => s.keptLoaded))), '');
for (const l of b.lists) {
  if (!l.rows) {
    row(`${l.name}: list`, 'no rows', '≤ 200 ms');
    continue;
  }
  row(`${l.name}: list to first row`, ms(median(l.openMs)), '≤ 200 ms');
  if (l.keyMs.length)
    row(
      `${l.name}: search keystroke (max ${ms(Math.max(...l.keyMs))})`,
      ms(median(l.keyMs)),
      '≤ 100 ms',
    );
  if (l.filterMs.length) row(`${l.name}: filter change`, ms(median(l.filterMs)), '≤ 100 ms');
}
row('every search keystroke, all lists', ms(median(flat(b.lists.map((l) => l.keyMs)))), '≤ 100 ms');
row('record a ledger entry → its page', ms(median(b.ledgerMs)), '≤ 33 ms');
row('then the fund overview with new balance', ms(median(b.balanceMs)), '≤ 200 ms');
row('cast a position → tally updated', ms(median(b.voteMs)), '≤ 33 ms');
row('JS heap after home (after GC)', mib(median(b.starts.map((s) => s.heapBytes))), '');
