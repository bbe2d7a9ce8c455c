// Access for everyone, on every screen: axe-core finds no violation in the light and the dark colour
// scheme, every control is a touch target of at least 44×44 px, nothing is wider than the screen at
// 200 % zoom, and the main journeys work with the keyboard alone.
import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  addMeeting,
  addOrganization,
  addPerson,
  addProposal,
  addRequest,
  createFederation,
  daysFromNow,
  openDevice,
  PHONE,
  readInviteLink,
  startAppRelay,
  stopwatch,
} from './helpers';
import { axeViolations, narrowOverflow, smallTargets } from './a11y-checks';
import {
  addAccount,
  addEntry,
  addEventBudget,
  addExpenseRequest,
  addMember,
  reverseEntry,
} from './fund-helpers';

/** The records the seed made, one in every area, and the invite link of the federation. */
interface Seed {
  fid: string;
  organization: string;
  person: string;
  request: string;
  event: string;
  council: string;
  task: string;
  material: string;
  proposal: string;
  meeting: string;
  invite: string;
  /** The fund: an expense entry, an accepted application, an expense request, an event budget. */
  entry: string;
  application: string;
  expense: string;
  budget: string;
}

/**
 * Every screen, one line each: its folder under src/routes and the path that opens it on the
 * seeded device. A new page needs one line here (the first test fails until it has one).
 */
const ROUTES: [route: string, path: (s: Seed) => string][] = [
  ['/', () => '/'],
  ['/new', () => '/new'],
  ['/join', () => '/join'],
  ['/join', (s) => s.invite],
  ['/settings', () => '/settings'],
  ['/f/[fid]', (s) => `/f/${s.fid}`],
  ['/f/[fid]/more', (s) => `/f/${s.fid}/more`],
  ['/f/[fid]/invite', (s) => `/f/${s.fid}/invite`],
  ['/f/[fid]/settings', (s) => `/f/${s.fid}/settings`],
  ['/f/[fid]/organizations', (s) => `/f/${s.fid}/organizations`],
  ['/f/[fid]/organizations/new', (s) => `/f/${s.fid}/organizations/new`],
  ['/f/[fid]/organizations/[oid]', (s) => `/f/${s.fid}/organizations/${s.organization}`],
  ['/f/[fid]/people', (s) => `/f/${s.fid}/people`],
  ['/f/[fid]/people/new', (s) => `/f/${s.fid}/people/new`],
  ['/f/[fid]/people/[pid]', (s) => `/f/${s.fid}/people/${s.person}`],
  ['/f/[fid]/requests', (s) => `/f/${s.fid}/requests`],
  ['/f/[fid]/requests/new', (s) => `/f/${s.fid}/requests/new`],
  ['/f/[fid]/requests/[rid]', (s) => `/f/${s.fid}/requests/${s.request}`],
  ['/f/[fid]/events', (s) => `/f/${s.fid}/events`],
  ['/f/[fid]/events/new', (s) => `/f/${s.fid}/events/new`],
  ['/f/[fid]/events/[eid]', (s) => `/f/${s.fid}/events/${s.event}`],
  ['/f/[fid]/councils', (s) => `/f/${s.fid}/councils`],
  ['/f/[fid]/councils/new', (s) => `/f/${s.fid}/councils/new`],
  ['/f/[fid]/councils/[cid]', (s) => `/f/${s.fid}/councils/${s.council}`],
  ['/f/[fid]/tasks', (s) => `/f/${s.fid}/tasks`],
  ['/f/[fid]/tasks/new', (s) => `/f/${s.fid}/tasks/new?council=${s.council}`],
  ['/f/[fid]/tasks/[tid]', (s) => `/f/${s.fid}/tasks/${s.task}`],
  ['/f/[fid]/materials', (s) => `/f/${s.fid}/materials`],
  ['/f/[fid]/materials/new', (s) => `/f/${s.fid}/materials/new?source=${s.material}`],
  ['/f/[fid]/materials/[mid]', (s) => `/f/${s.fid}/materials/${s.material}`],
  ['/f/[fid]/proposals', (s) => `/f/${s.fid}/proposals`],
  ['/f/[fid]/proposals/new', (s) => `/f/${s.fid}/proposals/new`],
  ['/f/[fid]/proposals/[pid]', (s) => `/f/${s.fid}/proposals/${s.proposal}`],
  ['/f/[fid]/meetings', (s) => `/f/${s.fid}/meetings`],
  ['/f/[fid]/meetings/new', (s) => `/f/${s.fid}/meetings/new`],
  ['/f/[fid]/meetings/[mid]', (s) => `/f/${s.fid}/meetings/${s.meeting}`],
  ['/f/[fid]/fund', (s) => `/f/${s.fid}/fund`],
  ['/f/[fid]/fund/ledger', (s) => `/f/${s.fid}/fund/ledger`],
  ['/f/[fid]/fund/ledger/new', (s) => `/f/${s.fid}/fund/ledger/new?kind=expense`],
  ['/f/[fid]/fund/ledger/[eid]', (s) => `/f/${s.fid}/fund/ledger/${s.entry}`],
  ['/f/[fid]/fund/members', (s) => `/f/${s.fid}/fund/members`],
  ['/f/[fid]/fund/members/new', (s) => `/f/${s.fid}/fund/members/new`],
  ['/f/[fid]/fund/members/[aid]', (s) => `/f/${s.fid}/fund/members/${s.application}`],
  ['/f/[fid]/fund/expenses', (s) => `/f/${s.fid}/fund/expenses`],
  ['/f/[fid]/fund/expenses/new', (s) => `/f/${s.fid}/fund/expenses/new`],
  ['/f/[fid]/fund/expenses/[xid]', (s) => `/f/${s.fid}/fund/expenses/${s.expense}`],
  ['/f/[fid]/fund/budgets', (s) => `/f/${s.fid}/fund/budgets`],
  ['/f/[fid]/fund/budgets/new', (s) => `/f/${s.fid}/fund/budgets/new`],
  ['/f/[fid]/fund/budgets/[bid]', (s) => `/f/${s.fid}/fund/budgets/${s.budget}`],
  ['/f/[fid]/fund/report', (s) => `/f/${s.fid}/fund/report`],
  ['/f/[fid]/fund/settings', (s) => `/f/${s.fid}/fund/settings`],
];

