// The phone in a hall with no network: the app starts from the service worker, the federation is
// there, edits made offline show at once and survive closing the browser.
import { describe, expect, it } from 'vitest';
import {
  addOrganization,
  createFederation,
  expectSyncStatus,
  isControlled,
  openDevice,
  organizationNames,
  startAppRelay,
  waitForServiceWorker,
} from './helpers';

describe('offline', () => {
  it('starts from the service worker, keeps and adds organizations with no network', async () => {
    const relay = await startAppRelay();
    const base = relay.url;
    let device = await openDevice('phone');
    let page = device.page;

    await page.goto(base);
    await page.getByText('This device has no federation yet.').waitFor();
    await page.getByRole('link', { name: 'Create a federation' }).waitFor();
    await waitForServiceWorker(page);

    const fid = await createFederation(page, base, {
      name: 'Nordic Federation',
      region: 'Scandinavia',
      currency: 'SEK',
      languages: 'sv, en',
    });
    await expectSyncStatus(page, 'synced');
    await addOrganization(page, base, fid, { name: 'Oslo Commons', country: 'NO', city: 'Oslo' });
    await page.goto(`${base}/f/${fid}`);
    await expect.poll(() => page.getByTestId('org-count').innerText()).toBe('1 organization');
    await expectSyncStatus(page, 'synced');
    expect(await isControlled(page)).toBe(true);

    // No network at all: the browser is offline and the relay is gone.
    await device.context.setOffline(true);
    await relay.close();

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Nordic Federation' }).waitFor();
    await expect.poll(() => page.getByTestId('org-count').innerText()).toBe('1 organization');
    expect(await isControlled(page)).toBe(true);
    await expectSyncStatus(page, 'offline');
    await expect(page.getByText('Scandinavia').count()).resolves.toBe(1);

    await page.goto(`${base}/f/${fid}/organizations`);
    await page.getByRole('heading', { name: 'Organizations' }).waitFor();
    await expect.poll(() => organizationNames(page)).toEqual(['Oslo Commons']);

    await addOrganization(page, base, fid, {
      name: 'Bergen Study Circle',
      country: 'NO',
      city: 'Bergen',
    });
    await page.goto(`${base}/f/${fid}/organizations`);
    await expect
      .poll(() => organizationNames(page))
      .toEqual(['Bergen Study Circle', 'Oslo Commons']);
    await expect(page.getByText('Bergen, Norway').count()).resolves.toBe(1);

    // The phone is switched off and on again, still with no network.
    const dir = device.dir;
    await device.close();
    device = await openDevice('phone again', { dir, offline: true });
    page = device.page;

    await page.goto(base);
    await page.getByRole('heading', { name: 'Your federations' }).waitFor();
    await page.getByRole('link', { name: 'Open Nordic Federation' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nordic Federation' }).waitFor();
    await expect.poll(() => page.getByTestId('org-count').innerText()).toBe('2 organizations');
    await expectSyncStatus(page, 'offline');

    await page.goto(`${base}/f/${fid}/organizations`);
    await expect
      .poll(() => organizationNames(page))
      .toEqual(['Bergen Study Circle', 'Oslo Commons']);
    expect(device.errors).toEqual([]);
  });
});
