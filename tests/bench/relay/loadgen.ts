// The load generator process: N clients over F federations, driven by commands from run.ts over
// IPC. Senders and receivers live in this one process, so a stamp of performance.now() taken by the
// sender is compared with the receiver's clock directly (broadcast latency, one way).
import { randomBytes } from 'node:crypto';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { BenchClient, type Sink } from './client';
import type { Command, ConnectCommand, ConnectResult, PhaseCommand, PhaseResult } from './protocol';
import { latencyOf, Samples, sleep } from './stats';

const clients: BenchClient[] = [];
const perPhase = new Map<number, { delivered: number; latencies: Samples }>();
let acks = new Samples();
let disconnects = 0;
let seq = 0;

const sink: Sink = {
  delivered(phase, latencyMs) {
    const entry = perPhase.get(phase);
    if (entry === undefined) return; // a late delivery of a finished phase counts as lost
    entry.delivered += 1;
    entry.latencies.push(latencyMs);
  },
  acked: (latencyMs) => acks.push(latencyMs),
  closed: () => (disconnects += 1),
};

const token = (): string => randomBytes(32).toString('base64url');

async function connect(cmd: ConnectCommand): Promise<ConnectResult> {
  const started = performance.now();
  if (clients.length === 0) {
    const federations = Array.from({ length: cmd.federations }, () => ({
      id: randomBytes(16).toString('base64url'),
      token: token(),
    }));
    for (let i = 0; i < cmd.clients; i++) {
      const federation = federations[i % cmd.federations] as { id: string; token: string };
      const path = `/${federation.id}?token=${federation.token}`;
      const opts = { expectAcks: cmd.expectAcks, awareness: cmd.awareness };
      clients.push(new BenchClient(path, i, sink, opts));
    }
    for (const client of clients) {
      client.peers = clients.filter(
        (other) =>
          other !== client && other.index % cmd.federations === client.index % cmd.federations,
      );
    }
  }
  for (const client of clients) client.base = cmd.base;
  // The first client of each federation claims it with the token; then the others join.
  const firsts = clients.slice(0, cmd.federations);
  const rest = clients.slice(cmd.federations);
  let failed = 0;
  let firstError: string | undefined;
  const fail = (err: unknown) => {
    failed += 1;
    firstError ??= String(err);
  };
  for (const group of [firsts, rest]) {
    for (let i = 0; i < group.length; i += 100) {
      const batch = group.slice(i, i + 100).map((c) => c.connect().catch(fail));
      await Promise.all(batch);
    }
  }
  return {
    ms: performance.now() - started,
    connected: clients.length - failed,
    failed,
    firstError,
  };
}

/** Poisson (or evenly spaced) sends at `rate`/s from random clients, then a drain. */
async function phase(cmd: PhaseCommand): Promise<PhaseResult> {
  const entry = { delivered: 0, latencies: new Samples() };
  perPhase.clear();
  perPhase.set(cmd.phase, entry);
  acks = new Samples();
  disconnects = 0;
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const cpu = process.cpuUsage();
  const start = performance.now();
  const end = start + cmd.seconds * 1000;
  const gap = () => (cmd.poisson ? -Math.log(1 - Math.random()) : 1) * (1000 / cmd.rate);
  let next = start + gap();
  let sent = 0;
  let skipped = 0;
  let expected = 0;
  await new Promise<void>((done) => {
    const tick = (): void => {
      const now = performance.now();
      while (next <= now && next < end) {
        const client = clients[Math.floor(Math.random() * clients.length)] as BenchClient;
        if (client.write(cmd.phase, ++seq)) {
          sent += 1;
          for (const peer of client.peers) if (peer.ready) expected += 1;
        } else skipped += 1;
        next += gap();
      }
      if (next >= end) done();
      else setTimeout(tick, Math.max(0, Math.min(next - performance.now(), 10)));
    };
    tick();
  });
  const sendEnd = performance.now();
  // Drain: until everything arrived, or nothing more arrived for 500 ms (at most 3 s).
  let last = entry.delivered;
  let still = performance.now();
  while (entry.delivered < expected && performance.now() - sendEnd < 3_000) {
    await sleep(50);
    if (entry.delivered !== last) {
      last = entry.delivered;
      still = performance.now();
    } else if (performance.now() - still > 500) break;
  }
  perPhase.delete(cmd.phase);
  loop.disable();
  const used = process.cpuUsage(cpu);
  const values = entry.latencies.values();
  return {
    phase: cmd.phase,
    rate: cmd.rate,
    seconds: (sendEnd - start) / 1000,
    sent,
    skipped,
    expected,
    delivered: entry.delivered,
    latency: latencyOf(values),
    ack: latencyOf(acks.values()),
    cpuMs: (used.user + used.system) / 1000,
    wallMs: performance.now() - start,
    loopDelayP99: loop.percentile(99) / 1e6,
    disconnects,
    samples: cmd.samples ? Array.from(values, (v) => Math.round(v * 1000) / 1000) : undefined,
  };
}

async function handle(cmd: Command): Promise<unknown> {
  switch (cmd.cmd) {
    case 'connect':
      return connect(cmd);
    case 'phase':
      return phase(cmd);
    case 'disconnect':
      await Promise.all(clients.map((c) => c.close()));
      return { closed: clients.length };
    case 'exit':
      setTimeout(() => process.exit(0), 10);
      return {};
  }
}

process.on('message', (message: { id: number; command: Command }) => {
  handle(message.command).then(
    (result) => process.send?.({ id: message.id, ok: true, result }),
    (err: unknown) => process.send?.({ id: message.id, ok: false, error: String(err) }),
  );
});
process.on('disconnect', () => process.exit(0));
