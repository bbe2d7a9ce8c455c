// The incremental ledger index must agree with the full recomputation (viewLedger) whatever order
// and batches the entries arrive in, including corrections before their originals.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AccountId, LedgerEntryId, OrganizationId, PersonId } from '$lib/domain/ids';
import { blankEntry, byDate, ENTRY_KINDS, type LedgerEntry } from '$lib/domain/ledger';
import { LedgerIndex } from '$lib/domain/ledger-index';
import { duesPaid } from '$lib/domain/dues';
import { balances, balanceSeries, possibleDuplicates, viewLedger } from '$lib/domain/ledger-view';

const ACCOUNTS = ['acc-a', 'acc-b', 'acc-c'] as AccountId[];

/** Random entries; each correction points to an earlier entry, as it must on a real device. */
const ledgerArb = fc
  .array(
    fc.record({
      kind: fc.constantFrom(...ENTRY_KINDS),
      day: fc.integer({ min: 1, max: 60 }),
      account: fc.integer({ min: 0, max: 2 }),
      amount: fc.integer({ min: 1, max: 1_000_000 }),
      correct: fc.option(fc.record({ of: fc.nat(), reversal: fc.boolean(), after: fc.nat(30) })),
      at: fc.integer({ min: 0, max: 10_000 }),
      // The same payment recorded again: a look-alike of an earlier entry.
      copy: fc.option(fc.nat()),
      org: fc.integer({ min: 0, max: 2 }),
    }),
    { maxLength: 60 },
  )
  .map((raws) => {
    const out: LedgerEntry[] = [];
    raws.forEach((r, i) => {
      const original = r.copy !== null && out.length ? out[r.copy % out.length] : undefined;
      if (original && !original.corrects) {
        const recordedAt = new Date(Date.UTC(2026, 0, 1) + r.at * 1000).toISOString();
        out.push({ ...original, id: `e${i}` as LedgerEntryId, recordedAt });
        return;
      }
      const target = r.correct && out.length ? out[r.correct.of % out.length] : undefined;
      const day = target ? Math.min(90, Number(target.date.slice(8)) + r.correct!.after) : r.day;
      const date = `2026-${day > 30 ? (day > 60 ? '03' : '02') : '01'}-${String(((day - 1) % 30) + 1).padStart(2, '0')}`;
      out.push({
        ...blankEntry(r.kind, 'SEK', target && date < target.date ? target.date : date),
        id: `e${i}` as LedgerEntryId,
        accountId: ACCOUNTS[r.account]!,
        toAccountId: ACCOUNTS[(r.account + 1) % 3]!,
        direction: r.amount % 2 ? 'in' : 'out',
        amount: r.amount,
        baseAmount: r.amount,
        organizationId: `org-${r.org}` as OrganizationId,
        period: `2026-Q${r.org + 1}`,
        recordedAt: new Date(Date.UTC(2026, 0, 1) + r.at * 1000).toISOString(),
        recordedBy: 'p' as PersonId,
        corrects: target && target.correction !== 'reversal' ? target.id : '',
        correction:
          target && target.correction !== 'reversal'
            ? r.correct!.reversal
              ? 'reversal'
              : 'amendment'
            : '',
      });
    });
    return out;
  });

function sameView(index: LedgerIndex, entries: LedgerEntry[]): void {
  const full = viewLedger([...entries].sort(byDate));
  // Per-entry reads come from the chains alone, before anything builds the whole view.
  for (const e of entries) {
    expect(index.entry(e.id)).toBe(e);
    expect(index.stateOf(e.id)).toBe(full.state.get(e.id));
    expect(index.correctionsOf(e.id).map((c) => c.id)).toEqual(
      full.entries.filter((c) => c.corrects === e.id).map((c) => c.id),
    );
  }
  expect(index.view.entries.map((e) => e.id)).toEqual(full.entries.map((e) => e.id));
  expect(new Map([...index.view.state].sort())).toEqual(new Map([...full.state].sort()));
  expect(index.balances.total).toBe(balances(full).total);
  expect(new Map([...index.balances.byAccount].filter(([, v]) => v !== 0).sort())).toEqual(
    new Map([...balances(full).byAccount].filter(([, v]) => v !== 0).sort()),
  );
  for (const asOf of ['2026-01-10', '2026-02-01', '2026-03-15']) {
    expect(balances(index.view, asOf)).toEqual(balances(full, asOf));
    expect(index.balancesAsOf(asOf)).toEqual(balances(full, asOf));
    expect(index.duesPaid(asOf)).toEqual(duesPaid(full, asOf));
  }
  expect(index.firstDay).toBe(full.postings[0]?.date);
  if (full.postings.length)
    for (const [from, to] of [
      ['2026-01-05', '2026-02-20'],
      ['2025-12-01', '2026-04-01'],
    ])
      expect(index.series(from!, to!)).toEqual(balanceSeries(full, from!, to!));
  // Every look-alike group, with and without the first pair marked as not duplicates.
  const groups = possibleDuplicates(full, new Set());
  expect(ids(index.duplicates(new Set()))).toEqual(ids(groups));
  const [a, b] = groups[0] ?? [];
  const marked = new Set(a && b ? [a.id < b.id ? `${a.id}|${b.id}` : `${b.id}|${a.id}`] : []);
  expect(ids(index.duplicates(marked))).toEqual(ids(possibleDuplicates(full, marked)));
}

const ids = (groups: LedgerEntry[][]) => groups.map((g) => g.map((e) => e.id));

describe('LedgerIndex', () => {
  it('agrees with viewLedger when entries arrive one by one in recorded order', () => {
    fc.assert(
      fc.property(ledgerArb, (entries) => {
        const index = new LedgerIndex();
        // Read half-way too: what is built on first read must then follow each new entry.
        const half = entries.length >> 1;
        entries.forEach((e, i) => {
          index.add([e]);
          if (i === half) sameView(index, entries.slice(0, i + 1));
        });
        sameView(index, entries);
      }),
      { numRuns: 150 },
    );
  });

  it('agrees with viewLedger for any order and batching, corrections before originals too', () => {
    fc.assert(
      fc.property(
        ledgerArb.chain((entries) =>
          fc.tuple(
            fc.constant(entries),
            fc.shuffledSubarray(entries, { minLength: entries.length }),
            fc.integer({ min: 1, max: 7 }),
          ),
        ),
        ([entries, shuffled, batch]) => {
          const index = new LedgerIndex();
          for (let i = 0; i < shuffled.length; i += batch) {
            index.add(shuffled.slice(i, i + batch));
            if (i === batch) sameView(index, shuffled.slice(0, i + batch));
          }
          sameView(index, entries);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('ignores an entry it already has', () => {
    const e = {
      ...blankEntry('donation', 'SEK', '2026-01-01'),
      id: 'x' as LedgerEntryId,
      accountId: ACCOUNTS[0]!,
      amount: 5,
      baseAmount: 5,
      recordedAt: '2026-01-01T00:00:00Z',
      recordedBy: 'p' as PersonId,
      corrects: '' as const,
      correction: '' as const,
    };
    const index = new LedgerIndex([e]);
    index.add([e, { ...e }]);
    expect(index.size).toBe(1);
    expect(index.balances.total).toBe(5);
  });
});
