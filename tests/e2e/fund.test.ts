// The fund on two phones: set up online, then both go offline; the treasurer (A) records a dues
// payment with one tap, the other (B) records an expense and approves an expense request. Each
// shows its own balance; back online, both show the same balance, both entries and the approval.
// Then bad input on the forms (fractional or negative amounts, an unknown currency, an expense
// linked to a removed event) shows its message and saves nothing, and every fund screen fits 390 px.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  addOrganization,
  createFederation,
  daysFromNow,
  expectSyncStatus,
  joinWithLink,
  openDevice,
  PHONE,
  readInviteLink,
  screenshot,
  sleep,
  startAppRelay,
  waitForServiceWorker,
} from './helpers';
import { addAccount, addExpenseRequest, addMember, fundUrl, YEAR } from './fund-helpers';

/** Money as shown, with Intl's no-break spaces as plain ones. */
async function moneyText(page: Page, testId: string): Promise<string> {
  return (await page.getByTestId(testId).innerText()).replace(/\s+/g, ' ').trim();
}

/** The total balance on the fund's overview. */
async function total(page: Page, base: string, fid: string): Promise<string> {
  await page.goto(fundUrl(base, fid));
  await page.getByRole('heading', { level: 1, name: 'Fund' }).waitFor();
  return moneyText(page, 'fund-total');
}

/** The ledger's lines, newest first, as their visible text. */
async function ledgerLines(page: Page, base: string, fid: string): Promise<string[]> {
  await page.goto(fundUrl(base, fid, '/ledger'));
  await page.getByRole('heading', { level: 1, name: 'Ledger' }).waitFor();
  const list = page.getByTestId('ledger');
  if (!(await list.count())) return [];
  return (await list.getByRole('listitem').allInnerTexts()).map((s) =>
    s.replace(/\s+/g, ' ').trim(),
  );
}

