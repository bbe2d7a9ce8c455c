// The Chromium half of the app benchmark: the generated federation imported through the app, then
// cold starts offline (a fresh browser on the same profile, network off, the service worker serving
// the app) timing the home screen, each area's list, search keystrokes, a ledger entry and a vote.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startRelay } from '../../../server/relay';
import type { Fixture } from './fixture';

const ROOT = resolve(import.meta.dirname, '../../..');
// BENCH_APP_ROOT=<another checkout> measures that checkout's build on the same fixture (A/B runs).
const BUILD = join(process.env.BENCH_APP_ROOT ?? ROOT, 'build');
const PROBES = join(import.meta.dirname, 'page-probes.js');
const LONG = 30 * 60_000;
// BENCH_PROFILE=<dir> writes a CPU profile of each timed write and list (open in DevTools).
const PROFILE_DIR = process.env.BENCH_PROFILE;

/** The main lists: name and path under /f/<id>/. */
export const AREAS = [
  ['requests', 'requests'],
  ['events', 'events'],
  ['people', 'people'],
  ['organizations', 'organizations'],
  ['tasks', 'tasks'],
  ['councils', 'councils'],
  ['materials', 'materials'],
  ['proposals', 'proposals'],
  ['meetings', 'meetings'],
  ['fund ledger', 'fund/ledger'],
] as const;

export interface ListFigures {
  name: string;
  rows: boolean;
  openMs: number[];
  keyMs: number[];
  filterMs: number[];
}

export interface BrowserFigures {
  importMs: number;
  stored: { updates: number; bytes: number };
  usageBytes: number;
  /** Per cold start, ms from navigation start: app shell painted, the device's copy loaded into the document, home with real figures. */
  starts: {
    shell: number;
    loaded: number;
    home: number;
    /** The same cold start again, with the home screen the first one kept on the device. */
    keptHome: number;
    keptLoaded: number;
    heapBytes: number;
  }[];
  lists: ListFigures[];
  ledgerMs: number[];
  balanceMs: number[];
  voteMs: number[];
}

// BENCH_DEBUG=1 prints the page's console too; crashes and uncaught errors are always printed.
let report: (line: string) => void = () => {};

async function launch(profile: string, offline: boolean): Promise<BrowserContext> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 390, height: 844 },
    offline,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  await context.addInitScript({ path: PROBES });
  context.setDefaultTimeout(LONG);
  const watch = (page: Page) => {
    page.on('crash', () => report(`the page crashed on ${page.url()}`));
    page.on('pageerror', (e) => report(`page error on ${page.url()}: ${e.message}`));
    if (process.env.BENCH_DEBUG)
      page.on('console', (m) => report(`console.${m.type()}: ${m.text().slice(0, 300)}`));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  return context;
}

const firstPage = async (c: BrowserContext) => c.pages()[0] ?? (await c.newPage());
const call = <T>(page: Page, expr: string) => page.evaluate(`window.__bench.${expr}`) as Promise<T>;
const js = (...args: unknown[]) => args.map((a) => JSON.stringify(a)).join(', ');

async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  const controlled = await page
    .waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated', null, {
      timeout: 5_000,
    })
    .then(() => true)
    .catch(() => false);
  if (!controlled) {
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated');
  }
}

/** Imports the backup file on /settings; ms until the app says the federation is on the device. */
async function importFixture(page: Page, base: string, fixture: Fixture): Promise<number> {
  await page.goto(`${base}/settings`);
  const t0 = performance.now();
  await page.getByLabel('Import a backup file').setInputFiles(fixture.path);
  await page.getByRole('status').filter({ hasText: 'is now on this device' }).waitFor();
  return performance.now() - t0;
}

