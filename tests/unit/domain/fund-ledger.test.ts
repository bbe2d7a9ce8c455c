import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { setAccountRemoved } from '$lib/domain/accounts';
import { removeCouncil } from '$lib/domain/councils';
import { DomainError } from '$lib/domain/errors';
import { updateFederation } from '$lib/domain/federation';
import { markNotDuplicate, readNotDuplicates } from '$lib/domain/fund-settings';
import { removeGathering } from '$lib/domain/gatherings';
import type { AccountId, LedgerEntryId } from '$lib/domain/ids';
import {
  amendEntry,
  getEntry,
  listEntries,
  readEntry,
  recordEntry,
  reverseEntry,
  type LedgerEntryInput,
} from '$lib/domain/ledger';
import { balances, possibleDuplicates, viewLedger } from '$lib/domain/ledger-view';
import { removeOrganization } from '$lib/domain/organizations';
import { ROOT } from '$lib/domain/schema';
import { entryInput, expectRefused, fundWorld, send, TREASURER } from './fund-fixtures';
import { fork, sync } from './helpers';

const at = (iso: string) => vi.setSystemTime(new Date(iso));
const view = (doc: Y.Doc) => viewLedger(listEntries(doc));
const total = (doc: Y.Doc, asOf?: string) => balances(view(doc), asOf).total;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  at('2026-05-01T09:00:00Z');
});
afterEach(() => {
  vi.useRealTimers();
});

describe('recording entries', () => {
  it('records each kind with its own fields only, trimmed, amounts in base currency', () => {
    const { doc, bank, cash, orgs, gathering } = fundWorld(0);
    const ids = [
      recordEntry(doc, entryInput('donation', bank, { donor: ' Anna ', payee: 'x' }), TREASURER),
      recordEntry(doc, entryInput('dues', bank, { organizationId: orgs[0]! }), TREASURER),
      recordEntry(
        doc,
        entryInput('expense', cash, { gatheringId: gathering, donor: 'not kept' }),
        TREASURER,
      ),
      recordEntry(doc, entryInput('transfer', bank, { toAccountId: cash }), TREASURER),
      recordEntry(doc, entryInput('refund', cash, { direction: 'out' }), TREASURER),
    ];
    const [donation, dues, expense, transfer, refund] = ids.map((id) => getEntry(doc, id)!);
    expect(donation).toMatchObject({ donor: 'Anna', payee: '', baseAmount: 1000 });
    expect(dues).toMatchObject({ organizationId: orgs[0], period: '2026', donor: '' });
    expect(expense).toMatchObject({ gatheringId: gathering, donor: '', payee: 'Rail company' });
    expect(transfer).toMatchObject({ toAccountId: cash, direction: '' });
    expect(refund).toMatchObject({ direction: 'out', counterparty: 'Hostel' });
    const b = balances(view(doc));
    // donation + dues − transfer on the bank; − expense + transfer − refund in cash.
    expect(b.byAccount.get(bank)).toBe(1000);
    expect(b.byAccount.get(cash)).toBe(-1000);
    expect(b.total).toBe(0);
  });

  it('converts a foreign currency at the recorded rate; lower-case codes are upper-cased', () => {
    const { doc, bank } = fundWorld(0);
    const id = recordEntry(
      doc,
      entryInput('donation', bank, { amount: 1000, currency: 'eur', rate: '11,4235' }),
      TREASURER,
    );
    expect(getEntry(doc, id)).toMatchObject({
      currency: 'EUR',
      rate: '11.4235',
      amount: 1000,
      baseAmount: 11424,
    });
    // A rate typed for the base currency itself is dropped.
    const sek = recordEntry(doc, entryInput('donation', bank, { rate: '2' }), TREASURER);
    expect(getEntry(doc, sek)).toMatchObject({ rate: '', baseAmount: 1000 });
  });
});

