// Backup files in the app: syncing two devices by passing files along with no relay at all,
// damaged and foreign files refused with nothing changed, and a federation moving to another relay.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  addOrganization,
  createFederation,
  expectSyncStatus,
  joinWithLink,
  openDevice,
  organizationNames,
  readInviteLink,
  startAppRelay,
  tmpDir,
  waitForServiceWorker,
  type AppRelay,
  type Device,
} from './helpers';

/** Exports the federation from its settings page (a download on desktop Chromium); returns the file's path. */
async function exportFile(device: Device, base: string, fid: string): Promise<string> {
  const page = device.page;
  await page.goto(`${base}/f/${fid}/settings`);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export a backup file' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.backup\.txt$/);
  const path = join(tmpDir('e2e-backup-'), download.suggestedFilename());
  await download.saveAs(path);
  await page.getByRole('status').filter({ hasText: 'saved to your downloads' }).waitFor();
  return path;
}

/** Picks `path` in the "Import a backup file" field of the page that is open. */
async function importFile(page: Page, path: string): Promise<void> {
  await page.getByLabel('Import a backup file').setInputFiles(path);
}

async function orgsOn(page: Page, base: string, fid: string): Promise<string[]> {
  await page.goto(`${base}/f/${fid}/organizations`);
  await page.getByRole('heading', { level: 1, name: 'Organizations' }).waitFor();
  return (await organizationNames(page)).sort();
}

/** Picks `path` and waits for "Merged: N changes new to this device". */
async function expectMerged(page: Page, path: string): Promise<void> {
  await importFile(page, path);
  await page
    .getByRole('status')
    .filter({ hasText: /^Merged: \d+ changes? new/ })
    .waitFor();
}

/** A device with the app from `relay` (service worker ready) and a new federation with one organization. */
async function deviceWithFederation(relay: AppRelay, device: string, federation: string) {
  const d = await openDevice(device);
  await d.page.goto(relay.url);
  await waitForServiceWorker(d.page);
  const fid = await createFederation(d.page, relay.url, { name: federation });
  await addOrganization(d.page, relay.url, fid, { name: 'Oslo Commons', country: 'NO' });
  return { d, fid };
}

/** The Yjs state inside a backup file (the lines between the header and END). */
const stateOf = (text: string) => text.trimEnd().split('\n').slice(2, -1).join('');