async function measureList(
  page: Page,
  fid: string,
  area: (typeof AREAS)[number],
  into: ListFigures,
): Promise<void> {
  const [, path] = area;
  const row = `main a[href^="/f/${fid}/${path}/"]:not([href$="/new"])`;
  await call(page, `navigate(${js(`/f/${fid}/more`, 'main h1')})`);
  try {
    const open = () => call<number>(page, `navigate(${js(`/f/${fid}/${path}`, row)})`);
    into.openMs.push(await profiled(page, `list-${path.replace('/', '-')}`, open));
    into.rows = true;
  } catch {
    into.rows = false;
    return;
  }
  // Four letters of a word in the first row: each key narrows the list.
  const word = (await call<string>(page, `text(${js(row)})`))
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .find((w) => w.length >= 4);
  if (await page.locator('main input[type="search"]').count())
    into.keyMs.push(
      ...(await profiled(page, `search-${path.replace('/', '-')}`, () =>
        call<number[]>(page, `type(${js('main input[type="search"]', word?.slice(0, 4) ?? 'a')})`),
      )),
    );
  const filter = await call<number | null>(page, `filter(${js('main select')})`);
  if (filter !== null) into.filterMs.push(filter);
}

async function castVote(page: Page, fid: string, proposal: string): Promise<number> {
  await call(page, `navigate(${js(`/f/${fid}/proposals/${proposal}`, '[data-testid="tally"]')})`);
  // The first voter may already hold one of these: the other one changes the tally.
  for (const value of ['disagree', 'agree', 'abstain']) {
    const radio = page.locator(`main input[type="radio"][value="${value}"]`);
    if (!(await radio.count())) continue;
    await radio.check();
    const ms = await call<number>(
      page,
      `click(${js('Record position', '[data-testid="tally"]')})`,
    ).catch(() => NaN);
    if (Number.isFinite(ms)) return ms;
  }
  throw new Error('casting a position never changed the tally');
}

/** `step()`, with a CPU profile of it saved as `<name>.cpuprofile` when BENCH_PROFILE is set. */
async function profiled<T>(page: Page, name: string, step: () => Promise<T>): Promise<T> {
  if (!PROFILE_DIR) return step();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.start');
  try {
    return await step();
  } finally {
    const { profile } = await cdp.send('Profiler.stop');
    mkdirSync(PROFILE_DIR, { recursive: true });
    writeFileSync(join(PROFILE_DIR, `${name}.cpuprofile`), JSON.stringify(profile));
    await cdp.detach();
  }
}

async function recordEntry(page: Page, fid: string): Promise<[number, number]> {
  const total = '[data-testid="fund-total"]';
  await call(page, `navigate(${js(`/f/${fid}/fund`, total)})`);
  const before = await call<string>(page, `text(${js(total)})`);
  await call(page, `navigate(${js(`/f/${fid}/fund/ledger/new?kind=donation`, '#e-amount')})`);
  await page.fill('#e-amount', '12.34');
  const ledgerMs = await profiled(page, 'record-entry', () =>
    call<number>(page, `click(${js('Record', 'main h1', `/fund/ledger/(?!new$)[^/]+$`)})`),
  );
  const balanceMs = await profiled(page, 'fund-overview', () =>
    call<number>(page, `navigate(${js(`/f/${fid}/fund`, total)})`),
  );
  const after = await call<string>(page, `text(${js(total)})`);
  if (after === before) throw new Error(`the fund's balance did not move: ${before}`);
  return [ledgerMs, balanceMs];
}

/** An offline cold start at the federation's home: ms from navigation to the shell, the loaded copy and the home figures. */
async function coldStart(page: Page, base: string, fid: string, kept: boolean) {
  await page.goto(`${base}/f/${fid}`);
  await page.waitForFunction(() => (window as { __bench?: { home: unknown } }).__bench?.home);
  const shell = await call<number>(page, 'shell');
  const home = await call<number>(page, 'home');
  // The snapshot's home comes before the load: wait for the load to time it.
  await page.waitForFunction('window.__bench.loaded() !== null', undefined, { timeout: 600_000 });
  const loaded = (await call<number | null>(page, 'loaded()')) ?? NaN;
  // Figures before the load come from a kept screen: a start timed as the other kind is refused.
  if (home < loaded !== kept)
    throw new Error(`a cold start meant ${kept ? 'with' : 'without'} the kept home screen was not`);
  return { shell, loaded, home };
}

