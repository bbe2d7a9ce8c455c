import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '$lib/i18n/en';
import { sv } from '$lib/i18n/sv';

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === 'string' ? [`${prefix}${k}`] : keys(v as object, `${prefix}${k}.`),
  );
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(svelte|ts)$/.test(name) ? [path] : [];
  });
}

const enKeys = new Set(keys(en));
const base = (k: string) => k.replace(/_(one|other)$/, '');

describe('message catalogs', () => {
  it('Swedish has every English key and no other', () => {
    expect(keys(sv).sort()).toEqual([...enKeys].sort());
  });

  it('no message is empty, and placeholders match across languages', () => {
    const svMap = new Map(
      keys(sv).map((k) => [
        k,
        k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], sv) as string,
      ]),
    );
    for (const k of enKeys) {
      const enText = k
        .split('.')
        .reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], en) as string;
      const svText = svMap.get(k) ?? '';
      expect(enText.trim(), k).not.toBe('');
      expect(svText.trim(), k).not.toBe('');
      const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      expect(vars(svText), k).toEqual(vars(enText));
    }
  });

  it('every literal key the source passes to t() exists', () => {
    const known = new Set([...enKeys].map(base));
    const missing: string[] = [];
    for (const file of sourceFiles('src')) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) {
        if (!known.has(m[1]!)) missing.push(`${file}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
