// A generated federation (the five-year sample, scaled down to stay quick on two cores) imported
// through the app opens offline, and every area's main list renders rows. Not a timing: the
// figures are `npm run bench:app`'s job.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { AREAS } from '../bench/app/browser';
import { generateFixture } from '../bench/app/fixture';
import { openDevice, startAppRelay, tmpDir, waitForServiceWorker } from './helpers';

interface Seen {
  opening: boolean;
  org: string;
  fund: string;
  open: string;
}

async function homeFigures(page: Page): Promise<{ org: string; fund: string }> {
  const org = await page.getByTestId('org-count').innerText();
  return { org, fund: await page.getByTestId('fund-balance').innerText() };
}

/** In the page: whether the device database holds a home snapshot of `fid`. */
function storedHome(fid: string): Promise<boolean> {
  return new Promise((resolve) => {
    const open = indexedDB.open('federation-planner');
    open.onsuccess = () => {
      const get = open.result.transaction('homes').objectStore('homes').get(fid);
      get.onsuccess = () => resolve(get.result !== undefined);
      get.onerror = () => resolve(false);
    };
    open.onerror = () => resolve(false);
  });
}

/** In the page: how many open requests the device database's home snapshot of `fid` counts. */
function keptOpenRequests(fid: string): Promise<number | null> {
  return new Promise((resolve) => {
    const open = indexedDB.open('federation-planner');
    open.onsuccess = () => {
      const get = open.result.transaction('homes').objectStore('homes').get(fid);
      get.onsuccess = () => resolve((get.result?.view?.open?.count as number | undefined) ?? null);
      get.onerror = () => resolve(null);
    };
    open.onerror = () => resolve(null);
  });
}

/** Adds a help request from the Requests tab, without reloading the app. */
async function addRequestInApp(page: Page, title: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Requests' })
    .click();
  await page.getByRole('link', { name: 'New request' }).click();
  await page.getByLabel('Title', { exact: true }).fill(title);
  await page.getByLabel('Group name', { exact: true }).fill('Readers of the north');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
}

/** In the page, from its first script: every home figure shown, and whether it was still opening. */
function recordHome(): void {
  const seen: Seen[] = [];
  (window as unknown as { __home: Seen[] }).__home = seen;
  new MutationObserver(() => {
    const org = document.querySelector('[data-testid="org-count"]');
    if (!org) return;
    const status = [...document.querySelectorAll('[role="status"]')];
    seen.push({
      opening: status.some((e) => e.textContent?.includes('Opening')),
      org: (org as HTMLElement).innerText,
      fund: (document.querySelector('[data-testid="fund-balance"]') as HTMLElement).innerText,
      open: (document.querySelector('[data-testid="open-requests"]') as HTMLElement).innerText,
    });
  }).observe(document, { subtree: true, childList: true, characterData: true });
}

/** The sample imported on a phone through the app as its coordinator, relay gone and offline. */
async function importedOffline() {
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
  return { fixture, fid, base, d, page };
}

describe('a generated five-year federation', () => {
  it('imported from its backup file, opens offline with every list filled', async () => {
    const { fixture, fid, base, d, page } = await importedOffline();
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

    // The home screen as last shown comes up while the document is still opening, figures equal.
    await page.goto(`${base}/f/${fid}`);
    await expect.poll(() => page.getByTestId('org-count').innerText()).toMatch(/[1-9]/);
    const live = await homeFigures(page);
    await expect.poll(() => page.evaluate(storedHome, fid)).toBe(true);
    await page.addInitScript(recordHome);
    // A cold start on another screen changes nothing, so the snapshot still holds after it.
    await page.goto(`${base}/f/${fid}/events`);
    await page.locator(`main a[href^="/f/${fid}/events/"]`).first().waitFor();
    await page.goto(`${base}/f/${fid}`);
    await expect.poll(() => homeFigures(page)).toEqual(live);
    const seen = await page.evaluate(() => (window as unknown as { __home: Seen[] }).__home);
    const early = seen.filter((s) => s.opening);
    expect(early.length).toBeGreaterThan(0);
    expect(early.every((s) => s.org === live.org && s.fund === live.fund)).toBe(true);
    expect(d.errors).toEqual([]);
  });

  it('keeps the home screen when the app is left on another screen, edits included', async () => {
    const { fid, base, d, page } = await importedOffline();
    await page.goto(`${base}/f/${fid}`);
    await expect.poll(() => page.evaluate(keptOpenRequests, fid)).not.toBeNull();
    const before = (await page.evaluate(keptOpenRequests, fid)) as number;

    // Backgrounded (a phone's app switcher): the page is hidden, not unloaded.
    await addRequestInApp(page, 'Workshop in Tromsø');
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
      delete (document as { visibilityState?: unknown }).visibilityState;
    });
    await expect.poll(() => page.evaluate(keptOpenRequests, fid)).toBe(before + 1);
    // Closed: the page goes away.
    await addRequestInApp(page, 'Seminar in Bergen');
    await page.evaluate(() => window.dispatchEvent(new PageTransitionEvent('pagehide')));
    await expect.poll(() => page.evaluate(keptOpenRequests, fid)).toBe(before + 2);

    // The next cold start at home shows the kept screen, both requests counted, while opening.
    await page.addInitScript(recordHome);
    await page.goto(`${base}/f/${fid}`);
    const home = () => page.evaluate(() => (window as unknown as { __home: Seen[] }).__home);
    await expect.poll(async () => (await home()).some((s) => !s.opening)).toBe(true);
    const seen = await home();
    const live = seen.find((s) => !s.opening)?.open;
    expect(live).toMatch(new RegExp(`\\b${before + 2}\\b`));
    const early = seen.filter((s) => s.opening);
    expect(early.length).toBeGreaterThan(0);
    expect(early.every((s) => s.open === live)).toBe(true);
    expect(d.errors).toEqual([]);
  });
});
