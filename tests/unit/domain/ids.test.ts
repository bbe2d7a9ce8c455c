import { describe, expect, it } from 'vitest';
import {
  FEDERATION_ID_PATTERN,
  isFederationId,
  isToken,
  newFederationId,
  newId,
  newToken,
} from '$lib/domain/ids';

describe('ids', () => {
  it('newFederationId makes 22-character URL-safe ids that isFederationId accepts', () => {
    const ids = Array.from({ length: 200 }, newFederationId);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(isFederationId(id)).toBe(true);
      expect(encodeURIComponent(id)).toBe(id);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('newToken makes 43-character secrets that isToken accepts', () => {
    const tokens = Array.from({ length: 200 }, newToken);
    for (const t of tokens) {
      expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(isToken(t)).toBe(true);
    }
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  it('a federation id is not a token (too short) and newId is a UUID', () => {
    expect(isToken(newFederationId())).toBe(false);
    expect(newId()).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it.each([
    ['empty', ''],
    ['short', 'short'],
    ['15 chars', 'a'.repeat(15)],
    ['slash', 'has/slash-and-more-chars'],
    ['dot', 'has.dot.and.more.chars'],
    ['space', 'has space and more chars'],
    ['percent', 'abcdefghijklmnop%20'],
    ['65 chars', 'a'.repeat(65)],
    ['trailing newline', 'abcdefghijklmnopq\n'],
  ])('isFederationId rejects %s', (_label, value) => {
    expect(isFederationId(value)).toBe(false);
  });

  it.each([null, undefined, 42, {}, ['abcdefghijklmnopq'], Symbol('x')])(
    'isFederationId and isToken reject the non-string %s',
    (value) => {
      expect(isFederationId(value)).toBe(false);
      expect(isToken(value)).toBe(false);
    },
  );

  it('accepts the bounds: 16 and 64 characters for ids, 32 and 128 for tokens', () => {
    expect(isFederationId('a'.repeat(16))).toBe(true);
    expect(isFederationId('_-'.repeat(32))).toBe(true);
    expect(FEDERATION_ID_PATTERN.test('a'.repeat(64))).toBe(true);
    expect(isToken('a'.repeat(31))).toBe(false);
    expect(isToken('a'.repeat(32))).toBe(true);
    expect(isToken('a'.repeat(128))).toBe(true);
    expect(isToken('a'.repeat(129))).toBe(false);
    expect(isToken('a'.repeat(40) + '/')).toBe(false);
  });
});