describe('bad input is refused and leaves the document unchanged', () => {
  const refused: [string, (w: ReturnType<typeof fundWorld>) => LedgerEntryInput, string][] = [
    ['a negative amount', (w) => entryInput('donation', w.bank, { amount: -100 }), 'error.amount'],
    ['a zero amount', (w) => entryInput('donation', w.bank, { amount: 0 }), 'error.amount'],
    [
      'a fractional amount',
      (w) => entryInput('donation', w.bank, { amount: 12.5 }),
      'error.amount',
    ],
    ['NaN', (w) => entryInput('donation', w.bank, { amount: NaN }), 'error.amount'],
    ['Infinity', (w) => entryInput('donation', w.bank, { amount: Infinity }), 'error.amount'],
    [
      'an unsafe integer',
      (w) => entryInput('donation', w.bank, { amount: Number.MAX_SAFE_INTEGER + 1 }),
      'error.amount',
    ],
    [
      'a string amount',
      (w) => entryInput('donation', w.bank, { amount: '12' as unknown as number }),
      'error.amount',
    ],
    [
      'an unknown currency',
      (w) => entryInput('donation', w.bank, { currency: 'XYZ' }),
      'error.currency',
    ],
    [
      'an empty currency',
      (w) => entryInput('donation', w.bank, { currency: '' }),
      'error.currency',
    ],
    [
      'a foreign currency without rate',
      (w) => entryInput('donation', w.bank, { currency: 'EUR' }),
      'error.rate',
    ],
    [
      'a foreign currency with a garbage rate',
      (w) => entryInput('donation', w.bank, { currency: 'EUR', rate: 'ten' }),
      'error.rate',
    ],
    [
      'a zero rate',
      (w) => entryInput('donation', w.bank, { currency: 'EUR', rate: '0' }),
      'error.rate',
    ],
    [
      'a date that does not exist',
      (w) => entryInput('donation', w.bank, { date: '2026-02-30' }),
      'error.date',
    ],
    ['no account', () => entryInput('donation', '' as AccountId), 'error.required'],
    ['an unknown account', () => entryInput('donation', 'nope' as AccountId), 'error.account'],
    [
      'a transfer to the same account',
      (w) => entryInput('transfer', w.bank, { toAccountId: w.bank }),
      'error.sameAccount',
    ],
    ['a transfer to nowhere', (w) => entryInput('transfer', w.bank), 'error.required'],
    ['a dues payment without organization', (w) => entryInput('dues', w.bank), 'error.required'],
    [
      'a dues payment without period',
      (w) => entryInput('dues', w.bank, { organizationId: w.orgs[0]!, period: '' }),
      'error.period',
    ],
    [
      'a dues payment for a malformed period',
      (w) => entryInput('dues', w.bank, { organizationId: w.orgs[0]!, period: '2026-Q5' }),
      'error.period',
    ],
    [
      'an expense without payee',
      (w) => entryInput('expense', w.bank, { payee: '  ' }),
      'error.required',
    ],
    [
      'an expense without category',
      (w) => entryInput('expense', w.bank, { category: '' }),
      'error.required',
    ],
    [
      'a refund without direction',
      (w) => entryInput('refund', w.bank, { direction: '' }),
      'error.required',
    ],
    [
      'a memo too long',
      (w) => entryInput('donation', w.bank, { memo: 'x'.repeat(501) }),
      'error.tooLong',
    ],
  ];
  it.each(refused)('%s', (_, make, code) => {
    const w = fundWorld(0);
    expectRefused(w.doc, () => recordEntry(w.doc, make(w), TREASURER), code);
  });

  it('an expense linked to a removed event or council, a dues payment of a removed organization', () => {
    const w = fundWorld(0);
    removeGathering(w.doc, w.gathering, TREASURER);
    removeCouncil(w.doc, w.council, TREASURER);
    removeOrganization(w.doc, w.orgs[0]!, TREASURER);
    setAccountRemoved(w.doc, w.cash, true, TREASURER);
    const { doc, bank, cash } = w;
    expectRefused(
      doc,
      () => recordEntry(doc, entryInput('expense', bank, { gatheringId: w.gathering }), TREASURER),
      'error.deletedEvent',
    );
    expectRefused(
      doc,
      () => recordEntry(doc, entryInput('expense', bank, { councilId: w.council }), TREASURER),
      'error.deletedCouncil',
    );
    expectRefused(
      doc,
      () => recordEntry(doc, entryInput('dues', bank, { organizationId: w.orgs[0]! }), TREASURER),
      'error.organization',
    );
    expectRefused(
      doc,
      () => recordEntry(doc, entryInput('donation', cash), TREASURER),
      'error.account',
    );
    expectRefused(
      doc,
      () => recordEntry(doc, entryInput('transfer', bank, { toAccountId: cash }), TREASURER),
      'error.account',
    );
  });

  // BUG: a rate that makes the base amount round to 0 is stored, then readEntry drops it.
  it('an entry whose base amount rounds to zero is refused or stays readable', () => {
    const { doc, bank } = fundWorld(0);
    const input = entryInput('donation', bank, { amount: 1, currency: 'JPY', rate: '0.0001' });
    expectAcceptedAndReadable(doc, input);
  });

  // BUG: a big foreign amount converts past 2^53; the entry is stored, then readEntry drops it.
  it('an entry whose base amount is not a safe integer is refused or stays readable', () => {
    const { doc, bank } = fundWorld(0);
    const input = entryInput('donation', bank, {
      amount: Number.MAX_SAFE_INTEGER,
      currency: 'EUR',
      rate: '11',
    });
    expectAcceptedAndReadable(doc, input);
  });
});

