// Swedish is loaded when chosen, not with the first page: choosing it switches every screen, and a
// cold start offline comes back in Swedish (its catalog precached by the service worker).
import { describe, expect, it } from 'vitest';
import { openDevice, startAppRelay, waitForServiceWorker } from './helpers';

describe('the interface language', () => {
  it('switches to Swedish, and comes back in Swedish after an offline restart', async () => {
    const relay = await startAppRelay();
    const phone = await openDevice('swedish phone');
    const { page } = phone;
    await page.goto(`${relay.url}/settings`);
    await waitForServiceWorker(page);
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();

    await page.getByLabel('Language', { exact: true }).selectOption('sv');
    await page.getByRole('heading', { level: 1, name: 'Inställningar' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('sv');

    expect(phone.errors).toEqual([]);
    await phone.close();
    await relay.close();

    // The same device restarted with no network and no relay.
    const again = await openDevice('swedish phone', { dir: phone.dir, offline: true });
    await again.page.goto(`${relay.url}/settings`);
    await again.page.getByRole('heading', { level: 1, name: 'Inställningar' }).waitFor();
    expect(await again.page.getByLabel('Språk', { exact: true }).inputValue()).toBe('sv');
    await again.page.getByLabel('Språk', { exact: true }).selectOption('en');
    await again.page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    expect(again.errors).toEqual([]);
  });
});
