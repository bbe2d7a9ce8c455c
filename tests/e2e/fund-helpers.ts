// Fund records made through the app's own forms, for the browser tests that need a fund with
// something in it: an account, ledger entries, an accepted application, a request, a budget.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export const YEAR = new Date().toISOString().slice(0, 4);

export function fundUrl(base: string, fid: string, path = ''): string {
  return `${base}/f/${fid}/fund${path}`;
}

/** The id at the end of the page's URL once it matches `/fund/<area>/<uuid>`. */
async function savedId(page: Page, area: string): Promise<string> {
  await page.waitForURL(new RegExp(`/fund/${area}/[0-9a-f-]{36}$`));
  const id = new URL(page.url()).pathname.split('/').pop();
  if (!id) throw new Error(`no id in ${page.url()}`);
  return id;
}

/** Adds an account on the fund's settings page. */
export async function addAccount(page: Page, base: string, fid: string, name: string) {
  await page.goto(fundUrl(base, fid, '/settings'));
  await page.getByRole('heading', { level: 1, name: 'Fund settings' }).waitFor();
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Add account' }).click();
  await page.getByRole('button', { name: `Remove ${name}` }).waitFor();
}

/** Records a ledger entry of `kind` with the labelled fields filled; returns its id. */
export async function addEntry(
  page: Page,
  base: string,
  fid: string,
  kind: 'donation' | 'expense',
  fields: Record<string, string>,
  category?: string,
): Promise<string> {
  await page.goto(fundUrl(base, fid, `/ledger/new?kind=${kind}`));
  for (const [label, value] of Object.entries(fields))
    await page.getByLabel(label, { exact: true }).fill(value);
  if (category) await page.getByLabel('Category').selectOption({ label: category });
  await page.getByRole('button', { name: 'Record', exact: true }).click();
  return savedId(page, 'ledger');
}

/** An application from `organization` with a due per year, accepted from 1 January; its id. */
export async function addMember(
  page: Page,
  base: string,
  fid: string,
  organization: string,
  due: string,
): Promise<string> {
  await page.goto(fundUrl(base, fid, '/members/new'));
  await page.getByLabel('Organization', { exact: true }).selectOption({ label: organization });
  await page.getByLabel('Who applies').fill('Kari');
  await page.getByLabel('Due per year').fill(due);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const id = await savedId(page, 'members');
  await page.getByLabel('As of').fill(`${YEAR}-01-01`);
  await page.getByRole('button', { name: 'Accept' }).click();
  await expect.poll(() => page.getByTestId('application-status').innerText()).toMatch(/^Member/);
  return id;
}

/** Asks to spend `amount` on `purpose`; returns the request's id. */
export async function addExpenseRequest(
  page: Page,
  base: string,
  fid: string,
  purpose: string,
  amount: string,
): Promise<string> {
  await page.goto(fundUrl(base, fid, '/expenses/new'));
  await page.getByLabel('For what').fill(purpose);
  await page.getByLabel('Amount').fill(amount);
  await page.getByRole('button', { name: 'Ask' }).click();
  return savedId(page, 'expenses');
}

/** A budget for the event `gatheringId` with one planned expense line; returns its id. */
export async function addEventBudget(
  page: Page,
  base: string,
  fid: string,
  gatheringId: string,
  line: { label: string; estimate: string },
): Promise<string> {
  await page.goto(fundUrl(base, fid, '/budgets/new'));
  await page.getByLabel('Name', { exact: true }).fill('Workshop budget');
  await page.getByLabel('Event', { exact: true }).selectOption(gatheringId);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const id = await savedId(page, 'budgets');
  await page.getByLabel('Label', { exact: true }).fill(line.label);
  await page.getByLabel('Estimate', { exact: true }).fill(line.estimate);
  await page.getByRole('button', { name: 'Add line' }).click();
  await page.getByRole('button', { name: `Remove line ${line.label}` }).waitFor();
  return id;
}

/** Reverses the entry `entryId` today with `reason`, from its own page. */
export async function reverseEntry(
  page: Page,
  base: string,
  fid: string,
  entryId: string,
  reason: string,
): Promise<void> {
  await page.goto(fundUrl(base, fid, `/ledger/${entryId}`));
  const form = page.getByRole('region', { name: 'Reverse' });
  await form.getByLabel('Reason', { exact: true }).fill(reason);
  await form.getByRole('button', { name: 'Reverse' }).click();
  await page
    .getByTestId('corrections')
    .getByRole('status')
    .filter({ hasText: 'Correction recorded.' })
    .waitFor();
}
