// A fund that has grown: 401 ledger entries, 120 member organizations with dues and 100 expense
// requests, written in Node with the domain's own functions and brought to the phone as a backup
// file. The lists render only the rows near the screen, keep the newest-first order, search and
// filters, reach the oldest entry by scrolling, and a dues reminder still leads to its organization.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as Y from 'yjs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addAccount } from '$lib/domain/accounts';
import { addExpenseRequest, blankExpenseRequest } from '$lib/domain/expenses';
import { initFederation } from '$lib/domain/federation';
import { newFederationId, randomUuid, type PersonId } from '$lib/domain/ids';
import { blankEntry, recordEntry } from '$lib/domain/ledger';
import { addApplication, decideApplication } from '$lib/domain/membership';
import { addOrganization, blankOrganization } from '$lib/domain/organizations';
import { writeBackup } from '$lib/sync/backup';
import { axeViolations, smallTargets } from './a11y-checks';
import { fundUrl, YEAR } from './fund-helpers';
import { openDevice, startAppRelay, tmpDir } from './helpers';

const ENTRIES = 400;
const ORGS = 120;
const REQUESTS = 100;
/** Payments recorded twice: more look-alike groups than the overview shows at first. */
const TWICE = 7;

/** Writes the grown fund into a backup file; returns its path and the federation's id. */
function grownFund(): { path: string; fid: string } {
  const doc = new Y.Doc();
  const me = randomUuid() as PersonId;
  const name = 'Grown Federation';
  initFederation(doc, { name, region: '', baseCurrency: 'SEK', languages: ['en'] }, me);
  const bank = addAccount(doc, { name: 'Bank', kind: 'bank', notes: '' }, me);
  for (let i = 0; i < ENTRIES; i++) {
    const date = new Date(Date.UTC(2021, 0, 1 + i)).toISOString().slice(0, 10);
    const entry = {
      ...blankEntry('donation', 'SEK', date),
      accountId: bank,
      amount: 100 * (i + 1),
    };
    recordEntry(doc, { ...entry, donor: `Donor ${i + 1}` }, me);
  }
  // Recorded last, dated first: the list is in date order, not in the order of writing.
  const oldest = { ...blankEntry('donation', 'SEK', '2020-01-01'), accountId: bank, amount: 700 };
  recordEntry(doc, { ...oldest, donor: 'The very first donor' }, me);
  for (let i = 0; i < TWICE * 2; i++) {
    const twice = { ...blankEntry('donation', 'SEK', `2020-06-1${i >> 1}`), accountId: bank };
    recordEntry(doc, { ...twice, amount: 3000 + (i >> 1), donor: `Twice ${i >> 1}` }, me);
  }
  for (let i = 0; i < ORGS; i++) {
    const org = addOrganization(doc, { ...blankOrganization(), name: `Circle ${i + 1}` }, me);
    const input = {
      organizationId: org,
      applicantName: 'Board',
      contact: '',
      memberCount: 10,
      tierId: '',
      dueAmount: 50_000,
      motivation: '',
    };
    decideApplication(doc, addApplication(doc, input, me), 'accepted', `${YEAR}-01-01`, me);
  }
  for (let i = 0; i < REQUESTS; i++)
    addExpenseRequest(
      doc,
      { ...blankExpenseRequest(), purpose: `Train ticket ${i + 1}`, amount: 4500, requestedBy: me },
      me,
    );
  const fid = newFederationId();
  const path = join(tmpDir('e2e-long-'), 'grown.backup.txt');
  writeFileSync(path, writeBackup(doc, { federationId: fid, federationName: name, app: 'test' }));
  doc.destroy();
  return { path, fid };
}

/** How many elements match `selector`: the rows rendered, not the rows in the list. */
function rendered(page: Page, selector: string): Promise<number> {
  return page.locator(selector).count();
}

/** Scrolls to the bottom until the page stops growing (the virtualizer measures as it goes). */
async function scrollToEnd(page: Page): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate(async () => {
          window.scrollTo(0, document.documentElement.scrollHeight);
          await new Promise((r) => setTimeout(r, 150));
          return window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2;
        }),
      { timeout: 15_000 },
    )
    .toBe(true);
}

