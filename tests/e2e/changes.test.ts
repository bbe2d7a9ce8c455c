// "Since you were last here" on two devices through the relay: what A adds or changes shows on B's
// overview with links, B's own edits never do, opening the overview marks nothing, and
// "Mark all as seen" lasts across a reload.
import { describe, expect, it } from 'vitest';
import {
  addOrganization,
  addRequest,
  createFederation,
  editOrganization,
  expectSyncStatus,
  joinWithLink,
  openDevice,
  readInviteLink,
  startAppRelay,
  waitForServiceWorker,
  type Device,
} from './helpers';

function feed(device: Device) {
  return device.page.getByTestId('changes');
}

/** The feed's areas as "Area: n", and its links, as B sees them. */
async function feedText(device: Device): Promise<{ areas: string[]; links: string[] }> {
  const section = feed(device);
  return {
    areas: await section.getByRole('heading', { level: 3 }).allInnerTexts(),
    links: await section.getByRole('listitem').allInnerTexts(),
  };
}

describe('what changed since I was last here', () => {
  it('shows on B what A added and changed, never B’s own, until B marks it seen', async () => {
    const relay = await startAppRelay();
    const base = relay.url;
    const a = await openDevice('device A');
    const b = await openDevice('device B');
    await a.page.goto(base);
    await waitForServiceWorker(a.page);
    const fid = await createFederation(a.page, base, { name: 'Nordic Federation' });
    const osloId = await addOrganization(a.page, base, fid, { name: 'Oslo Commons', city: 'Oslo' });
    await expectSyncStatus(a.page, 'synced');
    await joinWithLink(b.page, await readInviteLink(a.page, base, fid), /^Join Nordic Federation$/);
    await expect.poll(() => b.page.getByTestId('org-count').innerText()).toBe('1 organization');

    // What B had when it first looked is not news.
    await feed(b).getByText('Nothing new from others since you last looked.').waitFor();

    await addOrganization(b.page, base, fid, { name: 'Bergen chapter', city: 'Bergen' });
    await addOrganization(a.page, base, fid, { name: 'Tromsø group', city: 'Tromsø' });
    await addRequest(a.page, base, fid, { title: 'Workshop in Tromsø', groupName: 'Tromsø group' });
    await editOrganization(a.page, base, fid, osloId, { city: 'Bergen' });
    await expectSyncStatus(a.page, 'synced');

    await b.page.goto(`${base}/f/${fid}`);
    await expect
      .poll(() => feedText(b))
      .toEqual({
        areas: ['Organizations: 2', 'Requests: 1'],
        links: expect.arrayContaining([
          expect.stringMatching(/^Tromsø group\s+new/),
          expect.stringMatching(/^Oslo Commons\s+changed/),
          expect.stringMatching(/^Workshop in Tromsø\s+new/),
        ]),
      });
    expect(await feed(b).innerText()).not.toContain('Bergen chapter');

    // Each item links to its page; coming back, nothing was marked seen by looking.
    await feed(b).getByRole('link', { name: 'Workshop in Tromsø' }).click();
    await b.page.getByRole('heading', { level: 1, name: 'Workshop in Tromsø' }).waitFor();
    await b.page.goBack();
    await expect
      .poll(() => feedText(b).then((f) => f.areas))
      .toEqual(['Organizations: 2', 'Requests: 1']);

    await feed(b).getByRole('button', { name: 'Mark all as seen' }).click();
    await feed(b).getByText('Nothing new from others since you last looked.').waitFor();
    await feed(b)
      .getByText(/^You last marked everything as seen/)
      .waitFor();
    await b.page.reload();
    await feed(b).getByText('Nothing new from others since you last looked.').waitFor();

    // A change while B's overview is open appears there without a reload.
    await editOrganization(a.page, base, fid, osloId, { city: 'Stavanger' });
    await expect
      .poll(() => feedText(b))
      .toEqual({
        areas: ['Organizations: 1'],
        links: [expect.stringMatching(/^Oslo Commons\s+changed/)],
      });
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
  });
});
