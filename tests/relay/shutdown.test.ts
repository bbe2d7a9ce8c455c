// `tsx server/main.ts` as operators run it: SIGTERM flushes, says goodbye with 1001 and exits 0.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  connect,
  newFederation,
  onCleanup,
  startTestRelay,
  synced,
  tmpDir,
  waitFor,
} from './helpers';

const ROOT = join(import.meta.dirname, '..', '..');

describe('main.ts', () => {
  it('flushes on SIGTERM, exits 0, and a restarted relay has everything', async () => {
    const dataDir = tmpDir();
    const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), ['server/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, STATIC_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    onCleanup(() => child.kill('SIGKILL'));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    await waitFor('the relay to listen', () => stdout.includes('"listening"'), 15_000);
    const listening = JSON.parse(stdout.split('\n')[0] ?? '{}') as { port: number };
    const syncUrl = `ws://127.0.0.1:${listening.port}/sync`;

    const { id, token } = newFederation();
    const writer = connect({ syncUrl }, id, token);
    const watcher = connect({ syncUrl }, id, token);
    await synced(writer);
    await synced(watcher);
    for (let i = 0; i < 10; i++) writer.doc.getMap('ledger').set(`e${i}`, { amount: 100 * i });
    await waitFor('the watcher to see the ledger', () => watcher.doc.getMap('ledger').size === 10);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
    await waitFor('the clients to hear 1001', () => writer.closes.length > 0);
    expect(writer.closes[0]?.code).toBe(1001);
    expect(writer.closes[0]?.reason).toMatch(/restarting/);
    writer.destroy();
    watcher.destroy();
    const events = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { event: string });
    expect(events.map((e) => e.event)).toEqual(
      expect.arrayContaining(['listening', 'federation.claimed', 'shutdown', 'closed']),
    );
    expect(stdout).not.toContain(token);

    const relay = await startTestRelay({ dataDir });
    const fresh = connect(relay, id, token);
    await synced(fresh);
    expect(fresh.doc.getMap('ledger').toJSON()).toEqual(writer.doc.getMap('ledger').toJSON());
  });
});