const ROUTES_DIR = resolve(import.meta.dirname, '../../src/routes');

/** The route of every +page.svelte under src/routes, as SvelteKit names it ('/f/[fid]/tasks'). */
function pageRoutes(dir = ROUTES_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return pageRoutes(join(dir, entry.name));
    if (entry.name !== '+page.svelte') return [];
    return [`/${relative(ROUTES_DIR, dir).split('\\').join('/')}`.replace(/\/$/, '') || '/'];
  });
}

/** Opens `path` and waits until its page has rendered its first heading. */
async function open(page: Page, base: string, path: string): Promise<void> {
  await page.goto(base + path);
  await page.locator('main h1').first().waitFor();
  // Fonts and the last rendering settle before anything is measured.
  await page.evaluate(() => document.fonts.ready.then(() => true));
}

/** Makes a federation with a record in every area through the app's forms; returns their ids. */
async function seed(page: Page, base: string): Promise<Seed> {
  const fid = await createFederation(page, base, {
    name: 'Baltic Federation',
    region: 'Baltic Sea',
    languages: 'en, sv',
  });
  const person = await addPerson(page, base, fid, {
    name: 'Ines Berg',
    country: 'SE',
    languages: 'sv, en',
    topics: 'facilitation',
  });
  await page.getByRole('button', { name: 'This is me' }).click();
  await page.getByText('This is you on this device.').waitFor();
  const organization = await addOrganization(page, base, fid, {
    name: 'Tartu Study Circle',
    country: 'EE',
    city: 'Tartu',
    stage: 'Growing',
  });
  const request = await addRequest(page, base, fid, {
    title: 'Start a chapter in Riga',
    groupName: 'Riga group',
    country: 'LV',
    city: 'Riga',
    language: 'en',
    topics: 'facilitation',
    preferredFrom: daysFromNow(30),
    preferredTo: daysFromNow(31),
  });
  const event = await saveForm(page, base, `/f/${fid}/events/new?request=${request}`, 'events', {
    Starts: `${daysFromNow(30)}T10:00`,
    Ends: `${daysFromNow(30)}T16:00`,
  });
  const council = await saveForm(page, base, `/f/${fid}/councils/new`, 'councils', {
    Name: 'Education council',
    'What it decides on its own': 'Its own study circles.',
  });
  const task = await saveForm(page, base, `/f/${fid}/tasks/new?council=${council}`, 'tasks', {
    Title: 'Draft the study plan',
    Due: daysFromNow(-2),
  });
  const material = await saveForm(page, base, `/f/${fid}/materials/new`, 'materials', {
    Title: 'What a council is',
    Text: '**Councils** decide what they can decide alone.\n\n- one\n- two',
  });
  await page.goto(`${base}/f/${fid}`);
  const proposal = await addProposal(page, { title: 'Adopt the study plan', text: 'As drafted.' });
  const meeting = await addMeeting(page, {
    title: 'Spring assembly',
    start: `${daysFromNow(10)}T18:00`,
    place: 'Tartu',
  });
  const agenda = page.getByRole('region', { name: 'Agenda' });
  await agenda.getByLabel('Item', { exact: true }).fill('Study plan');
  await agenda.getByRole('button', { name: 'Add item' }).click();
  await page.getByLabel('Minutes: Study plan', { exact: true }).waitFor();
  const invite = new URL(await readInviteLink(page, base, fid));
  await addAccount(page, base, fid, 'Bank');
  const donation = await addEntry(page, base, fid, 'donation', {
    Amount: '250',
    Donor: 'Anna Lind',
  });
  // A reversed entry, so the ledger shows one struck out and its reversal.
  await reverseEntry(page, base, fid, donation, 'Recorded twice');
  const entry = await addEntry(
    page,
    base,
    fid,
    'expense',
    { Amount: '80.50', 'Paid to': 'Tartu hall' },
    'Venue',
  );
  const application = await addMember(page, base, fid, 'Tartu Study Circle', '600');
  const expense = await addExpenseRequest(page, base, fid, 'Train to Riga', '45');
  const budget = await addEventBudget(page, base, fid, event, {
    label: 'Speakers',
    estimate: '300',
  });
  return {
    fid,
    organization,
    person,
    request,
    event,
    council,
    task,
    material,
    proposal,
    meeting,
    invite: invite.pathname + invite.hash,
    entry,
    application,
    expense,
    budget,
  };
}

