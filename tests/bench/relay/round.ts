// One round against one server: fresh server and load generator processes, the target load, memory
// and storage, then the ramp.
import { rmSync } from 'node:fs';
import type { Config } from './config';
import { LoadGenerator } from './loadgen-process';
import { liveHeapBytes } from './inspect';
import type { ConnectResult, PhaseResult } from './protocol';
import {
  cpuMs,
  dirBytes,
  machineCpu,
  metric,
  rssBytes,
  sqliteLiveBytes,
  startServer,
  type RunningServer,
  type ServerKind,
} from './servers';
import { fixed, quantile, sleep, type Latency } from './stats';

const median = (xs: number[]): number => quantile(xs, 0.5);

/** A measured phase with the server's side of it. */
export interface Measured extends Omit<PhaseResult, 'samples'> {
  deliveredRatio: number;
  serverCpuMs: number;
  /** Server CPU per update sent, in µs. */
  serverCpuPerUpdateUs: number;
  /** Server and load generator CPU as % of one core over the phase. */
  serverCpuPct: number;
  loadGenCpuPct: number;
  /** CPU used by everything else on the machine (other jobs), % of one core; iowait likewise. */
  othersCpuPct: number;
  iowaitPct: number;
}

export interface Step extends Measured {
  pass: boolean;
  why: string;
}

export interface RoundResult {
  kind: ServerKind;
  round: number;
  connect: ConnectResult;
  steady: Measured;
  /** Raw steady latencies (ms), pooled in the summary; not written to the JSON. */
  samples: number[];
  memory: {
    baselineRss: number;
    loadedRss: number;
    perLoadedFederation: number;
    idleRss: number;
    perIdleFederation: number;
    /** V8 heap in use after a full GC, fresh and with every federation loaded (after steady). */
    baselineHeap: number;
    loadedHeap: number;
    heapPerLoadedFederation: number;
    /** Our relay's relay_federations_loaded after the idle wait (NaN for the reference). */
    loadedAfterIdle: number;
  };
  /** Data dir after warm-up + steady and the idle unload: running, then after a clean stop. */
  storage: {
    runningBytes: number;
    bytes: number;
    /** Ours: bytes in SQLite pages in use (the rest are free pages the file keeps). */
    liveBytes: number;
    updates: number;
    perUpdate: number;
  };
  ramp: Step[];
  maxSustained: number;
  rampEnd: string;
  /** A durable SQLite commit on this disk, probed just before the round (see probe.ts). */
  commit?: Latency;
}

/** RSS every 250 ms until `until` settles. */
async function sampleRss(pid: number, until: Promise<unknown>): Promise<number[]> {
  const samples = [rssBytes(pid)];
  let done = false;
  void until.finally(() => (done = true)).catch(() => {});
  while (!done) {
    await Promise.race([sleep(250), until.catch(() => {})]);
    if (!done) samples.push(rssBytes(pid));
  }
  return samples;
}

export function judge(step: Measured, seconds: number): { pass: boolean; why: string } {
  // Poisson counts vary (±3% at 1,400 sends): only a clear shortfall means the generator lagged.
  if (step.sent < 0.85 * step.rate * seconds) {
    return { pass: false, why: 'load generator could not send at this rate' };
  }
  if (step.deliveredRatio < 0.95) {
    return { pass: false, why: `delivered ${fixed(step.deliveredRatio * 100, 1)}% < 95%` };
  }
  if (!(step.latency.p99 < 100)) {
    return { pass: false, why: `p99 ${fixed(step.latency.p99, 1)} ms >= 100 ms` };
  }
  return { pass: true, why: '' };
}

async function measure(
  server: RunningServer,
  lg: LoadGenerator,
  phase: number,
  rate: number,
  seconds: number,
  cfg: Config,
  samples = false,
): Promise<{ measured: Measured; samples: number[] }> {
  const before = cpuMs(server.pid);
  const machine = machineCpu();
  const self = process.cpuUsage();
  const result = await lg.phase({ phase, rate, seconds, poisson: cfg.poisson, samples });
  const serverCpu = cpuMs(server.pid) - before;
  const after = machineCpu();
  const own = process.cpuUsage(self);
  const others =
    after.busyMs - machine.busyMs - serverCpu - result.cpuMs - (own.user + own.system) / 1000;
  const { samples: raw, ...rest } = result;
  return {
    measured: {
      ...rest,
      deliveredRatio: result.expected === 0 ? 0 : result.delivered / result.expected,
      serverCpuMs: serverCpu,
      serverCpuPerUpdateUs: result.sent === 0 ? NaN : (serverCpu * 1000) / result.sent,
      serverCpuPct: (serverCpu / result.wallMs) * 100,
      loadGenCpuPct: (result.cpuMs / result.wallMs) * 100,
      othersCpuPct: Math.max(0, (others / result.wallMs) * 100),
      iowaitPct: ((after.iowaitMs - machine.iowaitMs) / result.wallMs) * 100,
    },
    samples: raw ?? [],
  };
}

