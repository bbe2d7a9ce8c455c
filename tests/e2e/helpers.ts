// Shared helpers of the browser tests: the real relay serving the built app, Debian's Chromium
// driven by playwright-core (one persistent context = one device), and the few user journeys
// every test needs (create a federation, add an organization, read the invite link).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, expect, type TestContext } from 'vitest';
// Tests have no alias for server/ (it lives outside $lib), so this one place climbs two levels.
import { startRelay, type Relay } from '../../server/relay';

const ROOT = resolve(import.meta.dirname, '../..');
const BUILD_DIR = join(ROOT, 'build');
/** Screenshots (on failure, and the phone test's) land here; the folder is gitignored. */
export const RESULTS_DIR = join(ROOT, 'test-results');

/** The phone-sized viewport every device uses. */
export const PHONE = { width: 390, height: 844 };

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const tmpDirs: string[] = [];
const devices = new Set<Device>();
const relays = new Set<AppRelay>();

afterEach(async (ctx: TestContext) => {
  if (ctx.task.result?.state === 'fail') await screenshotAll(ctx.task.name);
  for (const device of [...devices]) await device.close();
  for (const relay of [...relays]) await relay.close();
});

afterAll(() => {
  for (const dir of tmpDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh directory under the OS tmp dir, removed after the file's tests. */
export function tmpDir(prefix = 'e2e-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tmpDirs.push(dir);
  return dir;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
}

/** Saves a full-page screenshot of `page` into test-results/; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${slug(name)}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

async function screenshotAll(testName: string): Promise<void> {
  let n = 0;
  for (const device of devices) {
    for (const page of device.context.pages()) {
      n += 1;
      try {
        const path = await screenshot(page, `failed ${device.name} ${n} ${testName}`);
        console.error(`screenshot of the failure (${device.name}, ${page.url()}): ${path}`);
      } catch (e) {
        console.error(`no screenshot of ${device.name}: ${String(e)}`);
      }
    }
  }
}

/** The relay serving the built app, in a fresh data dir; closed after each test. */
export interface AppRelay extends Relay {
  dataDir: string;
  /** `ws://127.0.0.1:<port>`, the relay address invites carry. */
  wsUrl: string;
  events: Record<string, unknown>[];
}

/** Starts the relay on a free port serving build/ (on 127.0.0.1 unless `host` says otherwise). */
export async function startAppRelay(opts: { host?: string } = {}): Promise<AppRelay> {
  if (!existsSync(join(BUILD_DIR, 'sw.js')))
    throw new Error('build/ has no sw.js: run `npm run build` before the e2e tests');
  const dataDir = tmpDir('e2e-relay-');
  const events: Record<string, unknown>[] = [];
  const relay = await startRelay({
    port: 0,
    host: opts.host ?? '127.0.0.1',
    dataDir,
    staticDir: BUILD_DIR,
    log: (event) => events.push(event),
  });
  let closed = false;
  const appRelay: AppRelay = {
    ...relay,
    dataDir,
    events,
    wsUrl: relay.url.replace(/^http/, 'ws'),
    close: async () => {
      relays.delete(appRelay);
      if (closed) return;
      closed = true;
      await relay.close();
    },
  };
  relays.add(appRelay);
  return appRelay;
}

/** One device: a persistent Chromium profile with one open page. */
export interface Device {
  name: string;
  /** The profile directory: reopening it is the same device after a restart. */
  dir: string;
  context: BrowserContext;
  page: Page;
  /** Page errors (uncaught exceptions) seen so far. */
  errors: string[];
  close(): Promise<void>;
}

/** Launches a device on a fresh (or the given) profile dir; closed after each test. */
export async function openDevice(
  name: string,
  opts: { dir?: string; offline?: boolean } = {},
): Promise<Device> {
  const dir = opts.dir ?? tmpDir(`e2e-${slug(name)}-`);
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: PHONE,
    offline: opts.offline ?? false,
    args: CHROMIUM_ARGS,
  });
  context.setDefaultTimeout(10_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  let closed = false;
  const device: Device = {
    name,
    dir,
    context,
    page,
    errors,
    close: async () => {
      devices.delete(device);
      if (closed) return;
      closed = true;
      await context.close();
    },
  };
  devices.add(device);
  return device;
}

/** Whether a service worker controls the page. */
export function isControlled(page: Page): Promise<boolean> {
  return page.evaluate(() => !!navigator.serviceWorker?.controller);
}

/** Waits until the service worker controls the page (reloading once if the first load was not). */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  if (!(await isControlled(page))) {
    const controlled = await page
      .waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 3_000 })
      .then(() => true)
      .catch(() => false);
    if (!controlled) {
      await page.reload();
      await page.waitForFunction(() => !!navigator.serviceWorker.controller);
    }
  }
  // Precaching finishes before activation, so an activated worker can serve the app offline.
  await page.waitForFunction(
    () => navigator.serviceWorker.controller?.state === 'activated',
    null,
    { timeout: 10_000 },
  );
}