/** Opens a "new …" form, fills the labelled fields, saves, and returns the new record's id. */
async function saveForm(
  page: Page,
  base: string,
  path: string,
  area: string,
  fields: Record<string, string>,
): Promise<string> {
  await open(page, base, path);
  for (const [label, value] of Object.entries(fields))
    await page.getByLabel(label, { exact: true }).fill(value);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.waitForURL(new RegExp(`/${area}/[0-9a-f-]{36}$`));
  const id = new URL(page.url()).pathname.split('/').pop();
  if (!id) throw new Error(`no id in ${page.url()}`);
  return id;
}

describe('accessibility', () => {
  it('lists every page under src/routes', () => {
    const listed = new Set(ROUTES.map(([route]) => route));
    expect(pageRoutes().filter((route) => !listed.has(route))).toEqual([]);
    expect([...listed].filter((route) => !pageRoutes().includes(route))).toEqual([]);
  });

  it('every route passes axe in light and dark, has 44 px targets and fits at 200 % zoom', async () => {
    const lap = stopwatch('a11y');
    const relay = await startAppRelay();
    const base = relay.url;
    const { page, errors } = await openDevice('a11y');

    // The first-run screens, before this device has any federation.
    const firstRun = ['/', '/new', '/join', '/settings'];
    for (const path of firstRun) await checkScreen(page, base, path, `first run ${path}`);
    const seeded = await seed(page, base);
    lap('seeded');
    for (const [route, path] of ROUTES) {
      const url = path(seeded);
      await checkScreen(
        page,
        base,
        url,
        url.startsWith('/join#') ? `${route} with an invite` : route,
      );
    }
    lap(`checked ${firstRun.length + ROUTES.length} screens`);
    expect(errors).toEqual([]);
  }, 300_000);
});

/** Runs every check on one screen; each failure names the screen and what failed. */
async function checkScreen(page: Page, base: string, path: string, name: string): Promise<void> {
  await open(page, base, path);
  expect.soft(await axeViolations(page), `axe, light: ${name}`).toEqual([]);
  expect.soft(await smallTargets(page), `targets under 44 px: ${name}`).toEqual([]);
  // The colour scheme switches live: the same page, re-checked in dark.
  await page.emulateMedia({ colorScheme: 'dark' });
  expect.soft(await axeViolations(page), `axe, dark: ${name}`).toEqual([]);
  // 200 % zoom on a 390 px phone lays the page out in 195 CSS px.
  await page.setViewportSize({ width: PHONE.width / 2, height: PHONE.height / 2 });
  expect.soft(await narrowOverflow(page), `wider than the screen at 200 %: ${name}`).toEqual([]);
  expect.soft(await axeViolations(page), `axe, dark, 200 %: ${name}`).toEqual([]);
  await page.setViewportSize(PHONE);
  await page.emulateMedia({ colorScheme: 'light' });
}