export async function runRound(
  kind: ServerKind,
  round: number,
  cfg: Config,
  paths: { root: string; dir: string; logDir: string },
  say: (line: string) => void,
): Promise<RoundResult> {
  const log = (line: string) => say(`  ${kind} r${round}: ${line}`);
  const label = `${kind}-r${round}-${new Date().toISOString().slice(11, 19).replace(/:/g, '')}`;
  const start = (suffix: string, dataDir?: string) =>
    startServer(kind, paths.root, paths.logDir, label + suffix, cfg.unloadMs, dataDir);
  let server = await start('');
  const dataDir = server.dataDir;
  const lg = new LoadGenerator(paths.dir);
  try {
    await sleep(1_500);
    const baselineRss = median(await sampleRss(server.pid, sleep(2_000)));
    const baselineHeap = await liveHeapBytes(server.inspectPort);
    const connectOpts = {
      base: server.syncBase,
      clients: cfg.clients,
      federations: cfg.federations,
      expectAcks: kind === 'ours',
      awareness: cfg.awareness,
    };
    const connect = await lg.connect(connectOpts);
    log(`${connect.connected} clients connected in ${fixed(connect.ms, 0)} ms`);
    if (connect.failed > 0) {
      throw new Error(`${connect.failed} clients could not connect (${connect.firstError})`);
    }
    const warm = await measure(server, lg, 1, cfg.rate, cfg.warmupSeconds, cfg);
    // RSS while loaded: the median of samples taken through the measured phase.
    const steadyPhase = measure(server, lg, 2, cfg.rate, cfg.steadySeconds, cfg, true);
    const loadedSamples = await sampleRss(server.pid, steadyPhase);
    const steadyRun = await steadyPhase;
    const steady = steadyRun.measured;
    log(
      `steady p50 ${fixed(steady.latency.p50, 2)} ms, p99 ${fixed(steady.latency.p99, 2)} ms, ` +
        `delivered ${fixed(steady.deliveredRatio * 100, 1)}%, others on the machine ` +
        `${fixed(steady.othersCpuPct, 0)}% CPU`,
    );
    const loadedRss = median(loadedSamples);
    const loadedHeap = await liveHeapBytes(server.inspectPort);
    await lg.disconnect();
    await sleep(cfg.unloadMs + cfg.idleWaitMs);
    const idleRss = median(await sampleRss(server.pid, sleep(1_500)));
    const loadedAfterIdle = await metric(server, 'relay_federations_loaded');
    const updates = warm.measured.sent + steady.sent;
    const runningBytes = dirBytes(dataDir);
    await server.stop();
    const bytes = dirBytes(dataDir);
    const liveBytes = kind === 'ours' ? sqliteLiveBytes(dataDir) : NaN;
    const memory = {
      baselineRss,
      loadedRss,
      perLoadedFederation: (loadedRss - baselineRss) / cfg.federations,
      idleRss,
      perIdleFederation: (idleRss - baselineRss) / cfg.federations,
      baselineHeap,
      loadedHeap,
      heapPerLoadedFederation: (loadedHeap - baselineHeap) / cfg.federations,
      loadedAfterIdle,
    };
    const storage = { runningBytes, bytes, liveBytes, updates, perUpdate: bytes / updates };
    if (!cfg.ramp) {
      const rampEnd = 'not run (--no-ramp)';
      const result = { connect, steady, samples: steadyRun.samples, memory, storage };
      return { kind, round, ...result, ramp: [], maxSustained: NaN, rampEnd };
    }
    // The ramp runs on a fresh process over the same data: the federations load from disk.
    server = await start('-ramp', dataDir);
    const again = await lg.connect({ ...connectOpts, base: server.syncBase });
    if (again.failed > 0) {
      throw new Error(`${again.failed} clients could not reconnect (${again.firstError})`);
    }
    await sleep(1_000);
    const ramp: Step[] = [];
    let best = 0;
    let failedAt = Infinity;
    let rate = cfg.rampStart;
    let rampEnd = 'step limit';
    for (let n = 0; n < cfg.rampMaxSteps; n++) {
      const { measured } = await measure(server, lg, 10 + n, rate, cfg.stepSeconds, cfg);
      const step = { ...measured, ...judge(measured, cfg.stepSeconds) };
      ramp.push(step);
      log(
        `ramp ${rate}/s sent ${step.sent} delivered ${fixed(step.deliveredRatio * 100, 1)}% ` +
          `p99 ${fixed(step.latency.p99, 1)} ms, CPU server ${fixed(step.serverCpuPct, 0)}% ` +
          `LG ${fixed(step.loadGenCpuPct, 0)}% others ${fixed(step.othersCpuPct, 0)}% ` +
          (step.pass ? 'held' : `MISS (${step.why})`),
      );
      if (step.pass) best = Math.max(best, rate);
      else failedAt = Math.min(failedAt, rate);
      if (!step.pass && step.why.startsWith('load generator')) {
        rampEnd = 'load generator limit';
        break;
      }
      if (failedAt === Infinity) {
        if (rate * 2 > cfg.rampMaxRate) {
          rampEnd = `held up to the highest step (${rate}/s)`;
          break;
        }
        rate *= 2;
        continue;
      }
      if (best === 0) {
        // Even the first step failed: halve until one holds (down to 1/8 of the start).
        if (rate / 2 < cfg.rampStart / 8) {
          rampEnd = `failed at every step down to ${rate}/s`;
          break;
        }
        rate = Math.round(rate / 2);
        await sleep(2_000);
        continue;
      }
      // Bisect (geometrically) between the highest step held and the lowest that failed until they
      // are within cfg.rampResolution of each other: doubling alone leaves the max unresolved.
      if (failedAt / best <= cfg.rampResolution) {
        rampEnd = `failed at ${failedAt}/s`;
        break;
      }
      const mid = Math.round(Math.sqrt(best * failedAt) / 10) * 10;
      if (mid <= best || mid >= failedAt || ramp.some((s) => s.rate === mid)) {
        rampEnd = `failed at ${failedAt}/s`;
        break;
      }
      rate = mid;
      await sleep(2_000);
    }
    return {
      kind,
      round,
      connect,
      steady,
      samples: steadyRun.samples,
      memory,
      storage,
      ramp,
      maxSustained: best,
      rampEnd,
    };
  } finally {
    await lg.disconnect().catch(() => {});
    await lg.stop();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
