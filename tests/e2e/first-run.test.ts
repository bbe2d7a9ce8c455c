// The first screen of a new device: what the app is, and three ways in. The demo federation is
// built on the device with the network gone, shows figures on its overview, never opens a socket
// to any relay, and can be removed again.
import { describe, expect, it } from 'vitest';
import { openDevice, screenshot, startAppRelay, waitForServiceWorker } from './helpers';

describe('first run', () => {
  it('offers create, join or a demo; the demo works offline, never syncs, and can be removed', async () => {
    const relay = await startAppRelay();
    const base = relay.url;
    const { page, context, errors } = await openDevice('new phone');
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));

    await page.goto(base);
    await page.getByRole('heading', { level: 1, name: 'Welcome to Federation Planner' }).waitFor();
    await page.getByText('This device has no federation yet.').waitFor();
    const main = page.getByRole('main');
    expect(await main.getByRole('link', { name: /^Create a federation/ }).count()).toBe(1);
    expect(await main.getByRole('link', { name: /^Join with an invite link/ }).count()).toBe(1);
    const demo = main.getByRole('button', { name: /^Look around a demo federation/ });
    expect(await demo.count()).toBe(1);

    // No network at all from here on: the app, the builder and the demo come from this device.
    await waitForServiceWorker(page);
    await context.setOffline(true);
    await relay.close();

    await demo.click();
    await page.waitForURL(/\/f\/[A-Za-z0-9_-]{16,64}$/);
    await page
      .getByRole('heading', { level: 1, name: 'Demo: Federation for a Participatory Society' })
      .waitFor({ timeout: 20_000 });
    await page.getByTestId('demo-banner').getByText('This is a demo with sample data.').waitFor();
    await expect.poll(() => page.getByTestId('org-count').innerText()).toBe('8 organizations');
    expect(await page.getByTestId('open-requests').innerText()).toMatch(/^[1-9]\d* open request/);
    expect(await page.getByTestId('my-tasks').innerText()).toMatch(/^[1-9]\d* /);
    expect(await page.getByRole('status', { name: 'Sync status' }).count()).toBe(0);
    await screenshot(page, 'demo overview');

    // It is there after a reload, still offline.
    await page.reload();
    await expect.poll(() => page.getByTestId('org-count').innerText()).toBe('8 organizations');
    await page.goto(`${base}/`);
    await page.getByRole('link', { name: /^Open Demo: Federation/ }).waitFor();
    expect(sockets).toEqual([]);

    await page.getByRole('button', { name: 'Remove the demo' }).click();
    await page.getByText('The demo was removed from this device.').waitFor();
    await page.getByText('This device has no federation yet.').waitFor();
    expect(await page.getByRole('link', { name: /^Open / }).count()).toBe(0);
    expect(sockets).toEqual([]);
    expect(errors).toEqual([]);
  });
});
