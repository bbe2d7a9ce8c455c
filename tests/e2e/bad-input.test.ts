// What the app does with input it cannot trust: damaged invite links, a secret the relay refuses,
// and a document written by a newer version of the app.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
  addOrganization,
  createFederation,
  expectSyncStatus,
  openDevice,
  organizationNames,
  readInviteLink,
  startAppRelay,
  waitForServiceWorker,
} from './helpers';

/** Device A with a federation "Nordic Federation" holding one organization, synced to the relay. */
async function federationOnA() {
  const relay = await startAppRelay();
  const base = relay.url;
  const a = await openDevice('device A');
  await a.page.goto(base);
  await waitForServiceWorker(a.page);
  const fid = await createFederation(a.page, base, { name: 'Nordic Federation' });
  const orgId = await addOrganization(a.page, base, fid, {
    name: 'Oslo Commons',
    country: 'NO',
    city: 'Oslo',
  });
  await expectSyncStatus(a.page, 'synced');
  const link = await readInviteLink(a.page, base, fid);
  return { relay, base, a, fid, orgId, link };
}

describe('bad input', () => {
  it('explains damaged invite links and creates nothing', async () => {
    const relay = await startAppRelay();
    const base = relay.url;
    const { page } = await openDevice('device');

    await page.goto(`${base}/join#garbage`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toBe(
      'This link is not a Federation Planner invite. Ask the sender for a new invite link.',
    );
    expect(await page.getByRole('button', { name: /^Join/ }).count()).toBe(0);

    // A fresh load, as when the link is opened from a message.
    await page.goto('about:blank');
    await page.goto(`${base}/join#v=1&f=short&t=x&r=ws://x`);
    await alert.waitFor();
    expect(await alert.innerText()).toBe(
      'The invite link is damaged: its federation id is not valid. Ask for a new invite link.',
    );
    expect(await page.getByRole('button', { name: /^Join/ }).count()).toBe(0);

    // The same, pasted into the form.
    await page.getByRole('textbox', { name: 'Invite link' }).fill('hello there');
    await page.getByRole('button', { name: 'Check link' }).click();
    await expect
      .poll(() => alert.innerText())
      .toBe(
        'This is not a link. Copy the whole invite link, starting with https://, and try again.',
      );

    await page.goto(base);
    await page.getByText('This device has no federation yet.').waitFor();
    expect(await page.getByRole('heading', { name: 'Your federations' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: /^Open / }).count()).toBe(0);
  });

  it('reads a corrected link opened in the same tab', async () => {
    const relay = await startAppRelay();
    const base = relay.url;
    const { page } = await openDevice('device');
    await page.goto(`${base}/join#garbage`);
    await page.getByRole('alert').waitFor();

    // The sender sends the right link; it is opened where the wrong one was (only the # differs).
    const params = new URLSearchParams({
      v: '1',
      f: randomBytes(16).toString('base64url'),
      t: randomBytes(32).toString('base64url'),
      r: relay.wsUrl,
      n: 'Baltic Federation',
    });
    await page.goto(`${base}/join#${params.toString()}`);
    await page.getByRole('button', { name: 'Join Baltic Federation' }).waitFor({ timeout: 5_000 });
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('shows the relay refusing a wrong secret and keeps the device copy', async () => {
    const { relay, base, a, fid, link } = await federationOnA();
    const params = new URLSearchParams({
      v: '1',
      f: fid,
      t: randomBytes(32).toString('base64url'),
      r: relay.wsUrl,
      n: 'Nordic Federation',
    });
    const wrongLink = `${base}/join#${params.toString()}`;
    const c = await openDevice('device C');
    const refusal =
      'The relay does not accept this device’s invite for this federation. Ask a member for a new invite link. Your data on this device is kept.';

    // A device that never had the federation gets nothing from the relay.
    await c.page.goto(wrongLink);
    await c.page.getByRole('button', { name: 'Join Nordic Federation' }).click();
    await c.page.waitForURL(`${base}/f/${fid}`);
    await expectSyncStatus(c.page, 'refused');
    await expect.poll(() => c.page.getByRole('alert').innerText()).toBe(refusal);
    await c.page.getByText('This federation has not synced to this device yet.').waitFor();
    await c.page.goto(`${base}/f/${fid}/organizations`);
    await c.page.getByText('No organizations yet.').waitFor();
    expect(relay.events.some((e) => e.event === 'refused' && e.federation === fid)).toBe(true);

    // The right link repairs it…
    await c.page.goto('about:blank');
    await c.page.goto(link);
    await c.page.getByText('This device is already in this federation.').waitFor();
    await c.page.getByRole('button', { name: 'Open it' }).click();
    await c.page.waitForURL(`${base}/f/${fid}`);
    await expectSyncStatus(c.page, 'synced');
    await expect.poll(() => c.page.getByTestId('org-count').innerText()).toBe('1 organization');
    expect(await c.page.getByRole('alert').count()).toBe(0);

    // …and a wrong secret later leaves the device's copy as it was.
    await c.page.goto('about:blank');
    await c.page.goto(wrongLink);
    await c.page.getByRole('button', { name: 'Open it' }).click();
    await c.page.waitForURL(`${base}/f/${fid}`);
    await expectSyncStatus(c.page, 'refused');
    await expect.poll(() => c.page.getByRole('alert').innerText()).toBe(refusal);
    await c.page.getByRole('heading', { level: 1, name: 'Nordic Federation' }).waitFor();
    await expect.poll(() => c.page.getByTestId('org-count').innerText()).toBe('1 organization');
    await c.page.goto(`${base}/f/${fid}/organizations`);
    await expect.poll(() => organizationNames(c.page)).toEqual(['Oslo Commons']);
    await expectSyncStatus(c.page, 'refused');

    // A is not disturbed.
    await a.page.goto(`${base}/f/${fid}/organizations`);
    await expectSyncStatus(a.page, 'synced');
    await expect.poll(() => organizationNames(a.page)).toEqual(['Oslo Commons']);
    expect(await a.page.getByRole('alert').count()).toBe(0);
  });

  it('opens a federation written by a newer app version read-only', async () => {
    const { base, a, fid, orgId, link } = await federationOnA();
    await a.page.goto(`${base}/f/${fid}/organizations`);
    await a.page.getByRole('link', { name: 'Add organization' }).waitFor();

    // A newer app, elsewhere, writes the document through the relay with A's invite.
    const invite = new URLSearchParams(new URL(link).hash.slice(1));
    expect(invite.get('f')).toBe(fid);
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`${invite.get('r')}/sync`, fid, doc, {
      params: { token: invite.get('t') ?? '' },
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    try {
      await expect.poll(() => provider.synced, { timeout: 5_000 }).toBe(true);
      expect(doc.getMap('meta').get('name')).toBe('Nordic Federation');
      doc.getMap('meta').set('schemaVersion', 999);

      const notice = a.page.getByRole('alert').filter({ hasText: 'newer version' });
      await notice.waitFor({ timeout: 10_000 });
      expect(await notice.innerText()).toContain('You can read it, but not change it');
      await expect
        .poll(() => a.page.getByRole('link', { name: 'Add organization' }).count())
        .toBe(0);
      expect(await organizationNames(a.page)).toEqual(['Oslo Commons']);
    } finally {
      provider.destroy();
      doc.destroy();
    }

    // Still read-only after a reload, and the organization's form cannot be saved.
    await a.page.goto(`${base}/f/${fid}/organizations/${orgId}`);
    await a.page.getByRole('alert').filter({ hasText: 'newer version' }).waitFor();
    await expect.poll(() => a.page.getByLabel('Name').inputValue()).toBe('Oslo Commons');
    expect(await a.page.getByLabel('City').inputValue()).toBe('Oslo');
    expect(await a.page.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    expect(await a.page.getByRole('button', { name: 'Remove' }).count()).toBe(0);

    await a.page.goto(`${base}/f/${fid}`);
    await a.page.getByRole('heading', { level: 1, name: 'Nordic Federation' }).waitFor();
    await expect.poll(() => a.page.getByTestId('org-count').innerText()).toBe('1 organization');
    await a.page.getByRole('alert').filter({ hasText: 'newer version' }).waitFor();
  });
});
