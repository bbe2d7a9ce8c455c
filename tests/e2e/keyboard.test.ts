// The main journeys with the keyboard alone: skip to the content, create a federation, add an
// organization, and move between the tabs, with Tab, Enter, Space and the arrow keys only. Every
// control on the way must show its focus and must not hide under the header or the tab bar.
import { describe, expect, it } from 'vitest';
import { tabTo } from './a11y-checks';
import { openDevice, startAppRelay } from './helpers';

describe('keyboard only', () => {
  it('creates a federation, adds an organization and moves between the tabs', async () => {
    const relay = await startAppRelay();
    const { page, errors } = await openDevice('keyboard');
    await page.goto(relay.url);
    await page.getByRole('heading', { level: 1 }).waitFor();

    // The skip link comes first and moves the focus past the header.
    await tabTo(page, page.getByRole('link', { name: 'Skip to content' }), 1);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => !!document.activeElement?.closest('main'))).toBe(true);

    await tabTo(page, page.getByRole('link', { name: 'Create a federation' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Create a federation' }).waitFor();
    await tabTo(page, page.getByLabel('Name'));
    await page.keyboard.type('Keyboard Federation');
    await tabTo(page, page.getByRole('button', { name: 'Create' }));
    await page.keyboard.press('Space');
    await page.waitForURL(/\/f\/[A-Za-z0-9_-]{16,64}$/);
    await page.getByRole('heading', { level: 1, name: 'Keyboard Federation' }).waitFor();

    const tabs = page.getByRole('navigation', { name: 'Main' });
    await tabTo(page, tabs.getByRole('link', { name: 'More' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'More' }).waitFor();
    await tabTo(page, page.getByRole('main').getByRole('link', { name: 'Organizations' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Organizations' }).waitFor();
    await tabTo(page, page.getByRole('link', { name: 'Add organization' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'New organization' }).waitFor();
    await tabTo(page, page.getByLabel('Name'));
    await page.keyboard.type('Oslo Reading Group');
    const stage = page.getByLabel('Stage');
    const before = await stage.inputValue();
    await tabTo(page, stage);
    await page.keyboard.press('ArrowDown');
    expect(await stage.inputValue()).not.toBe(before);
    const chosen = await stage.locator('option:checked').innerText();
    await tabTo(page, page.getByRole('button', { name: 'Save' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Edit organization' }).waitFor();
    expect(await page.getByLabel('Name').inputValue()).toBe('Oslo Reading Group');
    expect(await stage.locator('option:checked').innerText()).toBe(chosen);

    for (const [tab, heading] of [
      ['Requests', 'Help requests'],
      ['Events', 'Events'],
      ['People', 'People'],
      ['Overview', 'Keyboard Federation'],
    ]) {
      await tabTo(page, tabs.getByRole('link', { name: tab, exact: true }));
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      expect(
        await tabs.getByRole('link', { name: tab, exact: true }).getAttribute('aria-current'),
      ).toBe('page');
    }
    // The organization is there, reached from the overview by keyboard too.
    await tabTo(page, page.getByRole('main').getByRole('link', { name: 'Organizations' }));
    await page.keyboard.press('Enter');
    await page
      .getByRole('main')
      .getByRole('link')
      .filter({ hasText: 'Oslo Reading Group' })
      .waitFor();
    expect(errors).toEqual([]);
  });
});