/** The sync indicator in the federation header. */
export function syncStatus(page: Page) {
  return page.getByRole('status', { name: 'Sync status' });
}

/** Waits for the sync indicator to show `status`. */
export async function expectSyncStatus(
  page: Page,
  status: 'offline' | 'connecting' | 'synced' | 'refused',
  timeout = 10_000,
): Promise<void> {
  await page.locator(`[role="status"][data-status="${status}"]`).waitFor({ timeout });
}

/** Fills and submits the create form; returns the new federation's id. */
export async function createFederation(
  page: Page,
  baseUrl: string,
  input: { name: string; region?: string; currency?: string; languages?: string },
): Promise<string> {
  await page.goto(`${baseUrl}/new`);
  await page.getByLabel('Name').fill(input.name);
  if (input.region !== undefined) await page.getByLabel('Region').fill(input.region);
  if (input.currency !== undefined) await page.getByLabel('Base currency').fill(input.currency);
  if (input.languages !== undefined) await page.getByLabel('Languages').fill(input.languages);
  await page.getByRole('button', { name: 'Create' }).click();
  await page.waitForURL(/\/f\/[A-Za-z0-9_-]{16,64}$/);
  await page.getByRole('heading', { level: 1, name: input.name }).waitFor();
  const id = new URL(page.url()).pathname.split('/')[2];
  if (!id) throw new Error(`no federation id in ${page.url()}`);
  return id;
}

export interface OrgInput {
  name: string;
  country?: string;
  city?: string;
  stage?: 'Forming' | 'New' | 'Growing' | 'Established';
  contactName?: string;
  contactEmail?: string;
}

/** Adds an organization through the "Add organization" form; returns its id. */
export async function addOrganization(
  page: Page,
  baseUrl: string,
  federationId: string,
  input: OrgInput,
): Promise<string> {
  await page.goto(`${baseUrl}/f/${federationId}/organizations`);
  await page.getByRole('link', { name: 'Add organization' }).click();
  await page.getByRole('heading', { name: 'New organization' }).waitFor();
  await fillOrganization(page, input);
  await page.getByRole('button', { name: 'Save' }).click();
  await page.waitForURL(/\/organizations\/[0-9a-f-]{36}$/);
  await page.getByRole('heading', { name: 'Edit organization' }).waitFor();
  await expect.poll(() => page.getByLabel('Name').inputValue()).toBe(input.name);
  const id = new URL(page.url()).pathname.split('/').pop();
  if (!id) throw new Error(`no organization id in ${page.url()}`);
  return id;
}

/** Fills the organization form's fields that `input` names. */
export async function fillOrganization(page: Page, input: Partial<OrgInput>): Promise<void> {
  if (input.name !== undefined) await page.getByLabel('Name').fill(input.name);
  if (input.country !== undefined) await page.getByLabel('Country').fill(input.country);
  if (input.city !== undefined) await page.getByLabel('City').fill(input.city);
  if (input.stage !== undefined)
    await page.getByLabel('Stage').selectOption({ label: input.stage });
  if (input.contactName !== undefined)
    await page.getByLabel('Contact person').fill(input.contactName);
  if (input.contactEmail !== undefined)
    await page.getByLabel('Contact e-mail').fill(input.contactEmail);
}

/** Opens an organization's edit page, changes the given fields and saves. */
export async function editOrganization(
  page: Page,
  baseUrl: string,
  federationId: string,
  orgId: string,
  patch: Partial<OrgInput>,
): Promise<void> {
  await page.goto(`${baseUrl}/f/${federationId}/organizations/${orgId}`);
  await page.getByRole('heading', { name: 'Edit organization' }).waitFor();
  await fillOrganization(page, patch);
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
}

/** The organization names in the list on `/f/<id>/organizations`, in order. */
export async function organizationNames(page: Page): Promise<string[]> {
  return page.locator('main ul.list li .name').allInnerTexts();
}

/** The list row (link) of one organization on the organizations page. */
export function organizationRow(page: Page, name: string) {
  return page.getByRole('main').getByRole('link').filter({ hasText: name });
}