describe('backup files', () => {
  it('syncs two devices by files alone: export, import as new, edit apart, merge both ways', async () => {
    const relay = await startAppRelay();
    const base = relay.url;
    const { d: a, fid } = await deviceWithFederation(relay, 'device A', 'Nordic Federation');
    const b = await openDevice('device B');
    const fromA = await exportFile(a, base, fid);
    expect(readFileSync(fromA, 'utf8')).toMatch(/^FEDERATION-PLANNER-BACKUP 1\n\{"app":"/);
    await b.page.goto(base);
    await waitForServiceWorker(b.page);
    // From here on there is no relay at all: both devices run from their service worker.
    await relay.close();

    await b.page.goto(`${base}/settings`);
    await importFile(b.page, fromA);
    await b.page
      .getByRole('status')
      .filter({ hasText: 'Nordic Federation is now on this device' })
      .waitFor();
    await b.page.getByRole('link', { name: 'Open Nordic Federation' }).click();
    await b.page.getByRole('heading', { level: 1, name: 'Nordic Federation' }).waitFor();
    await b.page.locator('[role="status"][data-status="noRelay"]').waitFor();
    expect(await orgsOn(b.page, base, fid)).toEqual(['Oslo Commons']);

    // Apart, each device adds an organization.
    await addOrganization(a.page, base, fid, { name: 'Bergen Hub', country: 'NO' });
    await addOrganization(b.page, base, fid, { name: 'Turku Circle', country: 'FI' });

    const fromB = await exportFile(b, base, fid);
    await a.page.goto(`${base}/f/${fid}/settings`);
    await expectMerged(a.page, fromB);
    expect(await orgsOn(a.page, base, fid)).toEqual(['Bergen Hub', 'Oslo Commons', 'Turku Circle']);

    const backToB = await exportFile(a, base, fid);
    await expectMerged(b.page, backToB);
    expect(await orgsOn(b.page, base, fid)).toEqual(['Bergen Hub', 'Oslo Commons', 'Turku Circle']);

    // The same file again holds nothing new.
    await a.page.goto(`${base}/f/${fid}/settings`);
    await importFile(a.page, fromB);
    await a.page.getByRole('status').filter({ hasText: 'Nothing new in this file' }).waitFor();
    // What was merged was stored: it survives a reload on both devices.
    for (const d of [a, b]) {
      await d.page.reload();
      expect(await orgsOn(d.page, base, fid)).toEqual([
        'Bergen Hub',
        'Oslo Commons',
        'Turku Circle',
      ]);
    }
    expect([...a.errors, ...b.errors]).toEqual([]);
  });

  it('refuses damaged, cut-off, foreign and other federations’ files, and changes nothing', async () => {
    const relay = await startAppRelay();
    const base = relay.url;
    const { d: a, fid } = await deviceWithFederation(relay, 'device A', 'Nordic Federation');
    const other = await createFederation(a.page, base, { name: 'Baltic Federation' });
    const otherFile = await exportFile(a, base, other);
    const good = await exportFile(a, base, fid);
    const text = readFileSync(good, 'utf8');
    const dir = tmpDir('e2e-bad-backup-');
    const lines = text.split('\n');
    const line = lines[2]!;
    lines[2] = line.slice(0, 10) + (line[10] === 'A' ? 'B' : 'A') + line.slice(11);
    const files = {
      corrupt: lines.join('\n'),
      truncated: text.slice(0, Math.floor(text.length / 2)),
      foreign: 'Minutes of the regional meeting\n',
    };
    const expected = [
      ['corrupt', 'This backup file is damaged'],
      ['truncated', 'This backup file is cut short'],
      ['foreign', 'This is not a Federation Planner backup file'],
    ] as const;

    await a.page.goto(`${base}/f/${fid}/settings`);
    for (const [name, message] of expected) {
      const path = join(dir, `${name}.backup.txt`);
      writeFileSync(path, files[name]);
      await importFile(a.page, path);
      await a.page.getByRole('alert').filter({ hasText: message }).waitFor();
    }
    await importFile(a.page, otherFile);
    await a.page
      .getByRole('alert')
      .filter({ hasText: 'This backup file belongs to another federation' })
      .waitFor();

    // Nothing changed: the same organizations and byte for byte the same document state.
    expect(await orgsOn(a.page, base, fid)).toEqual(['Oslo Commons']);
    const after = readFileSync(await exportFile(a, base, fid), 'utf8');
    expect(stateOf(after)).toBe(stateOf(text));

    // On the device's settings, a damaged file adds no federation.
    await a.page.goto(`${base}/settings`);
    await importFile(a.page, join(dir, 'corrupt.backup.txt'));
    await a.page.getByRole('alert').filter({ hasText: 'This backup file is damaged' }).waitFor();
    await a.page.goto(base);
    await expect.poll(() => a.page.locator('main ul.feds li').count()).toBe(2);

    // The same settings page shows what the browser does with the app's storage.
    await a.page.goto(`${base}/settings`);
    await a.page.getByTestId('storage-estimate').waitFor();
    expect(await a.page.getByTestId('storage-estimate').innerText()).toMatch(
      /used of .+ available/,
    );
    const ask = a.page.getByRole('button', { name: 'Keep the data on this device' });
    if (await ask.isVisible()) {
      await ask.click();
      // Headless Chromium decides by its own rules: either answer must be shown.
      await a.page
        .getByTestId('storage-persisted')
        .or(a.page.getByRole('status').filter({ hasText: 'The browser has not agreed yet' }))
        .waitFor();
    }
    expect(a.errors).toEqual([]);
  });

  it('moves a federation to another relay; a device there gets everything, also what reached only the first', async () => {
    const first = await startAppRelay();
    const second = await startAppRelay();
    const base = first.url;
    const { d: a, fid } = await deviceWithFederation(first, 'device A', 'Nordic Federation');
    await expectSyncStatus(a.page, 'synced');

    // B adds an organization through the first relay only, and is gone before the move.
    const b = await openDevice('device B');
    await joinWithLink(b.page, await readInviteLink(a.page, base, fid), /^Join Nordic Federation$/);
    await addOrganization(b.page, base, fid, { name: 'Tromsø Group', country: 'NO' });
    await expectSyncStatus(b.page, 'synced');
    await expect.poll(() => orgsOn(a.page, base, fid)).toEqual(['Oslo Commons', 'Tromsø Group']);
    await b.close();
    await first.close();

    await a.page.goto(`${base}/f/${fid}/settings`);
    a.page.once('dialog', (dialog) => void dialog.accept());
    await a.page.getByLabel('Relay address').fill(second.url);
    await a.page.getByRole('button', { name: 'Use this relay' }).click();
    await a.page
      .getByRole('status')
      .filter({ hasText: `Now syncing through ${second.wsUrl}` })
      .waitFor();
    await expectSyncStatus(a.page, 'synced');
    expect(await a.page.getByTestId('relay-current').innerText()).toContain(second.wsUrl);

    // A new device opens the app from the second relay with A's new invite.
    const link = await readInviteLink(a.page, base, fid);
    expect(new URL(link).hash).toContain(`r=${encodeURIComponent(second.wsUrl)}`);
    const c = await openDevice('device C');
    await joinWithLink(
      c.page,
      `${second.url}/join${new URL(link).hash}`,
      /^Join Nordic Federation$/,
    );
    await expectSyncStatus(c.page, 'synced');
    await expect
      .poll(() => orgsOn(c.page, second.url, fid))
      .toEqual(['Oslo Commons', 'Tromsø Group']);
    expect([...a.errors, ...c.errors]).toEqual([]);
  });
});
