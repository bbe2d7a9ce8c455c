// `npm run bench:relay [-- --quick]`: our relay against the reference @y/websocket-server 0.1.1
// (LevelDB persistence), each in its own process on loopback, alternated A B A B with fresh
// processes and data dirs, driven by a load generator process of raw y-websocket clients.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from './config';
import { probeCommits } from './probe';
import { roundTables, summarize, summaryTable, targets } from './report';
import { runRound, type RoundResult } from './round';
import { machineCpu, OUR_ENV, type ServerKind } from './servers';
import { sleep } from './stats';

const dir = dirname(fileURLToPath(import.meta.url));
const root = resolve(dir, '../../..');
const cfg = parseArgs(process.argv.slice(2));
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const benchDir = join(root, '.bench');
const logDir = join(benchDir, `relay-${stamp}-logs`);
mkdirSync(logDir, { recursive: true });
const say = (line: string): void => console.log(line);
const started = Date.now();
/** Rounds are skipped past this, so a run stays bounded even when servers are slow to start. */
const budgetMs = cfg.quick ? 3 * 60_000 : 11 * 60_000;

say(
  `relay benchmark${cfg.quick ? ' (--quick: smoke test, not the target load)' : ''}: ` +
    `${cfg.clients} clients / ${cfg.federations} federations / ${cfg.rate} updates/s ` +
    `(${cfg.poisson ? 'Poisson' : 'evenly spaced'}), warm-up ${cfg.warmupSeconds} s, ` +
    `measured ${cfg.steadySeconds} s; ramp from ${cfg.rampStart}/s, ${cfg.stepSeconds} s per step`,
);
say(
  `machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), node ${process.version}, ` +
    `load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}; servers, load generator and this process share the cores`,
);
const commit = probeCommits();
say(
  `one durable SQLite commit here (WAL, synchronous=FULL, 300 inserts): p50 ${commit.p50.toFixed(
    2,
  )} ms, p99 ${commit.p99.toFixed(2)} ms, max ${commit.max.toFixed(2)} ms`,
);
say(`our relay env: ${JSON.stringify(OUR_ENV(cfg.unloadMs))}; server logs in ${logDir}`);

/** CPU the rest of the machine uses (% of one core) over one second, while nothing of ours runs. */
async function othersCpu(): Promise<number> {
  const before = machineCpu();
  const self = process.cpuUsage();
  await sleep(1_000);
  const own = process.cpuUsage(self);
  return (machineCpu().busyMs - before.busyMs - (own.user + own.system) / 1000) / 10;
}

/** Waits (bounded) for other jobs on this shared machine to quiet down before a round. */
async function waitForQuiet(maxMs: number): Promise<number> {
  const until = Date.now() + maxMs;
  let busy = await othersCpu();
  while (busy > 40 && Date.now() < until) busy = await othersCpu();
  return busy;
}

const kinds: ServerKind[] = cfg.only === null ? ['ours', 'reference'] : [cfg.only];
const results: RoundResult[] = [];
const failures: { kind: ServerKind; round: number; error: string }[] = [];
for (let round = 1; round <= cfg.rounds; round++) {
  for (const kind of kinds) {
    if (Date.now() - started > budgetMs) {
      say(`  time budget spent: skipping ${kind} round ${round}`);
      continue;
    }
    for (let attempt = 1; ; attempt++) {
      const busy = await waitForQuiet(cfg.quick ? 3_000 : 20_000);
      say(
        `${kind} round ${round}: other jobs on the machine use ${Math.max(0, busy).toFixed(0)}% of a core`,
      );
      try {
        const commit = probeCommits(200);
        const result = await runRound(kind, round, cfg, { root, dir, logDir }, say);
        results.push({ ...result, commit });
        break;
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        say(`  ${kind} round ${round} attempt ${attempt} failed: ${error}`);
        if (attempt >= 3 || Date.now() - started > budgetMs) {
          failures.push({ kind, round, error });
          break;
        }
        // Our relay may be mid-edit by someone else: wait and retry with fresh processes.
        await sleep(20_000);
      }
    }
  }
}

say('');
say(roundTables(results));
const ours = summarize(results, 'ours');
const ref = summarize(results, 'reference');
const summaries = [ours, ref].filter((s) => s !== null);
say('');
say('Summary (latency pooled over rounds; max = highest step held in every round)');
say(summaryTable(summaries));
say('');
const verdicts = targets(cfg, ours, ref);
say(`Targets${cfg.quick ? ' (quick run: indicative only)' : ''}`);
for (const t of verdicts) say(`  ${t.pass ? 'PASS' : 'MISS'}  ${t.name}: ${t.detail}`);
for (const f of failures) say(`  FAILED ROUND  ${f.kind} r${f.round}: ${f.error}`);
say('');
say(
  'Notes: the reference stores to LevelDB without fsync and broadcasts before storing; ours ' +
    'broadcasts at once and acks only after the commit (fsync). With YPERSISTENCE the reference drops a doc from ' +
    'memory when its last socket closes; ours unloads after RELAY_UNLOAD_AFTER_MS.',
);

const file = join(benchDir, `relay-${stamp}.json`);
const json = {
  startedAt: new Date(started).toISOString(),
  seconds: (Date.now() - started) / 1000,
  config: cfg,
  machine: { cores: cpus().length, node: process.version, loadavg: loadavg(), commit },
  rounds: results.map(({ samples: _samples, ...rest }) => rest),
  summary: summaries,
  targets: verdicts,
  failures,
};
writeFileSync(file, JSON.stringify(json, null, 2));
say(`figures: ${file} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
process.exit(failures.length > 0 ? 1 : 0);