/** Runs the whole browser part; `say` gets progress lines. */
export async function browserFigures(
  fixture: Fixture,
  runs: number,
  say: (line: string) => void,
): Promise<BrowserFigures> {
  if (!existsSync(join(BUILD, 'sw.js')))
    throw new Error(`${BUILD} has no sw.js: run \`npm run build\` before the app benchmark`);
  const t0 = performance.now();
  const progress = (line: string) =>
    say(`[${((performance.now() - t0) / 1000).toFixed(0)} s] ${line}`);
  report = progress;
  const dataDir = mkdtempSync(join(tmpdir(), 'fp-bench-relay-'));
  const profile = mkdtempSync(join(tmpdir(), 'fp-bench-profile-'));
  const fid = fixture.federationId;
  const relay = await startRelay({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    staticDir: BUILD,
    log: () => {},
  });
  const base = relay.url;
  let relayOpen = true;
  const closeRelay = async () => {
    if (relayOpen) await relay.close();
    relayOpen = false;
  };
  const out: BrowserFigures = {
    importMs: NaN,
    stored: { updates: 0, bytes: 0 },
    usageBytes: 0,
    starts: [],
    lists: AREAS.map(([name]) => ({ name, rows: false, openMs: [], keyMs: [], filterMs: [] })),
    ledgerMs: [],
    balanceMs: [],
    voteMs: [],
  };
  try {
    let context = await launch(profile, false);
    let page = await firstPage(context);
    await page.goto(base);
    await waitForServiceWorker(page);
    progress('importing the backup file through the app …');
    out.importMs = await importFixture(page, base, fixture);
    progress(`imported in ${(out.importMs / 1000).toFixed(1)} s; claiming the coordinator …`);
    // This device is the sample's coordinator, so "my tasks" and the home screen have their figures.
    await page.goto(`${base}/f/${fid}/people/${fixture.me}`);
    const claim = page.getByRole('button', { name: 'This is me' });
    await claim.click();
    await claim.waitFor({ state: 'detached' });
    progress('claimed; reading the device copy …');
    out.stored = await call(page, `stored(${js(`federation:${fid}`)})`);
    out.usageBytes = await page.evaluate(
      async () => (await navigator.storage.estimate()).usage ?? 0,
    );
    await context.close();
    // From here on the network is off and the relay gone: the service worker serves the app.
    await closeRelay();
    for (let run = 0; run < runs; run++) {
      // Twice: from the document alone (the run before forgot its snapshot), then with the home
      // screen the first start kept on the device.
      context = await launch(profile, true);
      page = await firstPage(context);
      const fromDoc = await coldStart(page, base, fid, false);
      // The home page keeps its screen once the copy has loaded; the next start shows that.
      for (
        let tries = 0;
        (await call(page, `homeSnapshot(${js(fid)}, false)`)) !== 'kept';
        tries++
      ) {
        if (tries > 600) throw new Error('the home screen was never kept on the device');
        await page.waitForTimeout(100);
      }
      await context.close();
      context = await launch(profile, true);
      page = await firstPage(context);
      const kept = await coldStart(page, base, fid, true);
      const cdp = await context.newCDPSession(page);
      await cdp.send('HeapProfiler.collectGarbage');
      const { usedSize } = await cdp.send('Runtime.getHeapUsage');
      out.starts.push({
        ...fromDoc,
        keptHome: kept.home,
        keptLoaded: kept.loaded,
        heapBytes: usedSize,
      });
      progress(
        `cold start ${run + 1}/${runs}: home with figures at ${fromDoc.home.toFixed(0)} ms ` +
          `from the document, ${kept.home.toFixed(0)} ms from the kept home screen`,
      );
      for (const [i, area] of AREAS.entries()) await measureList(page, fid, area, out.lists[i]!);
      const [ledgerMs, balanceMs] = await recordEntry(page, fid);
      out.ledgerMs.push(ledgerMs);
      out.balanceMs.push(balanceMs);
      if (fixture.openProposal) out.voteMs.push(await castVote(page, fid, fixture.openProposal));
      await call(page, `homeSnapshot(${js(fid)}, true)`);
      await context.close();
    }
  } finally {
    await closeRelay();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  }
  return out;
}