/** Reads the invite link from `/f/<id>/invite`. */
export async function readInviteLink(
  page: Page,
  baseUrl: string,
  federationId: string,
): Promise<string> {
  await page.goto(`${baseUrl}/f/${federationId}/invite`);
  const box = page.getByRole('textbox', { name: 'Invite link' });
  await expect.poll(() => box.inputValue()).toContain('/join#');
  return box.inputValue();
}

/** Opens an invite link and presses its "Join …" button; returns the federation id. */
export async function joinWithLink(page: Page, link: string, buttonName: RegExp): Promise<string> {
  await page.goto(link);
  await page.getByRole('button', { name: buttonName }).click();
  await page.waitForURL(/\/f\/[A-Za-z0-9_-]{16,64}$/);
  const id = new URL(page.url()).pathname.split('/')[2];
  if (!id) throw new Error(`no federation id in ${page.url()}`);
  return id;
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

export interface PersonInput {
  name: string;
  country?: string;
  city?: string;
  languages?: string;
  topics?: string;
  /** Date ranges, one per line: "2026-12-01 to 2026-12-14". */
  availability?: string;
}

/** Adds a person through the "Add person" form; returns their id. */
export async function addPerson(
  page: Page,
  baseUrl: string,
  federationId: string,
  input: PersonInput,
): Promise<string> {
  await page.goto(`${baseUrl}/f/${federationId}/people`);
  await page.getByRole('link', { name: 'Add person' }).click();
  await page.getByRole('heading', { name: 'New person' }).waitFor();
  await page.getByLabel('Name', { exact: true }).fill(input.name);
  if (input.country !== undefined)
    await page.getByLabel('Country', { exact: true }).fill(input.country);
  if (input.city !== undefined) await page.getByLabel('City', { exact: true }).fill(input.city);
  if (input.languages !== undefined)
    await page.getByLabel('Languages', { exact: true }).fill(input.languages);
  if (input.topics !== undefined)
    await page.getByLabel('Topics they can speak or train on').fill(input.topics);
  if (input.availability !== undefined)
    await page.getByLabel('Available', { exact: true }).fill(input.availability);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.waitForURL(/\/people\/[0-9a-f-]{36}$/);
  await page.getByRole('heading', { name: 'Edit person' }).waitFor();
  await expect.poll(() => page.getByLabel('Name', { exact: true }).inputValue()).toBe(input.name);
  const id = new URL(page.url()).pathname.split('/').pop();
  if (!id) throw new Error(`no person id in ${page.url()}`);
  return id;
}

/** The names in the list on `/f/<id>/people`, in order. */
export async function personNames(page: Page): Promise<string[]> {
  return page.locator('main ul.list li .name').allInnerTexts();
}

export interface RequestInput {
  title: string;
  kind?: string;
  groupName?: string;
  country?: string;
  city?: string;
  language?: string;
  topics?: string;
  /** yyyy-mm-dd */
  preferredFrom?: string;
  /** yyyy-mm-dd */
  preferredTo?: string;
}

/** Adds a help request through the "New request" form; returns its id. */
export async function addRequest(
  page: Page,
  baseUrl: string,
  federationId: string,
  input: RequestInput,
): Promise<string> {
  await page.goto(`${baseUrl}/f/${federationId}/requests`);
  await page.getByRole('link', { name: 'New request' }).click();
  await page.getByRole('heading', { name: 'New help request' }).waitFor();
  await page.getByLabel('Title', { exact: true }).fill(input.title);
  if (input.kind !== undefined)
    await page.getByLabel('Kind', { exact: true }).selectOption({ label: input.kind });
  if (input.groupName !== undefined)
    await page.getByLabel('Group name', { exact: true }).fill(input.groupName);
  if (input.country !== undefined)
    await page.getByLabel('Country', { exact: true }).fill(input.country);
  if (input.city !== undefined) await page.getByLabel('City', { exact: true }).fill(input.city);
  if (input.language !== undefined)
    await page.getByLabel('Language', { exact: true }).fill(input.language);
  if (input.topics !== undefined)
    await page.getByLabel('Topics', { exact: true }).fill(input.topics);
  if (input.preferredFrom !== undefined)
    await page.getByLabel('Preferred from', { exact: true }).fill(input.preferredFrom);
  if (input.preferredTo !== undefined)
    await page.getByLabel('Preferred to', { exact: true }).fill(input.preferredTo);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.waitForURL(/\/requests\/[0-9a-f-]{36}$/);
  await page.getByRole('heading', { level: 1, name: input.title }).waitFor();
  const id = new URL(page.url()).pathname.split('/').pop();
  if (!id) throw new Error(`no request id in ${page.url()}`);
  return id;
}

/** The status a request page shows, e.g. "New" or "Accepted". */
export async function requestStatus(page: Page): Promise<string> {
  const heading = page.getByRole('heading', { level: 2, name: /^Status:/ });
  return (await heading.innerText()).replace(/^Status:\s*/, '').trim();
}

/** The date `days` from today (UTC), as yyyy-mm-dd. */
export function daysFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Prints how long each step took, so a slow suite shows where the time goes; returns the total. */
export function stopwatch(name: string) {
  const start = performance.now();
  let last = start;
  return (step: string) => {
    const now = performance.now();
    console.log(`${name}: ${step} ${((now - last) / 1000).toFixed(1)} s`);
    last = now;
    return (now - start) / 1000;
  };
}

/** Opens one of the "More" tab's links (Tasks, Councils, Decisions, Meetings …) as a user would. */
export async function openFromMore(page: Page, label: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'More' }).click();
  await page.getByRole('heading', { level: 1, name: 'More' }).waitFor();
  await page.getByRole('main').getByRole('link', { name: label, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: label }).waitFor();
}

