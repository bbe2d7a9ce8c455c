// A generated federation (the five-year sample, scaled down to stay quick on two cores) imported
// through the app opens offline, and every area's main list renders rows. Not a timing: the
// figures are `npm run bench:app`'s job.
import { describe, expect, it } from 'vitest';
import { AREAS } from '../bench/app/browser';
import { generateFixture } from '../bench/app/fixture';
import { openDevice, startAppRelay, tmpDir, waitForServiceWorker } from './helpers';

describe('a generated five-year federation', () => {
  it('imported from its backup file, opens offline with every list filled', async () => {
    const fixture = generateFixture({ scale: 0.02, seed: 11, dir: tmpDir('e2e-five-year-') });
    const fid = fixture.federationId;
    const relay = await startAppRelay();
    const base = relay.url;
    const d = await openDevice('phone');
    const page = d.page;
    await page.goto(base);
    await waitForServiceWorker(page);
    await page.goto(`${base}/settings`);
    await page.getByLabel('Import a backup file').setInputFiles(fixture.path);
    await page.getByRole('status').filter({ hasText: 'is now on this device' }).waitFor();
    // The sample's coordinator has tasks of their own: this device is them.
    await page.goto(`${base}/f/${fid}/people/${fixture.me}`);
    await page.getByRole('button', { name: 'This is me' }).click();
    await page.getByText('This is you').waitFor();

    await relay.close();
    await d.context.setOffline(true);
    await page.goto(`${base}/f/${fid}`);
    await page.getByRole('heading', { level: 1, name: fixture.name }).waitFor();
    await expect.poll(() => page.getByTestId('org-count').innerText()).toMatch(/[1-9]/);
    expect(await page.getByTestId('fund-balance').innerText()).toMatch(/\d/);

    for (const [name, path] of AREAS) {
      await page.goto(`${base}/f/${fid}/${path}`);
      const rows = page.locator(`main a[href^="/f/${fid}/${path}/"]:not([href$="/new"])`);
      await rows.first().waitFor();
      expect(await rows.count(), name).toBeGreaterThan(0);
    }
    await page.goto(`${base}/f/${fid}/fund`);
    expect(await page.getByTestId('fund-total').innerText()).toMatch(/[1-9]/);
    expect(d.errors).toEqual([]);
  });
});
