// The orchestrator's handle on the load generator: a forked process spoken to over IPC.
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Command, ConnectResult, PhaseResult, Reply } from './protocol';

export class LoadGenerator {
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, { done: (r: unknown) => void; fail: (e: Error) => void }>();
  #next = 1;

  constructor(dir: string) {
    this.#child = fork(join(dir, 'loadgen.ts'), [], {
      // BENCH_LG_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the load generator.
      execArgv: [
        ...(process.env.BENCH_LG_ARGS ?? '').split(' ').filter((a) => a !== ''),
        '--import',
        'tsx',
      ],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.#child.on('message', (reply: Reply) => {
      const waiter = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      if (reply.ok) waiter?.done(reply.result);
      else waiter?.fail(new Error(`load generator: ${reply.error}`));
    });
    this.#child.on('exit', (code) => {
      for (const waiter of this.#pending.values()) {
        waiter.fail(new Error(`load generator exited with ${code}`));
      }
      this.#pending.clear();
    });
  }

  get pid(): number {
    return this.#child.pid as number;
  }

  #call<T>(command: Command, timeoutMs: number): Promise<T> {
    const id = this.#next++;
    return new Promise<T>((done, fail) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        fail(new Error(`load generator: ${command.cmd} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, {
        done: (r) => (clearTimeout(timer), done(r as T)),
        fail: (e) => (clearTimeout(timer), fail(e)),
      });
      this.#child.send({ id, command });
    });
  }

  connect(command: Omit<Extract<Command, { cmd: 'connect' }>, 'cmd'>): Promise<ConnectResult> {
    return this.#call({ cmd: 'connect', ...command }, 120_000);
  }

  phase(command: Omit<Extract<Command, { cmd: 'phase' }>, 'cmd'>): Promise<PhaseResult> {
    return this.#call({ cmd: 'phase', ...command }, command.seconds * 1000 + 60_000);
  }

  disconnect(): Promise<unknown> {
    return this.#call({ cmd: 'disconnect' }, 30_000);
  }

  async stop(): Promise<void> {
    if (this.#child.exitCode !== null) return;
    const exited = new Promise((done) => this.#child.once('exit', done));
    this.#call({ cmd: 'exit' }, 5_000).catch(() => {});
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}
