import { describe, expect, it } from 'vitest';
import {
  canonicalLanguage,
  isCountryCode,
  isCurrency,
  isEmail,
  isHttpUrl,
  isIsoDate,
  isLanguageTag,
} from '$lib/domain/validate';

describe('validate', () => {
  it.each([
    ['2026-01-31', true],
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2026-02-30', false],
    ['2026-04-31', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-1-01', false],
    ['2026-01-01T00:00:00Z', false],
    [' 2026-01-01', false],
    ['', false],
  ])('isIsoDate(%j) is %s', (value, expected) => {
    expect(isIsoDate(value)).toBe(expected);
  });

  it.each([
    ['SEK', true],
    ['EUR', true],
    ['USD', true],
    ['NOK', true],
    ['sek', false],
    ['XXXX', false],
    ['SE', false],
    ['', false],
  ])('isCurrency(%j) is %s', (value, expected) => {
    expect(isCurrency(value)).toBe(expected);
  });

  it.each([
    ['sv', true],
    ['pt-BR', true],
    ['zh-Hant-TW', true],
    ['es-419', true],
    ['english', false],
    ['en_US', false],
    ['en-', false],
    ['e', false],
    ['', false],
    ['sv-SE-SE', false],
  ])('isLanguageTag(%j) is %s', (value, expected) => {
    expect(isLanguageTag(value)).toBe(expected);
  });

  it('canonicalLanguage fixes case', () => {
    expect(canonicalLanguage('PT-br')).toBe('pt-BR');
    expect(canonicalLanguage('SV')).toBe('sv');
  });

  it.each([
    ['SE', true],
    ['se', false],
    ['SWE', false],
    ['', false],
  ])('isCountryCode(%j) is %s', (value, expected) => {
    expect(isCountryCode(value)).toBe(expected);
  });

  it.each([
    ['kontakt@example.se', true],
    ['a.b+c@sub.example.org', true],
    ['no-at.example.se', false],
    ['two@@example.se', false],
    ['sp ace@example.se', false],
    ['nodot@example', false],
    ['', false],
  ])('isEmail(%j) is %s', (value, expected) => {
    expect(isEmail(value)).toBe(expected);
  });

  it.each([
    ['https://example.se/path?q=1', true],
    ['http://localhost:8787', true],
    ['ftp://example.se', false],
    ['javascript:alert(1)', false],
    ['example.se', false],
    ['', false],
  ])('isHttpUrl(%j) is %s', (value, expected) => {
    expect(isHttpUrl(value)).toBe(expected);
  });
});
