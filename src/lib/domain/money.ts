// Money: integers in minor units with an ISO 4217 code, never floating point. Conversions to the
// base currency use the rate the treasurer recorded, in exact decimal arithmetic (BigInt).
import { isCurrency } from './validate';

const digitsCache = new Map<string, number>();

/** Minor-unit digits of a currency (SEK 2, JPY 0, KWD 3), from the runtime's ISO 4217 data. */
export function currencyDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    digits = isCurrency(currency)
      ? new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
          .maximumFractionDigits!
      : 2;
    digitsCache.set(currency, digits);
  }
  return digits;
}

/** Whether `v` is a stored amount: a positive whole number of minor units, exact in a double. */
export function isMinorAmount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
}

/**
 * Parses what a person typed ("1250", "12.50", "12,5", "1 234,50") into minor units of
 * `currency`; null when it is not a positive amount with at most the currency's digits.
 */
export function parseAmount(text: string, currency: string): number | null {
  const t = text.trim().replace(/[\s\u00a0\u202f']/g, '');
  const m = /^(\d+)(?:[.,](\d*))?$/.exec(t);
  if (!m) return null;
  const digits = currencyDigits(currency);
  const frac = m[2] ?? '';
  if (frac.length > digits) return null;
  const minor = BigInt(m[1]!) * 10n ** BigInt(digits) + BigInt(frac.padEnd(digits, '0') || '0');
  if (minor <= 0n || minor > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return Number(minor);
}

/** Minor units as a plain decimal string in major units ("-12.50"), for inputs and CSV. */
export function minorToDecimal(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const abs = String(Math.abs(minor)).padStart(digits + 1, '0');
  return digits === 0
    ? sign + abs
    : `${sign}${abs.slice(0, abs.length - digits)}.${abs.slice(abs.length - digits)}`;
}

/** A positive decimal exchange rate ("11.4235"), normalized; null when it is not one. */
export function parseRate(text: string): string | null {
  const m = /^(\d{1,9})(?:[.,](\d{1,10}))?$/.exec(text.trim());
  if (!m) return null;
  const int = m[1]!.replace(/^0+(?=\d)/, '');
  const frac = (m[2] ?? '').replace(/0+$/, '');
  if (/^0*$/.test(int + frac)) return null;
  return frac ? `${int}.${frac}` : int;
}

/**
 * `amount` minor units of `currency` in minor units of `base`, at `rate` units of base per unit
 * of currency; rounded half away from zero, so every device gets the same integer.
 */
export function convert(amount: number, currency: string, rate: string, base: string): number {
  const [int, frac = ''] = rate.split('.');
  const scaledRate = BigInt(int + frac);
  const shift = currencyDigits(base) - currencyDigits(currency) - frac.length;
  let num = BigInt(amount) * scaledRate;
  let den = 1n;
  if (shift >= 0) num *= 10n ** BigInt(shift);
  else den = 10n ** BigInt(-shift);
  const negative = num < 0n;
  const abs = negative ? -num : num;
  const q = abs / den;
  const rounded = (abs % den) * 2n >= den ? q + 1n : q;
  return Number(negative ? -rounded : rounded);
}

/** Whether `code` may be used for money: a known ISO 4217 code in upper case. */
export function isMoneyCurrency(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && isCurrency(code);
}