/** Either refused with a DomainError and the document unchanged, or recorded and readable. */
function expectAcceptedAndReadable(doc: Y.Doc, input: LedgerEntryInput): void {
  const before = Y.encodeStateAsUpdate(doc);
  let id: LedgerEntryId;
  try {
    id = recordEntry(doc, input, TREASURER);
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    return;
  }
  expect(getEntry(doc, id)).not.toBeNull();
  expect(listEntries(doc).map((e) => e.id)).toContain(id);
}

describe('readEntry tolerates what a peer stored', () => {
  it('skips garbage and reads the rest', () => {
    const { doc, bank } = fundWorld(0);
    const good = recordEntry(doc, entryInput('donation', bank), TREASURER);
    const peer = fork(doc);
    const ledger = peer.getMap<unknown>(ROOT.ledger);
    const valid = { ...getEntry(doc, good)! };
    peer.transact(() => {
      ledger.set('string', 'a donation of 5 kronor');
      ledger.set('number', 42);
      ledger.set('null', null);
      ledger.set('array', [1, 2, 3]);
      ledger.set('float', { ...valid, amount: 12.5 });
      ledger.set('float-base', { ...valid, baseAmount: 99.9 });
      ledger.set('negative', { ...valid, amount: -100, baseAmount: -100 });
      ledger.set('string-amount', { ...valid, amount: '1000' });
      ledger.set('no-base', { ...valid, baseAmount: undefined });
      ledger.set('kind', { ...valid, kind: 'gift' });
      ledger.set('map', new Y.Map());
    });
    send(peer, doc);
    expect(listEntries(doc).map((e) => e.id)).toEqual([good]);
    expect(total(doc)).toBe(1000);
    expect(readEntry('x', 'text')).toBeNull();
    expect(readEntry('x', { ...valid, amount: 1.5 })).toBeNull();
  });

  it('reads odd field types as empty strings and an unknown correction as none', () => {
    const { doc, bank } = fundWorld(0);
    const id = recordEntry(doc, entryInput('donation', bank), TREASURER);
    const raw = { ...getEntry(doc, id)!, donor: 7, memo: { a: 1 }, corrects: id, correction: 'x' };
    const e = readEntry('y', raw)!;
    expect(e).toMatchObject({ donor: '', memo: '', corrects: '', correction: '' });
  });
});

