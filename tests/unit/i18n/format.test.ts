import { describe, expect, it } from 'vitest';
import {
  countryName,
  formatBytes,
  formatDate,
  formatDateTime,
  formatMoney,
  formatRelative,
  formatWallTime,
  languageName,
} from '$lib/i18n/format';

// Intl puts narrow and non-breaking spaces in; compare with plain ones.
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

// The formatters are made once per locale and options: each must still answer for its own.
describe('formatting through reused Intl formatters', () => {
  it('keeps locales, currencies, options and units apart', () => {
    expect(plain(formatMoney(123450, 'SEK', 'en'))).toBe('SEK 1,234.50');
    expect(plain(formatMoney(123450, 'EUR', 'en'))).toBe('€1,234.50');
    expect(plain(formatMoney(1234, 'JPY', 'en'))).toBe('¥1,234');
    expect(plain(formatMoney(123450, 'SEK', 'sv'))).toMatch(/^1\s234,50\skr$/);
    expect(plain(formatMoney(123450, 'SEK', 'en'))).toBe('SEK 1,234.50');

    expect(plain(formatDate('2026-11-26', 'en'))).toBe('Nov 26, 2026');
    expect(plain(formatDate('2026-11-26', 'sv'))).toBe('26 nov. 2026');
    expect(plain(formatDateTime('2026-11-26T14:05:00Z', 'en'))).toMatch(/Nov 26, 2026/);
    expect(plain(formatWallTime('2026-11-26T14:05', 'Nowhere/Zone', 'en'))).toBe(
      'Nov 26, 2026, 2:05 PM (Nowhere/Zone)',
    );
    expect(plain(formatWallTime('2026-11-26T14:05', '', 'sv'))).toBe('26 nov. 2026 14:05');

    expect(plain(formatBytes(1_200_000, 'en'))).toBe('1.2 MB');
    expect(plain(formatBytes(350_000, 'en'))).toBe('350 kB');
    expect(plain(formatBytes(35_000_000, 'en'))).toBe('35 MB');

    const now = Date.parse('2026-11-26T12:00:00Z');
    expect(plain(formatRelative('2026-11-26T11:58:00Z', 'en', now))).toBe('2 minutes ago');
    expect(plain(formatRelative('2026-11-26T11:58:00Z', 'sv', now))).toBe('för 2 minuter sedan');

    expect(countryName('SE', 'en')).toBe('Sweden');
    expect(countryName('SE', 'sv')).toBe('Sverige');
    expect(languageName('sv', 'en')).toBe('Swedish');
    expect(languageName('sv', 'sv')).toBe('svenska');
  });

  it('still shows what it cannot format', () => {
    expect(plain(formatMoney(100, 'NOPE', 'en'))).toBe('1.00 NOPE');
    expect(countryName('not a code', 'en')).toBe('not a code');
    expect(plain(formatDate('garbage', 'en'))).toBe('');
  });
});