describe('a grown fund', () => {
  it('renders only the rows near the screen and scrolls to the oldest entry', async () => {
    const { path, fid } = grownFund();
    const relay = await startAppRelay();
    const base = relay.url;
    const { page, errors } = await openDevice('long ledger');
    await page.goto(`${base}/settings`);
    await page.getByLabel('Import a backup file').setInputFiles(path);
    await page.getByRole('link', { name: 'Open Grown Federation' }).click();
    await page.getByRole('heading', { level: 1, name: 'Grown Federation' }).waitFor();

    await page.goto(fundUrl(base, fid, '/ledger'));
    await page
      .getByRole('status')
      .filter({ hasText: `${ENTRIES + 1 + TWICE * 2} entries` })
      .waitFor();
    const rows = '[data-testid="ledger"] [role="listitem"]';
    await page.locator(rows).first().waitFor();
    // The rows that fit under the filters on a phone, and a few more: not 401.
    const top = await rendered(page, rows);
    expect(top).toBeLessThan(40);
    // Newest first: the last day written is on top.
    expect(await page.locator(rows).first().innerText()).toContain(`Donor ${ENTRIES}`);
    expect(await axeViolations(page)).toEqual([]);
    expect(await smallTargets(page)).toEqual([]);

    // The keyboard walks on past the rows first rendered, in order, each shown as it gets focus.
    await page.locator(rows).first().getByRole('link').focus();
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement;
        const box = el?.getBoundingClientRect();
        // Not under the sticky header or the tab bar: the middle of the row is the row. (While the
        // list scrolls, virtua turns pointer events off and the point finds nothing: poll.)
        const hit = box && document.elementFromPoint(box.left + 8, box.top + box.height / 2);
        return el?.closest('[data-testid="ledger"]') && hit && el.contains(hit)
          ? (el.textContent ?? '').replace(/\s+/g, ' ')
          : `hidden or outside the ledger: ${el?.outerHTML.slice(0, 80)}`;
      });
    for (let i = 1; i <= 20; i++) {
      await page.keyboard.press('Tab');
      await expect.poll(focused, { timeout: 3000 }).toMatch(new RegExp(`Donor ${ENTRIES - i}\\b`));
    }

    await scrollToEnd(page);
    await expect
      .poll(() => page.locator(rows).last().innerText())
      .toContain('The very first donor');
    const end = await rendered(page, rows);
    expect(end).toBeLessThan(40);
    console.log(`ledger rows rendered of ${ENTRIES + 1}: ${top} at the top, ${end} at the end`);

    // Search and filters still narrow the whole ledger, not only the rendered rows.
    await page.getByLabel('Search the ledger').fill('very first');
    await page.getByRole('status').filter({ hasText: '1 entry' }).waitFor();
    await page.getByLabel('Search the ledger').fill('');
    await page.getByLabel('From', { exact: true }).fill('2021-12-01');
    // 2021-12-01 is day 335 of the 400 written from 2021-01-01.
    await page
      .getByRole('status')
      .filter({ hasText: `${ENTRIES - 334} entries` })
      .waitFor();

    // Seven payments recorded twice: the overview shows five groups until asked for all.
    await page.goto(fundUrl(base, fid));
    const duplicates = page.getByTestId('duplicates');
    const count = () => duplicates.getByTestId('duplicate-count').innerText();
    await expect.poll(count).toBe('7 groups to look at');
    const groups = () => rendered(page, '[data-testid="duplicates"] .group');
    expect(await groups()).toBe(5);
    await duplicates.getByRole('button', { name: 'Show all 7' }).click();
    await expect.poll(groups).toBe(TWICE);
    await duplicates.getByRole('button', { name: 'Keep both' }).first().click();
    await expect.poll(count).toBe('6 groups to look at');
    expect(await groups()).toBe(TWICE - 1);

    // 120 organizations with dues: a reminder on the overview leads to its dues, far down.
    const reminder = page.getByTestId('dues-reminders').getByRole('link').last();
    const org = (await reminder.getAttribute('href'))?.split('#dues-')[1];
    await reminder.click();
    const dues = page.locator(`#dues-${org}`);
    await dues.waitFor();
    expect(await dues.evaluate((el) => el.getBoundingClientRect().top)).toBeGreaterThan(0);
    expect(await dues.evaluate((el) => el.getBoundingClientRect().top)).toBeLessThan(600);
    const orgs = await rendered(page, '[data-testid="dues-org"]');
    expect(orgs).toBeLessThan(30);
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(fundUrl(base, fid, '/expenses'));
    await page.getByTestId('expense-request').first().waitFor();
    const requests = await rendered(page, '[data-testid="expense-request"]');
    expect(requests).toBeLessThan(40);
    console.log(`rendered: ${orgs} of ${ORGS} dues groups, ${requests} of ${REQUESTS} requests`);
    await page.getByLabel('Search expense requests').fill('ticket 1');
    // "Train ticket 1", 10 to 19 and 100.
    await expect.poll(() => rendered(page, '[data-testid="expense-request"]')).toBe(12);
    expect(errors).toEqual([]);
  });
});
