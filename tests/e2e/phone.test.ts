// Every screen fits a 390×844 phone: no sideways scrolling. Screenshots go to test-results/.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  addOrganization,
  createFederation,
  expectSyncStatus,
  openDevice,
  PHONE,
  screenshot,
  startAppRelay,
  waitForServiceWorker,
} from './helpers';

/** How far the page is wider than the phone's screen (0 when it fits). */
async function overflow(page: Page): Promise<{ scrollWidth: number; culprits: string[] }> {
  return page.evaluate((width) => {
    const culprits: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      const r = el.getBoundingClientRect();
      if (r.right > width + 0.5 && r.width > 0 && getComputedStyle(el).position !== 'absolute')
        culprits.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${el.className}`);
    }
    return { scrollWidth: document.documentElement.scrollWidth, culprits: culprits.slice(0, 5) };
  }, PHONE.width);
}

describe('phone', () => {
  it('fits every screen into 390 px without sideways scrolling', async () => {
    const relay = await startAppRelay();
    const base = relay.url;
    const { page } = await openDevice('phone');
    const seen: Record<string, { scrollWidth: number; culprits: string[] }> = {};
    const check = async (name: string) => {
      await page.waitForLoadState('load');
      await screenshot(page, `phone ${name}`);
      seen[name] = await overflow(page);
    };

    await page.goto(base);
    await page.getByRole('link', { name: 'Create a federation' }).waitFor();
    await waitForServiceWorker(page);
    await check('1 home first run');

    await page.goto(`${base}/new`);
    await page.getByRole('button', { name: 'Create' }).waitFor();
    await check('2 create federation');

    const fid = await createFederation(page, base, {
      name: 'Federation of Participatory Organizations of the Pacific Northwest',
      region: 'Pacific Northwest and British Columbia',
      currency: 'USD',
      languages: 'en, es',
    });
    await expectSyncStatus(page, 'synced');
    await addOrganization(page, base, fid, {
      name: 'Cooperativa Vecinal de Participación Comunitaria de Seattle-Tacoma',
      country: 'US',
      city: 'Seattle',
      stage: 'Growing',
      contactName: 'Maria Fernández-Oyelaran',
      contactEmail: 'coordination.committee@participatory-seattle.example.org',
    });
    await addOrganization(page, base, fid, { name: 'Portland Commons', country: 'US' });

    await page.goto(`${base}/f/${fid}`);
    await expect.poll(() => page.getByTestId('org-count').innerText()).toBe('2 organizations');
    await check('3 overview');

    await page.goto(`${base}/f/${fid}/organizations`);
    await page.getByRole('link', { name: /Portland Commons/ }).waitFor();
    await check('4 organizations');

    await page.goto(`${base}/f/${fid}/organizations/new`);
    await page.getByRole('heading', { name: 'New organization' }).waitFor();
    await check('5 organization form');

    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Required.').waitFor();
    await check('6 organization form errors');

    await page.goto(`${base}/f/${fid}/invite`);
    await page.getByRole('img', { name: 'QR code of the invite link' }).waitFor();
    await check('7 invite');

    await page.goto(base);
    await page.getByRole('heading', { name: 'Your federations' }).waitFor();
    await check('8 home with a federation');

    const tooWide = Object.entries(seen).filter(([, o]) => o.scrollWidth > PHONE.width);
    expect(tooWide).toEqual([]);
  });
});
