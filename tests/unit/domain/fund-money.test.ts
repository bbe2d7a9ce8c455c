import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  convert,
  currencyDigits,
  isMinorAmount,
  isMoneyCurrency,
  minorToDecimal,
  parseAmount,
  parseRate,
} from '$lib/domain/money';
import {
  addDays,
  isPeriod,
  nextPeriod,
  periodEnd,
  periodOf,
  periodsBetween,
  periodStart,
} from '$lib/domain/periods';

describe('parseAmount', () => {
  it.each([
    ['12,50', 'SEK', 1250],
    ['12.50', 'SEK', 1250],
    ['12,5', 'SEK', 1250],
    ['12', 'SEK', 1200],
    [' 1 234,50 ', 'SEK', 123450],
    ['1\u00a0234,50', 'SEK', 123450],
    ["1'234.50", 'CHF', 123450],
    ['0,01', 'SEK', 1],
    ['1250', 'JPY', 1250],
    ['12.345', 'KWD', 12345],
    ['1.5', 'KWD', 1500],
  ])('%s %s → %d', (text, currency, minor) => {
    expect(parseAmount(text, currency)).toBe(minor);
  });

  it.each([
    ['12.345', 'SEK'],
    ['12.5', 'JPY'],
    ['1.2345', 'KWD'],
    ['-5', 'SEK'],
    ['-0,50', 'SEK'],
    ['0', 'SEK'],
    ['0,00', 'SEK'],
    ['', 'SEK'],
    ['   ', 'SEK'],
    ['abc', 'SEK'],
    ['12a', 'SEK'],
    ['1e3', 'SEK'],
    ['1,2,3', 'SEK'],
    ['Infinity', 'SEK'],
    ['NaN', 'SEK'],
    ['0x10', 'SEK'],
    ['+5', 'SEK'],
    ['99999999999999999', 'SEK'],
  ])('%j in %s → null', (text, currency) => {
    expect(parseAmount(text, currency)).toBeNull();
  });

  it('reads back what minorToDecimal wrote, for any amount and currency', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        fc.constantFrom('SEK', 'JPY', 'KWD', 'EUR'),
        (minor, currency) => {
          expect(parseAmount(minorToDecimal(minor, currency), currency)).toBe(minor);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('minorToDecimal and currencies', () => {
  it('writes major units with the currency digits and a sign', () => {
    expect(minorToDecimal(1250, 'SEK')).toBe('12.50');
    expect(minorToDecimal(5, 'SEK')).toBe('0.05');
    expect(minorToDecimal(-5, 'SEK')).toBe('-0.05');
    expect(minorToDecimal(1250, 'JPY')).toBe('1250');
    expect(minorToDecimal(1, 'KWD')).toBe('0.001');
    expect(minorToDecimal(0, 'SEK')).toBe('0.00');
  });

  it('knows the digits of SEK, JPY and KWD; unknown codes and lower case are not money', () => {
    expect([currencyDigits('SEK'), currencyDigits('JPY'), currencyDigits('KWD')]).toEqual([
      2, 0, 3,
    ]);
    expect(isMoneyCurrency('SEK')).toBe(true);
    expect(isMoneyCurrency('sek')).toBe(false);
    expect(isMoneyCurrency('XYZ')).toBe(false);
    expect(isMoneyCurrency('')).toBe(false);
    expect(isMoneyCurrency('SEKK')).toBe(false);
  });

  it('a stored amount is a positive safe integer', () => {
    for (const v of [1, 1250, Number.MAX_SAFE_INTEGER]) expect(isMinorAmount(v)).toBe(true);
    for (const v of [0, -1, 12.5, NaN, Infinity, Number.MAX_SAFE_INTEGER + 1, '12', null])
      expect(isMinorAmount(v)).toBe(false);
  });
});

describe('parseRate', () => {
  it('normalizes a positive decimal rate', () => {
    expect(parseRate('11.4235')).toBe('11.4235');
    expect(parseRate('11,4235')).toBe('11.4235');
    expect(parseRate('011.50')).toBe('11.5');
    expect(parseRate('0.070')).toBe('0.07');
    expect(parseRate('10')).toBe('10');
    expect(parseRate(' 2 ')).toBe('2');
  });

  it.each(['', '0', '0.000', '-1', '1e3', 'abc', '1.', '.5', '1.12345678901', '1234567890'])(
    '%j is not a rate',
    (text) => {
      expect(parseRate(text)).toBeNull();
    },
  );
});

describe('convert', () => {
  it('uses the digits of both currencies', () => {
    // 10.00 EUR at 11.4235 SEK/EUR = 114.235 SEK → 114.24 (half up)
    expect(convert(1000, 'EUR', '11.4235', 'SEK')).toBe(11424);
    // 1000 JPY at 0.0712 SEK/JPY = 71.20 SEK
    expect(convert(1000, 'JPY', '0.0712', 'SEK')).toBe(7120);
    // 1.000 KWD at 34.5 SEK/KWD = 34.50 SEK
    expect(convert(1000, 'KWD', '34.5', 'SEK')).toBe(3450);
    // 1.00 SEK at 14.2 JPY/SEK = 14.2 JPY → 14
    expect(convert(100, 'SEK', '14.2', 'JPY')).toBe(14);
  });

  it('rounds half away from zero', () => {
    expect(convert(5, 'SEK', '0.5', 'SEK')).toBe(3); // 2.5 → 3
    expect(convert(3, 'SEK', '0.5', 'SEK')).toBe(2); // 1.5 → 2
    expect(convert(1, 'SEK', '0.5', 'SEK')).toBe(1); // 0.5 → 1
    expect(convert(1, 'SEK', '0.49', 'SEK')).toBe(0);
    expect(convert(1, 'SEK', '0.51', 'SEK')).toBe(1);
    expect(convert(15, 'SEK', '0.1', 'JPY')).toBe(0); // 0.015 JPY
    expect(convert(50, 'SEK', '1', 'JPY')).toBe(1); // 0.50 SEK → 0.5 JPY → 1
  });

  // The docs promise half away from zero; a negative amount rounds toward zero instead.
  it('rounds a negative half away from zero too (-2.5 → -3)', () => {
    expect(convert(-5, 'SEK', '0.5', 'SEK')).toBe(-3);
  });

  it('is exact for big amounts (no floating point)', () => {
    // 9 007 199 254 740 991 öre at 1.0000000001 would be wrong in doubles.
    const big = Number.MAX_SAFE_INTEGER;
    const exact = (BigInt(big) * 10000000001n + 5000000000n) / 10000000000n;
    expect(convert(big, 'SEK', '1.0000000001', 'SEK')).toBe(Number(exact));
    expect(convert(big, 'SEK', '1', 'SEK')).toBe(big);
    expect(convert(big, 'SEK', '0.5', 'SEK')).toBe(4503599627370496);
  });

  it('matches an independent BigInt computation for random amounts and rates', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 ** 12 }),
        fc.integer({ min: 1, max: 10 ** 9 }),
        fc.integer({ min: 0, max: 6 }),
        (amount, rateInt, rateDigits) => {
          const rate = (Number(rateInt) / 10 ** rateDigits).toFixed(rateDigits);
          const scaled = BigInt(rate.replace('.', ''));
          // EUR (2 digits) to SEK (2 digits): amount × rate, rounded half up.
          const num = BigInt(amount) * scaled;
          const den = 10n ** BigInt(rateDigits);
          const expected = (num * 2n + den) / (2n * den);
          expect(convert(amount, 'EUR', parseRate(rate) ?? rate, 'SEK')).toBe(Number(expected));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('periods', () => {
  it('recognizes the three kinds and only well-formed ones', () => {
    expect(isPeriod('2026', 'year')).toBe(true);
    expect(isPeriod('2026-Q4', 'quarter')).toBe(true);
    expect(isPeriod('2026-12', 'month')).toBe(true);
    for (const p of ['2026-Q5', '2026-Q0', '2026-13', '2026-00', '26', '2026-1', 'Q1', ''])
      expect(isPeriod(p)).toBe(false);
    expect(isPeriod('2026', 'month')).toBe(false);
  });

  it('finds the period of a date', () => {
    expect(periodOf('2026-03-31', 'quarter')).toBe('2026-Q1');
    expect(periodOf('2026-04-01', 'quarter')).toBe('2026-Q2');
    expect(periodOf('2026-12-31', 'month')).toBe('2026-12');
    expect(periodOf('2026-12-31', 'year')).toBe('2026');
  });

  it('knows the first and last day, leap years included', () => {
    expect(periodEnd('2024-02')).toBe('2024-02-29');
    expect(periodEnd('2026-02')).toBe('2026-02-28');
    expect(periodEnd('2000-02')).toBe('2000-02-29');
    expect(periodEnd('2100-02')).toBe('2100-02-28');
    expect(periodEnd('2026-Q1')).toBe('2026-03-31');
    expect(periodEnd('2026-Q2')).toBe('2026-06-30');
    expect(periodEnd('2026')).toBe('2026-12-31');
    expect(periodStart('2026-Q3')).toBe('2026-07-01');
    expect(periodStart('2026')).toBe('2026-01-01');
    expect(periodStart('2026-11')).toBe('2026-11-01');
  });

  it('steps to the next period across years', () => {
    expect(nextPeriod('2026-12')).toBe('2027-01');
    expect(nextPeriod('2026-09')).toBe('2026-10');
    expect(nextPeriod('2026-Q4')).toBe('2027-Q1');
    expect(nextPeriod('2026-Q2')).toBe('2026-Q3');
    expect(nextPeriod('2026')).toBe('2027');
  });

  it('lists the periods between two dates; none when from > to', () => {
    expect(periodsBetween('2025-11-15', '2026-02-01', 'month')).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
    expect(periodsBetween('2025-12-31', '2026-01-01', 'quarter')).toEqual(['2025-Q4', '2026-Q1']);
    expect(periodsBetween('2026-05-05', '2026-05-06', 'year')).toEqual(['2026']);
    expect(periodsBetween('2026-02-01', '2026-01-31', 'month')).toEqual([]);
    expect(periodsBetween('2026-01-01', '2026-01-01', 'month')).toEqual(['2026-01']);
    // The bound stops a corrupt range: at most 1200 periods.
    expect(periodsBetween('1000-01-01', '2026-01-01', 'month')).toHaveLength(1200);
  });

  it('every listed period follows the one before and the last contains `to`', () => {
    const date = fc
      .integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2032, 11, 31) })
      .map((t) => new Date(t).toISOString().slice(0, 10));
    fc.assert(
      fc.property(
        date,
        date,
        fc.constantFrom('month', 'quarter', 'year') as fc.Arbitrary<'month' | 'quarter' | 'year'>,
        (a, b, kind) => {
          const [from, to] = a <= b ? [a, b] : [b, a];
          const list = periodsBetween(from, to, kind);
          expect(list[0]).toBe(periodOf(from, kind));
          expect(list.at(-1)).toBe(periodOf(to, kind));
          for (let i = 1; i < list.length; i++) {
            expect(list[i]).toBe(nextPeriod(list[i - 1]!));
            expect(periodStart(list[i]!)).toBe(addDays(periodEnd(list[i - 1]!), 1));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('adds days across months and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-01-31', 30)).toBe('2026-03-02');
  });
});
