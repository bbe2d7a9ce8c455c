// Small helpers shared by forms.

/** "sv, en" → ["sv", "en"]. */
export function splitList(text: string): string[] {
  return text
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The ids an input's `aria-describedby` should name, given which hint and error it shows. */
export function describedBy(id: string, hint: boolean, error: boolean): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

/** "2026-12-01 to 2026-12-14" per line → ranges; a line that does not parse is kept as is so validation names it. */
export function parseRanges(text: string): { from: string; to: string }[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const m = /^(\d{4}-\d{2}-\d{2})\s*(?:to|till|–|-|—)\s*(\d{4}-\d{2}-\d{2})$/.exec(line);
      return m ? { from: m[1]!, to: m[2]! } : { from: line, to: '' };
    });
}

/** Ranges → one "from to to" per line. */
export function formatRanges(ranges: { from: string; to: string }[]): string {
  return ranges.map((r) => `${r.from} to ${r.to}`).join('\n');
}

/** A number input's text → a whole number or null when empty. */
export function parseCount(text: string | number | null | undefined): number | null {
  if (text === null || text === undefined || text === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : Number.NaN;
}
