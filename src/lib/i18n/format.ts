// Dates, numbers and names through Intl in the user's locale.
import { currencyDigits, minorToDecimal } from '$lib/domain/money';

// Making an Intl formatter costs ~0.1–1 ms in Chromium, using one microseconds: a screen of dates
// made one per date (20 ms of the home screen's first render), so each is made once per locale.
const formatters = new Map<string, unknown>();

function formatter<T>(key: string, make: () => T): T {
  let f = formatters.get(key) as T | undefined;
  if (!f) {
    f = make();
    formatters.set(key, f);
  }
  return f;
}

const dateTimeFormat = (locale: string, options: Intl.DateTimeFormatOptions) =>
  formatter(
    `dt ${locale} ${JSON.stringify(options)}`,
    () => new Intl.DateTimeFormat(locale, options),
  );

let deviceZone: string | undefined;

/** A date and time such as "26 Nov 2026, 14:05". */
export function formatDateTime(iso: string, locale: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return dateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/** A calendar date "YYYY-MM-DD" such as "26 Nov 2026". */
export function formatDate(isoDate: string, locale: string): string {
  const d = new Date(`${isoDate.slice(0, 10)}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return '';
  return dateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/** A time relative to `now`, such as "2 minutes ago" or "just now". */
export function formatRelative(iso: string, locale: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  if (Number.isNaN(seconds)) return '';
  const rtf = formatter(
    `rt ${locale}`,
    () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }),
  );
  if (Math.abs(seconds) < 10) return rtf.format(0, 'second');
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return rtf.format(Math.round(seconds / size), unit);
  }
  return rtf.format(seconds, 'second');
}

/** A country's name from its ISO 3166 code, or the code itself. */
export function countryName(code: string, locale: string): string {
  if (!code) return '';
  try {
    const names = formatter(
      `region ${locale}`,
      () => new Intl.DisplayNames([locale], { type: 'region' }),
    );
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

/** A language's name from its BCP 47 tag, or the tag itself. */
export function languageName(tag: string, locale: string): string {
  try {
    const names = formatter(
      `language ${locale}`,
      () => new Intl.DisplayNames([locale], { type: 'language' }),
    );
    return names.of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/**
 * An event's wall-clock time "YYYY-MM-DDTHH:mm" as written in its time zone, with the zone named
 * when it is not this device's (so "10:00" means 10:00 where the event happens).
 */
export function formatWallTime(local: string, timeZone: string, locale: string): string {
  const d = new Date(`${local}:00Z`);
  if (Number.isNaN(d.getTime())) return local;
  const text = dateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(d);
  const here = (deviceZone ??= Intl.DateTimeFormat().resolvedOptions().timeZone);
  return timeZone && timeZone !== here ? `${text} (${timeZone})` : text;
}

/** A size in bytes such as "1.2 MB" or "350 kB" (decimal units, as browsers report quotas). */
export function formatBytes(bytes: number, locale: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;
  let value = Math.max(0, bytes);
  let i = 0;
  while (value >= 1000 && i < units.length - 1) {
    value /= 1000;
    i += 1;
  }
  const fraction = value < 10 && i > 0 ? 1 : 0;
  return formatter(
    `bytes ${locale} ${units[i]} ${fraction}`,
    () =>
      new Intl.NumberFormat(locale, {
        style: 'unit',
        unit: units[i],
        unitDisplay: 'short',
        maximumFractionDigits: fraction,
      }),
  ).format(value);
}

/**
 * Money in minor units, such as "1 234,50 kr" or "SEK 1,234.50": Intl gets the exact decimal
 * string, so no amount goes through floating point.
 */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const decimal = minorToDecimal(minor, currency);
  try {
    const digits = currencyDigits(currency);
    const money = formatter(
      `money ${locale} ${currency}`,
      () =>
        new Intl.NumberFormat(locale, {
          style: 'currency',
          currency,
          minimumFractionDigits: digits,
          maximumFractionDigits: digits,
        }),
    );
    // A decimal string is formatted exactly; the cast is for TypeScript's older signature.
    return money.format(decimal as unknown as number);
  } catch {
    // A code Intl refuses (a peer stored something odd): still show the amount.
    return `${decimal} ${currency}`;
  }
}
