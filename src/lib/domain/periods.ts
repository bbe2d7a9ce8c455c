// Dues periods as strings every device writes the same way: "2026" (year), "2026-Q1" (quarter),
// "2026-03" (month).
import type { DuesPeriod } from './fund-settings';

const PATTERNS: Record<DuesPeriod, RegExp> = {
  year: /^\d{4}$/,
  quarter: /^\d{4}-Q[1-4]$/,
  month: /^\d{4}-(0[1-9]|1[0-2])$/,
};

/** Whether `p` names a period of any length (or of `kind` when given). */
export function isPeriod(p: string, kind?: DuesPeriod): boolean {
  return kind ? PATTERNS[kind].test(p) : Object.values(PATTERNS).some((re) => re.test(p));
}

/** The period of `kind` that contains the date "YYYY-MM-DD". */
export function periodOf(date: string, kind: DuesPeriod): string {
  const year = date.slice(0, 4);
  const month = Number(date.slice(5, 7));
  if (kind === 'year') return year;
  if (kind === 'quarter') return `${year}-Q${Math.ceil(month / 3)}`;
  return date.slice(0, 7);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** First and last month (1–12) of a period. */
function months(p: string): [number, number, number] {
  const year = Number(p.slice(0, 4));
  if (/^\d{4}$/.test(p)) return [year, 1, 12];
  if (p[5] === 'Q') {
    const q = Number(p[6]);
    return [year, q * 3 - 2, q * 3];
  }
  const m = Number(p.slice(5, 7));
  return [year, m, m];
}

/** The first day of a period, "YYYY-MM-DD". */
export function periodStart(p: string): string {
  const [year, first] = months(p);
  return `${year}-${pad(first)}-01`;
}

/** The last day of a period, "YYYY-MM-DD". */
export function periodEnd(p: string): string {
  const [year, , last] = months(p);
  const day = new Date(Date.UTC(year, last, 0)).getUTCDate();
  return `${year}-${pad(last)}-${pad(day)}`;
}

/** The period after `p`, of the same kind. */
export function nextPeriod(p: string): string {
  const [year, , last] = months(p);
  if (/^\d{4}$/.test(p)) return String(year + 1);
  if (p[5] === 'Q') return last === 12 ? `${year + 1}-Q1` : `${year}-Q${last / 3 + 1}`;
  return last === 12 ? `${year + 1}-01` : `${year}-${pad(last + 1)}`;
}

/** Every period of `kind` from the one containing `from` to the one containing `to`. */
export function periodsBetween(from: string, to: string, kind: DuesPeriod): string[] {
  const out: string[] = [];
  if (from > to) return out;
  const last = periodOf(to, kind);
  // The bound keeps a corrupt date from looping for ever: 100 years of months.
  for (let p = periodOf(from, kind); out.length < 1200; p = nextPeriod(p)) {
    out.push(p);
    if (p === last) break;
  }
  return out;
}

/** The day `days` after "YYYY-MM-DD". */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