export interface ProposalFormInput {
  title: string;
  text?: string;
  /** The label of "Who decides", e.g. "People". */
  deciders?: string;
  /** The label of "Threshold", e.g. "Simple majority". */
  threshold?: string;
  /** Quorum in percent. */
  quorum?: number;
  block?: boolean;
  /** yyyy-mm-dd */
  reviewDate?: string;
}

/** Adds a proposal from Decisions → "New proposal"; returns its id. */
export async function addProposal(page: Page, input: ProposalFormInput): Promise<string> {
  await openFromMore(page, 'Decisions');
  await page.getByRole('link', { name: 'New proposal' }).click();
  await page.getByRole('heading', { level: 1, name: 'New proposal' }).waitFor();
  await page.getByLabel('Question', { exact: true }).fill(input.title);
  if (input.text !== undefined) await page.getByLabel('Proposal', { exact: true }).fill(input.text);
  const rule = page.getByRole('group', { name: 'How it is decided' });
  if (input.deciders !== undefined)
    await rule.getByLabel('Who decides').selectOption({ label: input.deciders });
  if (input.threshold !== undefined)
    await rule.getByLabel('Threshold').selectOption({ label: input.threshold });
  if (input.quorum !== undefined) await rule.getByLabel(/^Quorum/).fill(String(input.quorum));
  if (input.block !== undefined)
    await rule.getByLabel('An intense, justified objection can block').setChecked(input.block);
  if (input.reviewDate !== undefined)
    await page.getByLabel('Review the agreement on').fill(input.reviewDate);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.waitForURL(/\/proposals\/[0-9a-f-]{36}$/);
  await page.getByRole('heading', { level: 1, name: input.title }).waitFor();
  const id = new URL(page.url()).pathname.split('/').pop();
  if (!id) throw new Error(`no proposal id in ${page.url()}`);
  return id;
}

export interface MeetingFormInput {
  title: string;
  /** Local "yyyy-mm-ddThh:mm". */
  start: string;
  place?: string;
  chair?: string;
  secretary?: string;
}

/** Adds a meeting from Meetings → "New meeting"; returns its id. */
export async function addMeeting(page: Page, input: MeetingFormInput): Promise<string> {
  await openFromMore(page, 'Meetings');
  await page.getByRole('link', { name: 'New meeting' }).click();
  await page.getByRole('heading', { level: 1, name: 'New meeting' }).waitFor();
  await page.getByLabel('Title', { exact: true }).fill(input.title);
  await page.getByLabel('Starts', { exact: true }).fill(input.start);
  if (input.place !== undefined) await page.getByLabel('Place', { exact: true }).fill(input.place);
  if (input.chair !== undefined)
    await page.getByLabel('Chair', { exact: true }).selectOption({ label: input.chair });
  if (input.secretary !== undefined)
    await page.getByLabel('Secretary', { exact: true }).selectOption({ label: input.secretary });
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);
  await page.getByRole('heading', { level: 1, name: input.title }).waitFor();
  const id = new URL(page.url()).pathname.split('/').pop();
  if (!id) throw new Error(`no meeting id in ${page.url()}`);
  return id;
}
