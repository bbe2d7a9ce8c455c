// The two servers under test, each a child process on loopback with a fresh data dir, and what
// /proc says about them.
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep } from './stats';

export type ServerKind = 'ours' | 'reference';

export interface RunningServer {
  kind: ServerKind;
  pid: number;
  port: number;
  /** The process's inspector port (live heap readings, inspect.ts). */
  inspectPort: number;
  /** ws://127.0.0.1:port/sync: both servers take /sync/<federation>?token=… */
  syncBase: string;
  httpBase: string;
  dataDir: string;
  logFile: string;
  stop(): Promise<void>;
}

/** Settings of our relay for the benchmark: limits raised for 1,500 clients from one address. */
export const OUR_ENV = (unloadAfterMs: number): Record<string, string> => ({
  RELAY_MAX_CONNECTIONS_PER_IP: '20000',
  RELAY_MAX_CLAIMS_PER_IP_PER_HOUR: '1000000',
  RELAY_MESSAGES_PER_SECOND: '100000',
  RELAY_MESSAGE_BURST: '100000',
  RELAY_UNLOAD_AFTER_MS: String(unloadAfterMs),
});

/**
 * Node flags our relay runs with, as `npm start` and `npm run relay` give them (package.json): a
 * young generation of 2 MiB semi-spaces instead of growing to 16 MiB under load (see server/README.md).
 */
export const RELAY_NODE_FLAGS = ['--max-semi-space-size=2'];

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => done(port));
    });
  });
}

async function waitReady(url: string, child: ChildProcess, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`server not ready at ${url} after ${ms} ms`);
}

/** Starts one server as its own process (node, no wrapper, so its pid is the server's). */
export async function startServer(
  kind: ServerKind,
  root: string,
  logDir: string,
  label: string,
  unloadAfterMs: number,
  reuseDir?: string,
): Promise<RunningServer> {
  const dataDir = reuseDir ?? mkdtempSync(join(tmpdir(), `bench-${kind}-`));
  const port = await freePort();
  const inspectPort = await freePort();
  const logFile = join(logDir, `${label}.log`);
  const log = openSync(logFile, 'w');
  const env: Record<string, string | undefined> = { ...process.env, PORT: String(port) };
  // BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") goes to both servers, for profiling.
  const extra = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
  extra.push(`--inspect=127.0.0.1:${inspectPort}`);
  let args: string[];
  if (kind === 'ours') {
    args = [...RELAY_NODE_FLAGS, ...extra, '--import', 'tsx', 'server/main.ts'];
    Object.assign(env, { HOST: '127.0.0.1', DATA_DIR: dataDir, ...OUR_ENV(unloadAfterMs) });
  } else {
    args = [...extra, 'node_modules/@y/websocket-server/src/server.js'];
    Object.assign(env, { HOST: '127.0.0.1', YPERSISTENCE: dataDir });
  }
  // BENCH_OURS_ROOT runs our relay from another checkout (an A/B against an earlier commit).
  const cwd = kind === 'ours' ? (process.env.BENCH_OURS_ROOT ?? root) : root;
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', log, log] });
  closeSync(log);
  const httpBase = `http://127.0.0.1:${port}`;
  try {
    await waitReady(kind === 'ours' ? `${httpBase}/healthz` : httpBase, child, 30_000);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return {
    kind,
    pid: child.pid as number,
    port,
    inspectPort,
    syncBase: `ws://127.0.0.1:${port}/sync`,
    httpBase,
    dataDir,
    logFile,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

const CLOCK_TICKS = 100; // USER_HZ on Linux

/** CPU time (user + system, all threads) of a process so far, in ms. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/** Resident set size of a process, in bytes. */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match === null ? NaN : Number(match[1]) * 1024;
}

/** Apparent size of every file under a directory, in bytes (what `du -sb` says). */
export function dirBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += dirBytes(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

/** Our relay's gauges from GET /metrics (NaN when unavailable, e.g. for the reference). */
export async function metric(server: RunningServer, name: string): Promise<number> {
  if (server.kind !== 'ours') return NaN;
  try {
    const text = await (await fetch(`${server.httpBase}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name} `));
    return line === undefined ? NaN : Number(line.split(' ')[1]);
  } catch {
    return NaN;
  }
}

/** Machine-wide CPU so far (all cores, ms): busy (not idle, not iowait) and iowait. */
export function machineCpu(): { busyMs: number; iowaitMs: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const [user, nice, system, , iowait, irq, softirq, steal] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number) as number[];
  const busy =
    (user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0);
  return { busyMs: (busy * 1000) / CLOCK_TICKS, iowaitMs: ((iowait ?? 0) * 1000) / CLOCK_TICKS };
}

/** Bytes of our SQLite store in pages that hold data (the file keeps freed pages: no VACUUM). */
export function sqliteLiveBytes(dataDir: string): number {
  const file = join(dataDir, 'relay.sqlite');
  if (!existsSync(file)) return NaN;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const pragma = (name: string) => db.pragma(name, { simple: true }) as number;
    return (pragma('page_count') - pragma('freelist_count')) * pragma('page_size');
  } finally {
    db.close();
  }
}
