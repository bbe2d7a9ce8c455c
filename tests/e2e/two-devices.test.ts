// Two devices of one federation: joining by invite link, live edits through the relay, and edits
// made while both were offline merging with nothing lost.
import { describe, expect, it } from 'vitest';
import {
  addOrganization,
  createFederation,
  editOrganization,
  expectSyncStatus,
  joinWithLink,
  openDevice,
  organizationNames,
  organizationRow,
  readInviteLink,
  sleep,
  startAppRelay,
  waitForServiceWorker,
  type Device,
} from './helpers';

/** Device A creates a federation with one organization; device B joins it by the invite link. */
async function twoDevices() {
  const relay = await startAppRelay();
  const base = relay.url;
  const a = await openDevice('device A');
  const b = await openDevice('device B');

  await a.page.goto(base);
  await waitForServiceWorker(a.page);
  const fid = await createFederation(a.page, base, { name: 'Nordic Federation', region: 'North' });
  const orgId = await addOrganization(a.page, base, fid, {
    name: 'Oslo Commons',
    country: 'NO',
    city: 'Oslo',
    contactName: 'Ola',
  });
  await expectSyncStatus(a.page, 'synced');
  const link = await readInviteLink(a.page, base, fid);
  expect(link).toMatch(new RegExp(`^${base}/join#v=1&f=${fid}&t=[A-Za-z0-9_-]{43}&r=`));

  const joined = await joinWithLink(b.page, link, /^Join Nordic Federation$/);
  expect(joined).toBe(fid);
  await b.page.getByRole('heading', { level: 1, name: 'Nordic Federation' }).waitFor();
  await expect.poll(() => b.page.getByTestId('org-count').innerText()).toBe('1 organization');
  await expectSyncStatus(b.page, 'synced');
  await waitForServiceWorker(b.page);
  return { relay, base, a, b, fid, orgId };
}

/** The wall-clock time (ms, sub-ms precision) at which `text` is rendered in B's main area. */
function whenRendered(device: Device, text: string): Promise<number> {
  return device.page.evaluate(
    (expected) =>
      new Promise<number>((done) => {
        const main = document.querySelector('main') ?? document.body;
        const seen = () => main.textContent?.includes(expected) ?? false;
        const now = () => performance.timeOrigin + performance.now();
        if (seen()) return done(now());
        const observer = new MutationObserver(() => {
          if (!seen()) return;
          observer.disconnect();
          done(now());
        });
        observer.observe(main, { subtree: true, childList: true, characterData: true });
      }),
    text,
  );
}

