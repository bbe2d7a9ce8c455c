// Plain-text tables, the summary over rounds, and the targets of issue 7.
import type { Config } from './config';
import type { RoundResult } from './round';
import type { ServerKind } from './servers';
import { fixed, latencyOf, mean, type Latency } from './stats';

export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => c.padStart(widths[i] as number)).join('  ');
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.slice(1).map(line)].join(
    '\n',
  );
}

const f = fixed;
const kib = (bytes: number): string => f(bytes / 1024, 1);
const mib = (bytes: number): string => f(bytes / 2 ** 20, 1);
const pct = (ratio: number): string => f(ratio * 100, 1);

/** A table from column specs: a header and how to print a row's cell. */
function columns<T>(rows: T[], spec: [string, (row: T) => string | number][]): string {
  return table(
    spec.map(([header]) => header),
    rows.map((row) => spec.map(([, cell]) => cell(row))),
  );
}

const shown = (x: number | null): string | number =>
  typeof x === 'number' && !Number.isNaN(x) ? x : 'n/a';

export function roundTables(results: RoundResult[]): string {
  const steady = columns(results, [
    ['server', (r) => r.kind],
    ['round', (r) => r.round],
    ['sent', (r) => r.steady.sent],
    ['deliv%', (r) => pct(r.steady.deliveredRatio)],
    ['p50 ms', (r) => f(r.steady.latency.p50)],
    ['p99 ms', (r) => f(r.steady.latency.p99)],
    ['max ms', (r) => f(r.steady.latency.max)],
    ['ack p50', (r) => f(r.steady.ack.p50)],
    ['ack p99', (r) => f(r.steady.ack.p99)],
    ['srv µs/upd', (r) => f(r.steady.serverCpuPerUpdateUs, 0)],
    ['srv CPU%', (r) => f(r.steady.serverCpuPct, 0)],
    ['LG CPU%', (r) => f(r.steady.loadGenCpuPct, 0)],
    ['LG lag p99', (r) => f(r.steady.loopDelayP99, 1)],
    ['others CPU%', (r) => f(r.steady.othersCpuPct, 0)],
    ['drops', (r) => r.steady.disconnects],
    ['commit p50/p99', (r) => (r.commit ? `${f(r.commit.p50)}/${f(r.commit.p99)}` : '-')],
  ]);
  const memory = columns(results, [
    ['server', (r) => r.kind],
    ['round', (r) => r.round],
    ['RSS base MiB', (r) => mib(r.memory.baselineRss)],
    ['loaded MiB', (r) => mib(r.memory.loadedRss)],
    ['KiB/loaded fed', (r) => kib(r.memory.perLoadedFederation)],
    ['live heap KiB/fed', (r) => kib(r.memory.heapPerLoadedFederation)],
    ['idle MiB', (r) => mib(r.memory.idleRss)],
    ['KiB/idle fed', (r) => kib(r.memory.perIdleFederation)],
    ['feds loaded after idle', (r) => shown(r.memory.loadedAfterIdle)],
    ['stored KiB running', (r) => kib(r.storage.runningBytes)],
    ['stopped', (r) => kib(r.storage.bytes)],
    ['live', (r) => kib(r.storage.liveBytes)],
    ['updates', (r) => r.storage.updates],
    ['B/update', (r) => f(r.storage.perUpdate, 1)],
    ['live B/update', (r) => f(r.storage.liveBytes / r.storage.updates, 1)],
  ]);
  const steps = results.flatMap((r) => r.ramp.map((step) => ({ r, step })));
  const ramp = columns(steps, [
    ['server', ({ r }) => r.kind],
    ['round', ({ r }) => r.round],
    ['target/s', ({ step }) => step.rate],
    ['sent/s', ({ step }) => f(step.sent / step.seconds, 0)],
    ['deliv%', ({ step }) => pct(step.deliveredRatio)],
    ['p50 ms', ({ step }) => f(step.latency.p50)],
    ['p99 ms', ({ step }) => f(step.latency.p99, 1)],
    ['max ms', ({ step }) => f(step.latency.max, 1)],
    ['srv µs/upd', ({ step }) => f(step.serverCpuPerUpdateUs, 0)],
    ['srv CPU%', ({ step }) => f(step.serverCpuPct, 0)],
    ['LG CPU%', ({ step }) => f(step.loadGenCpuPct, 0)],
    ['LG lag p99', ({ step }) => f(step.loopDelayP99, 1)],
    ['others CPU%', ({ step }) => f(step.othersCpuPct, 0)],
    ['drops', ({ step }) => step.disconnects],
    ['result', ({ step }) => (step.pass ? 'held' : step.why)],
  ]);
  return [
    'Target load, per round (latency: send -> broadcast received by each other client of the federation;',
    "ack: send -> our relay's durable-write ack; CPU % of one core; others = the rest of the machine;",
    'commit = one SQLite WAL synchronous=FULL insert on this disk, probed before the round, in ms)',
    steady,
    '',
    'Memory and storage, per round (RSS deltas over the fresh server process; storage after warm-up +',
    'steady and the idle unload, running and after a clean stop; B/update uses the stopped size;',
    'live = SQLite pages in use, without the free pages its file keeps; RSS does not shrink after an',
    'unload because V8 keeps freed heap, so KiB/idle fed is an upper bound, not what an idle one holds)',
    memory,
    '',
    'Ramp, per round, on a restarted process over the same data (held = delivered >= 95%, p99 < 100 ms)',
    ramp,
  ].join('\n');
}