describe('corrections', () => {
  function donation(over: Partial<LedgerEntryInput> = {}) {
    const w = fundWorld(0);
    const id = recordEntry(w.doc, entryInput('donation', w.bank, over), TREASURER);
    return { ...w, id };
  }

  it('a reversal cancels the entry from its own date on; both stay visible', () => {
    const { doc, id } = donation({ date: '2026-03-01' });
    const r = reverseEntry(doc, id, '2026-04-01', ' typed twice ', TREASURER);
    expect(listEntries(doc).map((e) => e.id)).toEqual([id, r]);
    expect(getEntry(doc, r)).toMatchObject({
      corrects: id,
      correction: 'reversal',
      memo: 'typed twice',
      date: '2026-04-01',
      donor: 'Anna',
    });
    expect(total(doc, '2026-02-28')).toBe(0);
    expect(total(doc, '2026-03-31')).toBe(1000);
    expect(total(doc, '2026-04-01')).toBe(0);
    expect(total(doc)).toBe(0);
    const v = view(doc);
    expect(v.state.get(id)).toBe('reversed');
    expect(v.state.get(r)).toBe('counted');
    expect(v.correctedBy.get(id)).toBe(r);
  });

  it('an amendment replaces the entry from its date, on its own account', () => {
    const { doc, id, bank, cash } = donation({ date: '2026-03-01' });
    const a = amendEntry(
      doc,
      id,
      entryInput('donation', cash, { date: '2026-03-10', amount: 1500, memo: 'was 15 kr, cash' }),
      TREASURER,
    );
    expect(getEntry(doc, a)).toMatchObject({ corrects: id, correction: 'amendment' });
    const before = balances(view(doc), '2026-03-09');
    const after = balances(view(doc), '2026-03-10');
    expect([before.byAccount.get(bank), before.byAccount.get(cash) ?? 0]).toEqual([1000, 0]);
    expect([after.byAccount.get(bank), after.byAccount.get(cash)]).toEqual([0, 1500]);
    expect(view(doc).state.get(id)).toBe('amended');
    // A chain: the amendment is amended, then reversed.
    const a2 = amendEntry(
      doc,
      a,
      entryInput('donation', cash, { date: '2026-03-20', amount: 1700, memo: 'again' }),
      TREASURER,
    );
    expect(total(doc, '2026-03-20')).toBe(1700);
    reverseEntry(doc, a2, '2026-03-25', 'not a donation', TREASURER);
    expect(total(doc, '2026-03-19')).toBe(1500);
    expect(total(doc)).toBe(0);
  });

  it('refuses to correct a reversal, to correct twice, to date a correction earlier', () => {
    const { doc, id, bank } = donation({ date: '2026-03-01' });
    const amend = (of: LedgerEntryId, date: string) =>
      amendEntry(doc, of, entryInput('donation', bank, { date, memo: 'fix' }), TREASURER);
    expectRefused(
      doc,
      () => reverseEntry(doc, id, '2026-02-28', 'r', TREASURER),
      'error.correctionDate',
    );
    expectRefused(doc, () => amend(id, '2026-02-28'), 'error.correctionDate');
    expectRefused(
      doc,
      () => reverseEntry(doc, id, '2026-13-01', 'r', TREASURER),
      'error.correctionDate',
    );
    expectRefused(
      doc,
      () => reverseEntry(doc, id, '2026-03-02', '  ', TREASURER),
      'error.reasonRequired',
    );
    expectRefused(
      doc,
      () => amendEntry(doc, id, entryInput('donation', bank, { memo: '' }), TREASURER),
      'error.reasonRequired',
    );
    expectRefused(
      doc,
      () => amendEntry(doc, id, entryInput('donation', bank, { amount: -5, memo: 'x' }), TREASURER),
      'error.amount',
    );
    expectRefused(
      doc,
      () => reverseEntry(doc, 'missing' as LedgerEntryId, '2026-03-02', 'r', TREASURER),
      'error.notFound',
    );
    // The same day as the original is allowed.
    const r = reverseEntry(doc, id, '2026-03-01', 'same day', TREASURER);
    expect(total(doc, '2026-03-01')).toBe(0);
    expectRefused(
      doc,
      () => reverseEntry(doc, r, '2026-03-02', 'r', TREASURER),
      'error.correctReversal',
    );
    expectRefused(doc, () => amend(r, '2026-03-02'), 'error.correctReversal');
    expectRefused(
      doc,
      () => reverseEntry(doc, id, '2026-03-02', 'r', TREASURER),
      'error.alreadyCorrected',
    );
    expectRefused(doc, () => amend(id, '2026-03-02'), 'error.alreadyCorrected');
  });

  it('two devices correcting the same entry: the first recorded wins, the other is superseded', () => {
    for (const reverseFirst of [true, false]) {
      const { doc, id, bank } = donation({ date: '2026-03-01' });
      const a = fork(doc);
      const b = fork(doc);
      at(reverseFirst ? '2026-05-01T10:00:00Z' : '2026-05-01T11:00:00Z');
      const r = reverseEntry(a, id, '2026-04-01', 'duplicate', TREASURER);
      at(reverseFirst ? '2026-05-01T11:00:00Z' : '2026-05-01T10:00:00Z');
      const m = amendEntry(
        b,
        id,
        entryInput('donation', bank, { date: '2026-03-15', amount: 3000, memo: '30 kr' }),
        TREASURER,
      );
      // B goes on correcting its own amendment before it hears of A's reversal.
      const m2 = amendEntry(
        b,
        m,
        entryInput('donation', bank, { date: '2026-03-20', amount: 4000, memo: '40 kr' }),
        TREASURER,
      );
      const c = fork(a);
      send(b, c);
      sync(a, b);
      for (const d of [a, b, c]) {
        const v = view(d);
        expect(
          listEntries(d)
            .map((e) => e.id)
            .sort(),
        ).toEqual([id, r, m, m2].sort());
        if (reverseFirst) {
          expect([v.state.get(id), v.state.get(m), v.state.get(m2)]).toEqual([
            'reversed',
            'superseded',
            'superseded',
          ]);
          expect(balances(v, '2026-03-31').total).toBe(1000);
          expect(balances(v).total).toBe(0);
        } else {
          expect([v.state.get(id), v.state.get(m), v.state.get(r)]).toEqual([
            'amended',
            'amended',
            'superseded',
          ]);
          expect(balances(v, '2026-03-16').total).toBe(3000);
          expect(balances(v).total).toBe(4000);
        }
      }
    }
  });

  it('corrections recorded in the same millisecond still agree on every device', () => {
    const { doc, id } = donation();
    const a = fork(doc);
    const b = fork(doc);
    const r1 = reverseEntry(a, id, '2026-03-02', 'a', TREASURER);
    const r2 = reverseEntry(b, id, '2026-03-05', 'b', TREASURER);
    const ab = fork(a);
    send(b, ab);
    const ba = fork(b);
    send(a, ba);
    const [va, vb] = [view(ab), view(ba)];
    expect(va.state).toEqual(vb.state);
    expect(va.postings).toEqual(vb.postings);
    expect([va.state.get(r1), va.state.get(r2)].sort()).toEqual(['counted', 'superseded']);
    expect(balances(va).total).toBe(0);
  });

  it('a correction of a superseded entry counts nothing, even recorded after the merge', () => {
    const { doc, id } = donation();
    const a = fork(doc);
    const b = fork(doc);
    reverseEntry(a, id, '2026-03-02', 'a', TREASURER);
    at('2026-05-01T09:30:00Z');
    const late = reverseEntry(b, id, '2026-03-03', 'b', TREASURER);
    sync(a, b);
    // The superseded reversal itself cannot be corrected; anything else may still be recorded.
    expectRefused(
      b,
      () => reverseEntry(b, late, '2026-03-04', 'x', TREASURER),
      'error.correctReversal',
    );
    expect(view(b).state.get(late)).toBe('superseded');
    expect(total(b)).toBe(0);
  });

  it('amending a superseded amendment after the merge counts nothing', () => {
    const { doc, id, bank } = donation();
    const a = fork(doc);
    const b = fork(doc);
    amendEntry(a, id, entryInput('donation', bank, { amount: 2000, memo: 'a' }), TREASURER);
    at('2026-05-01T09:30:00Z');
    const loser = amendEntry(
      b,
      id,
      entryInput('donation', bank, { amount: 5000, memo: 'b' }),
      TREASURER,
    );
    sync(a, b);
    const again = amendEntry(
      b,
      loser,
      entryInput('donation', bank, { amount: 7000, memo: 'b again' }),
      TREASURER,
    );
    expect(view(b).state.get(again)).toBe('superseded');
    expect(total(b)).toBe(2000);
  });

  // BUG: a reversal re-validates the original's references, so an entry can no longer be
  // corrected once its account, event or organization was removed (it still counts).
  it('an entry on a since removed account can still be reversed', () => {
    const { doc, id, bank } = donation();
    setAccountRemoved(doc, bank, true, TREASURER);
    expect(total(doc)).toBe(1000);
    reverseEntry(doc, id, '2026-03-02', 'wrong account', TREASURER);
    expect(total(doc)).toBe(0);
  });

  it('an expense of a since removed event can still be reversed', () => {
    const w = fundWorld(0);
    const id = recordEntry(
      w.doc,
      entryInput('expense', w.bank, { gatheringId: w.gathering }),
      TREASURER,
    );
    removeGathering(w.doc, w.gathering, TREASURER);
    reverseEntry(w.doc, id, '2026-03-02', 'cancelled', TREASURER);
    expect(total(w.doc)).toBe(0);
  });

  it('a dues payment of a since removed organization can still be reversed', () => {
    const w = fundWorld(0);
    const id = recordEntry(
      w.doc,
      entryInput('dues', w.bank, { organizationId: w.orgs[0]! }),
      TREASURER,
    );
    removeOrganization(w.doc, w.orgs[0]!, TREASURER);
    reverseEntry(w.doc, id, '2026-03-02', 'paid by mistake', TREASURER);
    expect(total(w.doc)).toBe(0);
  });

  // Entries hold amounts converted to the base currency, so it cannot change under them.
  it('the base currency cannot change once the ledger has entries', () => {
    const { doc, id } = donation();
    expectRefused(
      doc,
      () => updateFederation(doc, { baseCurrency: 'EUR' }, TREASURER),
      'error.currencyInUse',
    );
    reverseEntry(doc, id, '2026-03-02', 'fix', TREASURER);
    expect(total(doc)).toBe(0);
  });
});

