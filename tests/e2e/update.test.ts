// A new version of the app while someone is typing: the prompt appears, the typed input stays, the
// app never reloads by itself (not even when another tab switches to the new version), and
// accepting reloads into the new build. The second build is a copy of build/ with a marker in its
// pages and its own service worker made by the real scripts/build-sw.js.
// (A document with a newer schemaVersion opening read-only is tested end to end in bad-input.test.ts.)
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRelay, type Relay } from '../../server/relay';
import { openDevice, tmpDir, waitForServiceWorker } from './helpers';

const ROOT = resolve(import.meta.dirname, '../..');
const MARKER = '<meta name="fp-build" content="2">';
let relay: Relay | null = null;

afterEach(async () => {
  await relay?.close();
  relay = null;
});

const one = join(ROOT, 'build');
let two = '';

/** A second build whose pages carry a marker and whose service worker differs (made once: ~10 s). */
beforeAll(() => {
  two = join(tmpDir('e2e-build2-'), 'build');
  cpSync(one, two, { recursive: true });
  for (const name of readdirSync(two).filter((n) => n.endsWith('.html'))) {
    const file = join(two, name);
    const html = readFileSync(file, 'utf8').replace('<head>', `<head>${MARKER}`);
    writeFileSync(file, html);
    // The relay prefers the precompressed siblings: they must carry the marker too.
    writeFileSync(`${file}.br`, brotliCompressSync(html));
    writeFileSync(`${file}.gz`, gzipSync(html));
  }
  execFileSync(process.execPath, ['scripts/build-sw.js', two], { cwd: ROOT, stdio: 'pipe' });
  expect(readFileSync(join(two, 'sw.js'), 'utf8')).not.toBe(
    readFileSync(join(one, 'sw.js'), 'utf8'),
  );
});

/** What the server hands out from now on: a copy of the files of `build`. */
function serve(served: string, build: string): void {
  for (const name of readdirSync(served))
    rmSync(join(served, name), { recursive: true, force: true });
  cpSync(build, served, { recursive: true });
}

function isBuildTwo(page: Page): Promise<boolean> {
  return page.evaluate(() => document.querySelector('meta[name="fp-build"]') !== null);
}

/** Asks the browser to look for a new service worker now (as it does on its own from time to time). */
function checkForUpdate(page: Page): Promise<void> {
  return page.evaluate(async () => {
    await (await navigator.serviceWorker.getRegistration())?.update();
  });
}

async function typeUnsaved(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/new`);
  await page.getByLabel('Name').fill('Baltic Federation, not saved yet');
  // Anything that survives only if the page is never reloaded.
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
}

const sameDocument = (page: Page) =>
  page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument === true);

/** A device running build 1 from a relay that serves a folder the test can swap. */
async function onBuildOne() {
  const served = tmpDir('e2e-served-');
  serve(served, one);
  relay = await startRelay({
    port: 0,
    host: '127.0.0.1',
    dataDir: tmpDir(),
    staticDir: served,
    log: () => {},
  });
  const base = relay.url;
  const device = await openDevice('device');
  await device.page.goto(base);
  await waitForServiceWorker(device.page);
  return { served, base, device };
}

describe('app updates', () => {
  it('asks before an update, keeps typed input, and reloads into the new build only when told', async () => {
    const { served, base, device } = await onBuildOne();
    const { page, context, errors } = device;
    await typeUnsaved(page, base);
    expect(await isBuildTwo(page)).toBe(false);

    serve(served, two);
    await checkForUpdate(page);
    const prompt = page.getByTestId('update-prompt');
    await prompt
      .getByText('A new version of Federation Planner is ready.')
      .waitFor({ timeout: 20_000 });
    expect(await page.getByLabel('Name').inputValue()).toBe('Baltic Federation, not saved yet');

    // Another tab takes the update; this tab, mid-edit, must not reload by itself.
    const other = await context.newPage();
    await other.goto(base);
    await other.getByTestId('update-prompt').getByRole('button', { name: 'Update now' }).click();
    await expect.poll(() => isBuildTwo(other), { timeout: 20_000 }).toBe(true);
    await new Promise((r) => setTimeout(r, 2_000));
    expect(await sameDocument(page)).toBe(true);
    expect(await page.getByLabel('Name').inputValue()).toBe('Baltic Federation, not saved yet');
    await other.close();

    // Here the user is asked first, because of the unsaved input; "Not now" keeps everything.
    await prompt.getByRole('button', { name: 'Update now' }).click();
    await prompt.getByText(/^This page has changes you have not saved/).waitFor();
    await prompt.getByRole('button', { name: 'Not now' }).click();
    expect(await sameDocument(page)).toBe(true);
    expect(await page.getByLabel('Name').inputValue()).toBe('Baltic Federation, not saved yet');

    await prompt.getByRole('button', { name: 'Update now' }).click();
    await prompt.getByRole('button', { name: 'Update anyway' }).click();
    await expect.poll(() => isBuildTwo(page).catch(() => false), { timeout: 20_000 }).toBe(true);
    expect(await sameDocument(page)).toBe(false);
    await page.getByRole('heading', { level: 1, name: 'Create a federation' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('updates at once when nothing is being edited, and the new build then runs offline', async () => {
    const { served, device } = await onBuildOne();
    const { page, context } = device;

    serve(served, two);
    await checkForUpdate(page);
    const prompt = page.getByTestId('update-prompt');
    await prompt.getByRole('button', { name: 'Update now' }).click({ timeout: 20_000 });
    await expect.poll(() => isBuildTwo(page).catch(() => false), { timeout: 20_000 }).toBe(true);
    expect(await prompt.count()).toBe(0);

    await context.setOffline(true);
    await relay?.close();
    relay = null;
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Welcome to Federation Planner' }).waitFor();
    expect(await isBuildTwo(page)).toBe(true);
  });
});