describe('two devices', () => {
  it('joins by invite link and shows an edit on the other device within seconds', async () => {
    const { base, a, b, fid, orgId } = await twoDevices();
    await b.page.goto(`${base}/f/${fid}/organizations`);
    await organizationRow(b.page, 'Oslo Commons').waitFor();
    expect(await organizationNames(b.page)).toEqual(['Oslo Commons']);

    await a.page.goto(`${base}/f/${fid}/organizations/${orgId}`);
    await a.page.getByRole('heading', { name: 'Edit organization' }).waitFor();
    // A records the moment the form is submitted, in the page's own clock.
    await a.page.evaluate(() =>
      document.addEventListener(
        'submit',
        () => {
          (window as unknown as { savedAt: number }).savedAt =
            performance.timeOrigin + performance.now();
        },
        { capture: true },
      ),
    );

    const latencies: number[] = [];
    for (let i = 1; i <= 5; i++) {
      const city = `Tromsø ${i}`;
      const rendered = whenRendered(b, `${city}, Norway`);
      await a.page.getByLabel('City').fill(city);
      await a.page.getByRole('button', { name: 'Save' }).click();
      const seenAt = await Promise.race([
        rendered,
        sleep(5_000).then(() => Promise.reject(new Error(`B did not show "${city}" in 5 s`))),
      ]);
      const savedAt = await a.page.evaluate(
        () => (window as unknown as { savedAt: number }).savedAt,
      );
      latencies.push(seenAt - savedAt);
    }
    console.log(
      `A save -> B render latency (ms): ${latencies.map((l) => l.toFixed(1)).join(', ')}`,
    );
    await expect(organizationRow(b.page, 'Oslo Commons').innerText()).resolves.toContain(
      'Tromsø 5, Norway',
    );
    for (const l of latencies) expect(l).toBeLessThan(3_000);
  });

  it('merges what both devices did offline, with nothing lost', async () => {
    const { base, a, b, fid, orgId } = await twoDevices();

    await a.context.setOffline(true);
    await b.context.setOffline(true);
    await a.page.goto(`${base}/f/${fid}`);
    await b.page.goto(`${base}/f/${fid}`);
    await expectSyncStatus(a.page, 'offline');
    await expectSyncStatus(b.page, 'offline');

    await addOrganization(a.page, base, fid, { name: 'Alpha', city: 'Aarhus', country: 'DK' });
    await addOrganization(b.page, base, fid, { name: 'Beta', city: 'Bergen', country: 'NO' });
    // Different fields of the same organization.
    await editOrganization(a.page, base, fid, orgId, { city: 'Trondheim' });
    await editOrganization(b.page, base, fid, orgId, { contactName: 'Kari Nordmann' });

    // Really apart: after a moment neither device has the other's organization.
    await sleep(1_000);
    for (const [device, own, other] of [
      [a, 'Alpha', 'Beta'],
      [b, 'Beta', 'Alpha'],
    ] as const) {
      await device.page.goto(`${base}/f/${fid}/organizations`);
      await organizationRow(device.page, own).waitFor();
      expect(await organizationNames(device.page)).not.toContain(other);
    }

    await a.context.setOffline(false);
    await b.context.setOffline(false);
    for (const device of [a, b]) {
      await expectSyncStatus(device.page, 'synced', 15_000);
      await expect
        .poll(() => organizationNames(device.page), { timeout: 10_000 })
        .toEqual(['Alpha', 'Beta', 'Oslo Commons']);
      await expect(organizationRow(device.page, 'Oslo Commons').innerText()).resolves.toContain(
        'Trondheim, Norway',
      );
      await device.page.goto(`${base}/f/${fid}/organizations/${orgId}`);
      await device.page.getByRole('heading', { name: 'Edit organization' }).waitFor();
      await expect.poll(() => device.page.getByLabel('City').inputValue()).toBe('Trondheim');
      expect(await device.page.getByLabel('Contact person').inputValue()).toBe('Kari Nordmann');
      await device.page.goto(`${base}/f/${fid}`);
      await expect
        .poll(() => device.page.getByTestId('org-count').innerText())
        .toBe('3 organizations');
      await expectSyncStatus(device.page, 'synced');
    }
  });

  it('keeps an edit from the other device when an open form saves another field', async () => {
    const { base, a, b, fid, orgId } = await twoDevices();
    const editPage = `${base}/f/${fid}/organizations/${orgId}`;
    await b.page.goto(editPage);
    await expect.poll(() => b.page.getByLabel('City').inputValue()).toBe('Oslo');

    // While B has the form open, A moves the organization to another city.
    await editOrganization(a.page, base, fid, orgId, { city: 'Trondheim' });
    await sleep(1_000);

    // B changes only the contact person and saves.
    await b.page.getByLabel('Contact person').fill('Kari Nordmann');
    await b.page.getByRole('button', { name: 'Save' }).click();
    await b.page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await sleep(1_000);

    for (const device of [a, b]) {
      await device.page.goto(editPage);
      await expect
        .poll(() => device.page.getByLabel('Contact person').inputValue())
        .toBe('Kari Nordmann');
      expect(await device.page.getByLabel('City').inputValue()).toBe('Trondheim');
    }
  });
});