describe('possible duplicates', () => {
  it('flags the same payment recorded on two devices; case and spaces of the name ignored', () => {
    const { doc, bank } = fundWorld(0);
    const a = fork(doc);
    const b = fork(doc);
    const x = recordEntry(a, entryInput('donation', bank, { donor: 'Anna Berg' }), TREASURER);
    const y = recordEntry(b, entryInput('donation', bank, { donor: '  anna berg ' }), TREASURER);
    // Not the same: another amount, date, kind or payer.
    recordEntry(a, entryInput('donation', bank, { donor: 'Anna Berg', amount: 1001 }), TREASURER);
    recordEntry(
      a,
      entryInput('donation', bank, { donor: 'Anna Berg', date: '2026-03-02' }),
      TREASURER,
    );
    recordEntry(b, entryInput('donation', bank, { donor: 'Anna Borg' }), TREASURER);
    recordEntry(b, entryInput('refund', bank, { counterparty: 'Anna Berg' }), TREASURER);
    sync(a, b);
    for (const d of [a, b]) {
      const groups = possibleDuplicates(view(d), readNotDuplicates(d));
      expect(groups.map((g) => g.map((e) => e.id).sort())).toEqual([[x, y].sort()]);
    }
    // Marked on one device, the pair disappears on both after sync.
    markNotDuplicate(b, y, x, TREASURER);
    sync(a, b);
    expect(possibleDuplicates(view(a), readNotDuplicates(a))).toEqual([]);
    expect(possibleDuplicates(view(b), readNotDuplicates(b))).toEqual([]);
  });

  it('a third copy opens the group again; a reversed copy is not flagged', () => {
    const { doc, bank } = fundWorld(0);
    const x = recordEntry(doc, entryInput('expense', bank), TREASURER);
    const y = recordEntry(doc, entryInput('expense', bank, { payee: 'RAIL COMPANY' }), TREASURER);
    markNotDuplicate(doc, x, y, TREASURER);
    expect(possibleDuplicates(view(doc), readNotDuplicates(doc))).toEqual([]);
    const z = recordEntry(doc, entryInput('expense', bank), TREASURER);
    const groups = possibleDuplicates(view(doc), readNotDuplicates(doc));
    expect(groups.map((g) => g.map((e) => e.id).sort())).toEqual([[x, y, z].sort()]);
    reverseEntry(doc, z, '2026-03-01', 'typed twice', TREASURER);
    expect(possibleDuplicates(view(doc), readNotDuplicates(doc))).toEqual([]);
  });

  it('flags two dues payments of one organization only for the same amount and date', () => {
    const { doc, bank, orgs } = fundWorld(0);
    const d = (over: Partial<LedgerEntryInput>) =>
      recordEntry(doc, entryInput('dues', bank, { organizationId: orgs[0]!, ...over }), TREASURER);
    const x = d({});
    const y = d({});
    d({ organizationId: orgs[1]! });
    expect(possibleDuplicates(view(doc), new Set()).map((g) => g.map((e) => e.id).sort())).toEqual([
      [x, y].sort(),
    ]);
  });

  // The issue says "same payer, amount and date"; the key also holds the account, so the same
  // donation put in the cash box on one phone and on the bank on the other is not flagged.
  it('flags the same payment recorded on two different accounts', () => {
    const { doc, bank, cash } = fundWorld(0);
    recordEntry(doc, entryInput('donation', bank), TREASURER);
    recordEntry(doc, entryInput('donation', cash), TREASURER);
    expect(possibleDuplicates(view(doc), new Set())).toHaveLength(1);
  });
});
