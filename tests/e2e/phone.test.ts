// Every screen fits a 390×844 phone: no sideways scrolling. Screenshots go to test-results/.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  addOrganization,
  addPerson,
  addRequest,
  daysFromNow,
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

    // Organizations, Invite and the federation's settings are reached through "More".
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'More' })
      .click();
    await page.getByRole('heading', { name: 'More' }).waitFor();
    for (const name of ['Organizations', 'Invite', 'Federation'])
      await page.getByRole('main').getByRole('link', { name, exact: true }).waitFor();
    await check('3b more');

    await page.getByRole('main').getByRole('link', { name: 'Organizations', exact: true }).click();
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

    await page.goto(`${base}/f/${fid}/settings`);
    await page.getByRole('heading', { name: 'Federation settings' }).waitFor();
    await check('7b federation settings');

    // People, requests and events, with long names.
    const person = 'Maria Fernández-Oyelaran de la Cooperativa Vecinal';
    await addPerson(page, base, fid, {
      name: person,
      country: 'US',
      city: 'Seattle-Tacoma International Metropolitan Area',
      languages: 'en, es, pt-BR',
      topics: 'participatory economics, neighbourhood councils, cooperative finance',
      availability: `${daysFromNow(20)} to ${daysFromNow(40)}`,
    });
    await check('9 person');
    await page.goto(`${base}/f/${fid}/people`);
    await page.getByRole('link', { name: new RegExp(person) }).waitFor();
    await check('10 people');

    const title = 'Introduction to participatory budgeting for neighbourhood assemblies';
    const rid = await addRequest(page, base, fid, {
      title,
      groupName: 'Asamblea Vecinal de Participación Comunitaria de Tacoma',
      country: 'US',
      language: 'es',
      topics: 'participatory economics',
      preferredFrom: daysFromNow(30),
      preferredTo: daysFromNow(31),
    });
    await page.getByRole('button', { name: 'Move to “Accepted”' }).click();
    await page.getByRole('group', { name: person }).waitFor();
    await check('11 request');
    await page.goto(`${base}/f/${fid}/requests`);
    await page.getByRole('link', { name: new RegExp(title) }).waitFor();
    await check('12 requests');
    await page.goto(`${base}/f/${fid}/requests/new`);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Required.').first().waitFor();
    await check('13 request form errors');

    await page.goto(`${base}/f/${fid}/events/new?request=${rid}`);
    await expect.poll(() => page.getByLabel('Title', { exact: true }).inputValue()).toBe(title);
    await check('14 event form');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(/\/events\/[0-9a-f-]{36}$/);
    await page
      .getByLabel('Session', { exact: true })
      .fill('Opening: why budgets belong to the people');
    await page.getByRole('button', { name: 'Add session' }).click();
    await page.getByRole('combobox', { name: 'Add speaker' }).selectOption({ label: person });
    await page.getByRole('button', { name: 'Add speaker' }).click();
    await page.getByRole('combobox', { name: 'Choose a person' }).selectOption({ label: person });
    await page.getByRole('button', { name: 'Send a person' }).click();
    await page.getByRole('group', { name: person }).waitFor();
    await check('15 event');
    await page.goto(`${base}/f/${fid}/events`);
    await page.getByRole('link', { name: new RegExp(title) }).waitFor();
    await check('16 events');

    await page.goto(base);
    await page.getByRole('heading', { name: 'Your federations' }).waitFor();
    await check('8 home with a federation');

    const tooWide = Object.entries(seen).filter(([, o]) => o.scrollWidth > PHONE.width);
    expect(tooWide).toEqual([]);
  });
});
