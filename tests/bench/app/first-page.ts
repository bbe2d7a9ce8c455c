// Prints the JavaScript a first visit downloads: `tsx tests/bench/app/first-page.ts` after
// `npm run build`. Serves build/ from a real relay on a free port and loads "/" in Chromium.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { startRelay } from '../../../server/relay';

const dataDir = mkdtempSync(join(tmpdir(), 'fp-first-page-'));
const profile = mkdtempSync(join(tmpdir(), 'fp-first-page-profile-'));
const relay = await startRelay({
  port: 0,
  host: '127.0.0.1',
  dataDir,
  staticDir: 'build',
  log: () => {},
});
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  viewport: { width: 390, height: 844 },
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
  ],
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  const files: { url: string; raw: number; gzip: number }[] = [];
  const pending: Promise<void>[] = [];
  page.on('response', (res) => {
    const url = res.url();
    if (!url.endsWith('.js') || url.endsWith('/sw.js')) return;
    pending.push(
      res.body().then((body) => {
        files.push({ url, raw: body.length, gzip: gzipSync(body).length });
      }),
    );
  });
  const started = performance.now();
  await page.goto(`${relay.url}/`);
  await page.getByRole('link', { name: 'Create a federation' }).waitFor();
  const ms = performance.now() - started;
  await Promise.all(pending);
  const kib = (n: number) => (n / 1024).toFixed(1);
  for (const f of files.sort((a, b) => b.gzip - a.gzip))
    console.log(`${kib(f.gzip).padStart(7)} KiB gz  ${new URL(f.url).pathname}`);
  const raw = files.reduce((s, f) => s + f.raw, 0);
  const gzip = files.reduce((s, f) => s + f.gzip, 0);
  console.log(
    `first page: ${files.length} JS files, ${kib(raw)} KiB raw, ${kib(gzip)} KiB gzip; first screen in ${ms.toFixed(0)} ms`,
  );
} finally {
  await context.close();
  await relay.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(profile, { recursive: true, force: true });
}