export interface ServerSummary {
  kind: ServerKind;
  rounds: number;
  latency: Latency;
  ackP99: number;
  serverCpuPerUpdateUs: number;
  loadGenCpuPct: number;
  /** Highest step held in every round (the lowest of the rounds' maxima). */
  maxSustained: number;
  maxPerRound: number[];
  perLoadedFederation: number;
  heapPerLoadedFederation: number;
  perIdleFederation: number;
  bytesPerUpdate: number;
}

export function summarize(results: RoundResult[], kind: ServerKind): ServerSummary | null {
  const mine = results.filter((r) => r.kind === kind);
  if (mine.length === 0) return null;
  const acks = mine.map((r) => r.steady.ack.p99).filter((x) => Number.isFinite(x));
  return {
    kind,
    rounds: mine.length,
    latency: latencyOf(mine.flatMap((r) => r.samples)),
    ackP99: Math.max(...acks),
    serverCpuPerUpdateUs: mean(mine.map((r) => r.steady.serverCpuPerUpdateUs)),
    loadGenCpuPct: mean(mine.map((r) => r.steady.loadGenCpuPct)),
    maxSustained: Math.min(...mine.map((r) => r.maxSustained)),
    maxPerRound: mine.map((r) => r.maxSustained),
    perLoadedFederation: mean(mine.map((r) => r.memory.perLoadedFederation)),
    heapPerLoadedFederation: mean(mine.map((r) => r.memory.heapPerLoadedFederation)),
    perIdleFederation: mean(mine.map((r) => r.memory.perIdleFederation)),
    bytesPerUpdate: mean(mine.map((r) => r.storage.perUpdate)),
  };
}

export function summaryTable(summaries: ServerSummary[]): string {
  return columns(summaries, [
    ['server', (s) => s.kind],
    ['rounds', (s) => s.rounds],
    ['p50 ms', (s) => f(s.latency.p50)],
    ['p99 ms', (s) => f(s.latency.p99)],
    ['max ms', (s) => f(s.latency.max)],
    ['ack p99', (s) => f(s.ackP99)],
    ['srv µs/upd', (s) => f(s.serverCpuPerUpdateUs, 0)],
    ['LG CPU%', (s) => f(s.loadGenCpuPct, 0)],
    ['max upd/s (per round)', (s) => `${s.maxSustained} (${s.maxPerRound.join(', ')})`],
    ['KiB/loaded fed', (s) => kib(s.perLoadedFederation)],
    ['live heap KiB/fed', (s) => kib(s.heapPerLoadedFederation)],
    ['KiB/idle fed', (s) => kib(s.perIdleFederation)],
    ['B/update', (s) => f(s.bytesPerUpdate, 1)],
  ]);
}

export interface Target {
  name: string;
  pass: boolean | null;
  detail: string;
}

export function targets(
  cfg: Config,
  ours: ServerSummary | null,
  ref: ServerSummary | null,
): Target[] {
  const load = `${cfg.clients} clients / ${cfg.federations} federations / ${cfg.rate} updates/s`;
  const out: Target[] = [];
  if (ours !== null) {
    const p99 = ours.latency.p99;
    out.push({
      name: 'p99 broadcast <= 3 ms at the target load, durable writes',
      pass: p99 <= 3,
      detail: `ours p99 ${f(p99)} ms at ${load} (SQLite WAL, synchronous=FULL, acked after the commit)`,
    });
  }
  if (ours !== null && ref !== null) {
    out.push({
      name: ">= 2x the reference's max sustained updates/s",
      pass: ours.maxSustained >= 2 * ref.maxSustained,
      detail: `ours ${ours.maxSustained}/s vs reference ${ref.maxSustained}/s (ratio ${f(
        ours.maxSustained / ref.maxSustained,
      )})`,
    });
    out.push({
      name: "<= 1/3 of the reference's memory per loaded federation",
      pass: ours.perLoadedFederation <= ref.perLoadedFederation / 3,
      detail:
        `RSS: ours ${kib(ours.perLoadedFederation)} KiB vs reference ${kib(
          ref.perLoadedFederation,
        )} KiB (ratio ${f(ours.perLoadedFederation / ref.perLoadedFederation)}); ` +
        `live V8 heap: ours ${kib(ours.heapPerLoadedFederation)} KiB vs reference ${kib(
          ref.heapPerLoadedFederation,
        )} KiB (ratio ${f(ours.heapPerLoadedFederation / ref.heapPerLoadedFederation)})`,
    });
  }
  return out;
}
