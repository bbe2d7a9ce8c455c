import { beforeEach, describe, expect, it, vi } from 'vitest';

// Swedish is loaded on demand; switching must show it, and the last choice must win. Each test
// gets a fresh module, so Swedish is not loaded yet.
const fresh = () => import('$lib/i18n/index.svelte');

describe('switching languages', () => {
  beforeEach(() => vi.resetModules());

  it('loads Swedish when chosen and back', async () => {
    const { getLocale, setLocale, t } = await fresh();
    expect(t('federation.save')).toBe('Save');
    expect(await setLocale('sv')).toBe(true);
    expect(getLocale()).toBe('sv');
    expect(t('federation.save')).toBe('Spara');
    expect(await setLocale('en')).toBe(true);
    expect(t('federation.save')).toBe('Save');
  });

  it('ends in the language chosen last when a catalog was still loading', async () => {
    const { getLocale, setLocale, t } = await fresh();
    const first = setLocale('sv');
    const second = setLocale('en');
    expect(await Promise.all([first, second])).toEqual([false, true]);
    expect(getLocale()).toBe('en');
    expect(t('federation.save')).toBe('Save');
  });
});