describe('fund', () => {
  it('records dues and an expense on two phones offline; both agree after sync', async () => {
    const relay = await startAppRelay();
    const base = relay.url;
    const a = await openDevice('treasurer A');
    const b = await openDevice('treasurer B');
    await a.page.goto(base);
    await waitForServiceWorker(a.page);
    const fid = await createFederation(a.page, base, { name: 'Fund Federation', currency: 'SEK' });
    await addOrganization(a.page, base, fid, { name: 'Oslo Commons', country: 'NO' });
    await addAccount(a.page, base, fid, 'Bank');
    // One approval is enough, so B alone can approve A's request.
    await a.page.getByLabel('How many approvers').fill('1');
    await a.page.getByRole('button', { name: 'Save settings' }).click();
    await a.page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();

    // Oslo applies with a due of 1 200 a year and is accepted from January.
    await addMember(a.page, base, fid, 'Oslo Commons', '1200');
    // A asks to spend 450 on a train.
    const requestId = await addExpenseRequest(a.page, base, fid, 'Train to Bergen', '450');
    const requestUrl = `/f/${fid}/fund/expenses/${requestId}`;
    await expectSyncStatus(a.page, 'synced');

    const link = await readInviteLink(a.page, base, fid);
    await joinWithLink(b.page, link, /^Join Fund Federation$/);
    await expectSyncStatus(b.page, 'synced');
    await waitForServiceWorker(b.page);
    await expect.poll(() => total(b.page, base, fid)).toBe('SEK 0.00');
    await b.page.goto(`${base}${requestUrl}`);
    await b.page.getByRole('heading', { level: 1, name: 'Train to Bergen' }).waitFor();

    await a.context.setOffline(true);
    await b.context.setOffline(true);
    for (const d of [a, b]) {
      await d.page.goto(fundUrl(base, fid));
      await expectSyncStatus(d.page, 'offline');
    }

    // A: the dues line of this year, paid in one tap.
    await a.page.goto(fundUrl(base, fid, '/members'));
    const line = a.page.getByTestId('dues-line').filter({ hasText: YEAR });
    await line.getByRole('button', { name: 'Record SEK 1,200.00 paid' }).click();
    await a.page.getByRole('status').filter({ hasText: 'Payment recorded.' }).waitFor();
    await expect.poll(() => line.innerText()).toContain('Paid');

    // B: an expense typed the Swedish way, and the approval of A's request.
    await b.page.goto(fundUrl(base, fid, '/ledger/new?kind=expense'));
    await b.page.getByLabel('Amount').fill('300,50');
    await b.page.getByLabel('Paid to').fill('Hall rent');
    await b.page.getByLabel('Category').selectOption({ label: 'Venue' });
    await b.page.getByRole('button', { name: 'Record', exact: true }).click();
    await b.page.waitForURL(/\/fund\/ledger\/[0-9a-f-]{36}$/);
    await b.page.goto(`${base}${requestUrl}`);
    await b.page.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => b.page.getByTestId('expense-state').innerText()).toBe('Approved');

    await sleep(500);
    expect(await total(a.page, base, fid)).toBe('SEK 1,200.00');
    expect(await total(b.page, base, fid)).toBe('-SEK 300.50');
    expect(await ledgerLines(a.page, base, fid)).toHaveLength(1);
    expect(await ledgerLines(b.page, base, fid)).toHaveLength(1);

    await a.context.setOffline(false);
    await b.context.setOffline(false);
    for (const d of [a, b]) await expectSyncStatus(d.page, 'synced', 15_000);
    for (const d of [a, b]) {
      await expect.poll(() => total(d.page, base, fid), { timeout: 10_000 }).toBe('SEK 899.50');
      const lines = await ledgerLines(d.page, base, fid);
      expect(lines).toHaveLength(2);
      expect(lines.join('\n')).toContain(`Dues payment · Oslo Commons ${YEAR}`);
      expect(lines.join('\n')).toContain('Expense · Hall rent');
      await d.page.goto(`${base}/f/${fid}`);
      await expect.poll(() => moneyText(d.page, 'fund-balance')).toBe('SEK 899.50');
      await d.page.goto(`${base}${requestUrl}`);
      await expect.poll(() => d.page.getByTestId('expense-state').innerText()).toBe('Approved');
    }
    expect(await ledgerLines(a.page, base, fid)).toEqual(await ledgerLines(b.page, base, fid));

    // A pays the approved request out; B sees the payment and the new balance.
    await a.page.goto(`${base}${requestUrl}`);
    await a.page.getByLabel('Receipt reference').fill('SJ-123');
    await a.page.getByRole('button', { name: 'Pay out' }).click();
    await expect
      .poll(() => moneyText(a.page, 'paid-out'))
      .toBe('Paid out: SEK 450.00 of SEK 450.00');
    await expect.poll(() => total(b.page, base, fid), { timeout: 10_000 }).toBe('SEK 449.50');
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
  });

  it('refuses bad amounts, an unknown currency and a removed event; screens fit 390 px', async () => {
    const relay = await startAppRelay();
    const base = relay.url;
    const { page, errors } = await openDevice('phone');
    await page.goto(base);
    await waitForServiceWorker(page);
    const fid = await createFederation(page, base, { name: 'Careful Federation', currency: 'SEK' });
    await addAccount(page, base, fid, 'Cash box of the Pacific Northwest regional coordination');

    // An event that is then removed.
    await page.goto(`${base}/f/${fid}/events/new`);
    await page.getByLabel('Title', { exact: true }).fill('Workshop in Lund');
    await page.getByLabel('Starts', { exact: true }).fill(`${daysFromNow(10)}T10:00`);
    await page.getByLabel('Ends', { exact: true }).fill(`${daysFromNow(10)}T16:00`);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(/\/events\/[0-9a-f-]{36}$/);
    const eventId = new URL(page.url()).pathname.split('/').pop();
    await page.getByRole('button', { name: 'Remove', exact: true }).click();
    await page.getByRole('button', { name: 'Restore' }).waitFor();

    const amountError = 'Use a positive amount, with no more decimals than the currency has.';
    await page.goto(fundUrl(base, fid, '/ledger/new?kind=donation'));
    const record = page.getByRole('button', { name: 'Record', exact: true });
    for (const amount of ['12.345', '-5', '0', 'ten']) {
      await page.getByLabel('Amount').fill(amount);
      await record.click();
      await page.getByRole('alert').filter({ hasText: amountError }).waitFor();
      expect(page.url()).toContain('/ledger/new');
    }
    await page.getByLabel('Amount').fill('12.34');
    await page.getByLabel('Currency').fill('ABC');
    await record.click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'Not a known ISO 4217 currency code.' })
      .waitFor();
    await page.getByLabel('Currency').fill('EUR');
    await record.click();
    await page.getByRole('alert').filter({ hasText: 'Give the exchange rate used' }).waitFor();

    await page.goto(fundUrl(base, fid, `/ledger/new?kind=expense&event=${eventId}`));
    await page.getByLabel('Amount').fill('99');
    await page.getByLabel('Paid to').fill('Hall');
    await page.getByLabel('Category').selectOption({ label: 'Venue' });
    expect(await page.getByLabel('Event').locator('option:checked').innerText()).toBe(
      'Workshop in Lund (removed)',
    );
    await page.getByRole('button', { name: 'Record', exact: true }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'That event was removed; restore it or choose another.' })
      .waitFor();
    expect(await ledgerLines(page, base, fid)).toEqual([]);
    expect(await total(page, base, fid)).toBe('SEK 0.00');

    // One good entry in a foreign currency, so the screens have something to show.
    await page.goto(fundUrl(base, fid, '/ledger/new?kind=donation'));
    await page.getByLabel('Amount').fill('100');
    await page.getByLabel('Currency').fill('EUR');
    await page.getByLabel('Exchange rate').fill('11,42');
    await page
      .getByLabel('Donor', { exact: true })
      .fill('Participatory Economics Reading Circle of Malmö');
    await page.getByRole('button', { name: 'Record', exact: true }).click();
    await page.waitForURL(/\/fund\/ledger\/[0-9a-f-]{36}$/);
    const entryPath = new URL(page.url()).pathname;
    expect(await total(page, base, fid)).toBe('SEK 1,142.00');

    const screens: Record<string, string> = {
      overview: '',
      ledger: '/ledger',
      entry: entryPath.replace(`/f/${fid}/fund`, ''),
      record: '/ledger/new?kind=expense',
      members: '/members',
      application: '/members/new',
      expenses: '/expenses',
      request: '/expenses/new',
      budgets: '/budgets',
      budget: '/budgets/new',
      report: '/report',
      settings: '/settings',
    };
    const wide: Record<string, number> = {};
    for (const [name, path] of Object.entries(screens)) {
      await page.goto(fundUrl(base, fid, path));
      await page.locator('main h1').first().waitFor();
      await screenshot(page, `fund ${name}`);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > PHONE.width) wide[name] = width;
    }
    expect(wide).toEqual({});
    // The ledger of the period leaves the device as a CSV file with the amount as a number.
    await page.goto(fundUrl(base, fid, '/report'));
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export the ledger (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      /^fund-ledger-\d{4}-01-01-\d{4}-\d{2}-\d{2}\.csv$/,
    );
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.startsWith('\ufeffdate,kind,state,account')).toBe(true);
    expect(csv).toContain(
      ',1142,114200,SEK,100,EUR,11.42,Participatory Economics Reading Circle of Malmö,',
    );

    await page.goto(fundUrl(base, fid));
    // The chart's name is its title alone; the figures are its description.
    const chart = page.getByRole('img', { name: 'The fund over time', exact: true });
    const description = await chart.evaluate(
      (el) => document.getElementById(el.getAttribute('aria-describedby') ?? '')?.textContent,
    );
    expect(description?.replace(/\s+/g, ' ')).toContain('SEK 1,142.00');
    expect(errors).toEqual([]);
  });
});
