// A relay on a laptop at the meeting: phones open the app from the laptop's address on the local
// network (http://192.168.x.y:8787, not a secure context: no service worker, no randomUUID) and
// still create, join and sync.
import { networkInterfaces } from 'node:os';
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
} from './helpers';

// The machine's first non-loopback IPv4 address, as a laptop on a hall's Wi-Fi has one.
const lan = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

describe('a relay on a laptop', () => {
  it.skipIf(!lan)('serves phones that open the app from its local network address', async () => {
    const relay = await startAppRelay({ host: '0.0.0.0' });
    const base = `http://${lan}:${new URL(relay.url).port}`;
    const a = await openDevice('phone A');
    await a.page.goto(base);
    expect(await a.page.evaluate(() => isSecureContext)).toBe(false);
    const fid = await createFederation(a.page, base, { name: 'Hall Meeting' });
    await addOrganization(a.page, base, fid, { name: 'Oslo Commons', country: 'NO' });
    await expectSyncStatus(a.page, 'synced');
    const link = await readInviteLink(a.page, base, fid);
    expect(link).toContain(`r=${encodeURIComponent(`ws://${lan}:`)}`);
    // No navigator.clipboard on plain http: "Copy link" copies through the selection or says so.
    expect(await a.page.evaluate(() => 'clipboard' in navigator)).toBe(false);
    await a.page.getByRole('button', { name: 'Copy link' }).click();
    await a.page
      .getByRole('status')
      .filter({ hasText: /^(Copied\.|This browser does not allow copying here)/ })
      .waitFor();
    expect(
      await a.page.evaluate(() => {
        const box = document.activeElement as HTMLTextAreaElement;
        return box.value.slice(box.selectionStart, box.selectionEnd);
      }),
    ).toBe(link);

    const b = await openDevice('phone B');
    await joinWithLink(b.page, link, /^Join Hall Meeting$/);
    await expectSyncStatus(b.page, 'synced');
    await b.page.goto(`${base}/f/${fid}/organizations`);
    await expect.poll(() => organizationNames(b.page)).toEqual(['Oslo Commons']);
    expect([...a.errors, ...b.errors]).toEqual([]);
  });
});
