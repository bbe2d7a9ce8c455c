import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Y from 'yjs';
import { duesSummary, type DuesLine } from '$lib/domain/dues';
import { duesOf } from '$lib/domain/fund';
import { readFundSettings, tierFor, updateFundSettings } from '$lib/domain/fund-settings';
import type { ApplicationId, OrganizationId, PersonId } from '$lib/domain/ids';
import { amendEntry, recordEntry, reverseEntry } from '$lib/domain/ledger';
import {
  addApplication,
  blankApplication,
  decideApplication,
  getApplication,
  updateApplication,
} from '$lib/domain/membership';
import { removeOrganization } from '$lib/domain/organizations';
import { entryInput, expectRefused, fundWorld, send, TREASURER } from './fund-fixtures';
import { fork } from './helpers';

const CHAIR = 'person-chair' as PersonId;
const at = (iso: string) => vi.setSystemTime(new Date(iso));

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  at('2026-05-01T09:00:00Z');
});
afterEach(() => {
  vi.useRealTimers();
});

/** The dues lines of the document under its settings, as of `today`. */
function lines(doc: Y.Doc, today: string): DuesLine[] {
  return duesOf(doc, today);
}
const brief = (ls: DuesLine[]) => ls.map((l) => [l.period, l.owed, l.paid, l.state]);

/** A world where the first organization (due 100 SEK a period) was accepted on `from`. */
function member(from: string, period: 'year' | 'quarter' | 'month' = 'year', graceDays = 30) {
  const w = fundWorld(0);
  updateFundSettings(w.doc, { duesPeriod: period, duesGraceDays: graceDays }, CHAIR);
  decideApplication(w.doc, w.apps[0]!, 'accepted', from, CHAIR);
  const pay = (p: string, amount = 10_000, date = '2026-02-01') =>
    recordEntry(
      w.doc,
      entryInput('dues', w.bank, { organizationId: w.orgs[0]!, period: p, amount, date }),
      TREASURER,
    );
  return { ...w, org: w.orgs[0]!, app: w.apps[0]!, pay };
}

describe('dues periods from membership dates', () => {
  it('yearly: every year from acceptance to today; overdue after the grace days', () => {
    const { doc, pay } = member('2024-06-15');
    expect(brief(lines(doc, '2026-05-01'))).toEqual([
      ['2024', 10_000, 0, 'overdue'],
      ['2025', 10_000, 0, 'overdue'],
      ['2026', 10_000, 0, 'due'],
    ]);
    pay('2024');
    pay('2025', 4_000);
    const [y24, y25] = lines(doc, '2026-05-01');
    expect(y24).toMatchObject({ paid: 10_000, outstanding: 0, state: 'paid' });
    expect(y25).toMatchObject({ paid: 4_000, outstanding: 6_000, state: 'overdue' });
    expect(y25!.dueBy).toBe('2026-01-30');
    // As of a day before acceptance and before the payments: nothing owed, nothing paid yet.
    expect(brief(lines(doc, '2024-06-14'))).toEqual([]);
  });

  it('quarterly and monthly periods; due until the last grace day, overdue the day after', () => {
    const q = member('2026-02-10', 'quarter', 10);
    expect(lines(q.doc, '2026-05-01').map((l) => [l.period, l.dueBy, l.state])).toEqual([
      ['2026-Q1', '2026-04-10', 'overdue'],
      ['2026-Q2', '2026-07-10', 'due'],
    ]);
    expect(lines(q.doc, '2026-04-10')[0]!.state).toBe('due');
    expect(lines(q.doc, '2026-04-11')[0]!.state).toBe('overdue');
    const m = member('2025-11-30', 'month', 0);
    expect(lines(m.doc, '2026-02-28').map((l) => [l.period, l.dueBy, l.state])).toEqual([
      ['2025-11', '2025-11-30', 'overdue'],
      ['2025-12', '2025-12-31', 'overdue'],
      ['2026-01', '2026-01-31', 'overdue'],
      ['2026-02', '2026-02-28', 'due'],
    ]);
  });

  it('payments ahead of time show as paid periods nobody owes yet', () => {
    const { doc, pay, org } = member('2026-01-01');
    pay('2027');
    pay('2028', 5_000);
    expect(lines(doc, '2026-05-01')).toEqual([
      expect.objectContaining({ period: '2026', owed: 10_000, paid: 0, state: 'due' }),
      expect.objectContaining({ period: '2027', owed: 0, paid: 10_000, applicationId: '' }),
      expect.objectContaining({ period: '2028', owed: 0, paid: 5_000, state: 'paid' }),
    ]);
    // Once 2027 comes, the payment made ahead counts against it.
    expect(lines(doc, '2027-03-01')[1]).toMatchObject({
      organizationId: org,
      period: '2027',
      owed: 10_000,
      paid: 10_000,
      state: 'paid',
    });
  });

  it('a membership that ended owes up to its end', () => {
    const { doc, app } = member('2025-01-15', 'quarter');
    decideApplication(doc, app, 'left', '2025-05-20', CHAIR);
    expect(getApplication(doc, app)).toMatchObject({
      status: 'left',
      memberFrom: '2025-01-15',
      memberUntil: '2025-05-20',
    });
    expect(lines(doc, '2026-05-01').map((l) => l.period)).toEqual(['2025-Q1', '2025-Q2']);
  });

  it('counts corrected payments once: reversed not at all, amended at the new amount', () => {
    const { doc, pay, bank, org } = member('2026-01-01');
    const first = pay('2026');
    reverseEntry(doc, first, '2026-02-02', 'bounced', TREASURER);
    expect(lines(doc, '2026-05-01')[0]).toMatchObject({ paid: 0, outstanding: 10_000 });
    const second = pay('2026', 8_000);
    amendEntry(
      doc,
      second,
      entryInput('dues', bank, {
        organizationId: org,
        period: '2026',
        amount: 10_000,
        date: '2026-02-03',
        memo: 'was 100',
      }),
      TREASURER,
    );
    expect(lines(doc, '2026-05-01')[0]).toMatchObject({ paid: 10_000, state: 'paid' });
  });

  it('a payment in another currency counts in the base currency', () => {
    const { doc, bank, org } = member('2026-01-01');
    recordEntry(
      doc,
      entryInput('dues', bank, {
        organizationId: org,
        period: '2026',
        amount: 1000,
        currency: 'EUR',
        rate: '10',
      }),
      TREASURER,
    );
    expect(lines(doc, '2026-05-01')[0]).toMatchObject({ paid: 10_000, state: 'paid' });
  });

  it('sums per organization for the reminder list', () => {
    const w = member('2024-01-01');
    decideApplication(w.doc, w.apps[1]!, 'accepted', '2026-01-01', CHAIR);
    w.pay('2024');
    const summary = duesSummary(lines(w.doc, '2026-05-01'));
    const byOrg = new Map(summary.map((s) => [s.organizationId, s]));
    expect(byOrg.get(w.orgs[0]!)).toEqual({
      organizationId: w.orgs[0],
      owed: 30_000,
      paid: 10_000,
      outstanding: 20_000,
      overdue: 10_000,
    });
    expect(byOrg.get(w.orgs[1]!)).toMatchObject({ owed: 20_000, outstanding: 20_000, overdue: 0 });
  });

  // A new due holds from the day it is set: periods that began before keep the due agreed then.
  it('a changed due applies from then on, not to periods already owed', () => {
    const { doc, app } = member('2025-01-01');
    at('2026-06-15T12:00:00Z');
    updateApplication(doc, app, { dueAmount: 20_000 }, CHAIR);
    expect(brief(lines(doc, '2027-05-01'))).toEqual([
      ['2025', 10_000, 0, 'overdue'],
      ['2026', 10_000, 0, 'overdue'],
      ['2027', 20_000, 0, 'due'],
    ]);
  });

  // Accepting again after leaving resets memberFrom: the first membership's unpaid dues vanish.
  it('an earlier membership still owes its periods after the organization rejoins', () => {
    const { doc, app } = member('2024-01-01');
    decideApplication(doc, app, 'left', '2024-12-31', CHAIR);
    decideApplication(doc, app, 'accepted', '2026-01-01', CHAIR);
    expect(lines(doc, '2026-05-01').map((l) => [l.period, l.owed])).toEqual([
      ['2024', 10_000],
      ['2026', 10_000],
    ]);
  });

  // A removed organization keeps owing dues that recordEntry refuses to take (error.organization):
  // its reminder list grows every period for ever.
  it('a removed organization does not keep owing dues nobody can record', () => {
    const { doc, org, pay } = member('2024-01-01');
    removeOrganization(doc, org, CHAIR);
    expectRefused(doc, () => pay('2026'), 'error.organization');
    expect(lines(doc, '2029-06-01').filter((l) => l.period > '2026')).toEqual([]);
  });
  // Lines are keyed by the period string of the current setting: after a switch from yearly to
  // quarterly dues, a paid year no longer pays any quarter and every past quarter is overdue.
  it('changing the dues period keeps what was paid for the past paid', () => {
    const { doc, pay } = member('2025-01-01');
    pay('2025');
    updateFundSettings(doc, { duesPeriod: 'quarter' }, CHAIR);
    const past = lines(doc, '2026-05-01').filter((l) => l.period.startsWith('2025'));
    expect(past.filter((l) => l.state === 'overdue')).toEqual([]);
  });
});

describe('applications', () => {
  it('accepts, declines with a reason, ends and re-accepts; wrong steps are refused', () => {
    const { doc, apps } = fundWorld(0);
    const [a, b] = apps as [ApplicationId, ApplicationId];
    expectRefused(
      doc,
      () => decideApplication(doc, a, 'left', '2026-01-01', CHAIR),
      'error.statusNotAllowed',
    );
    expectRefused(
      doc,
      () => decideApplication(doc, a, 'declined', '2026-01-01', CHAIR),
      'error.reasonRequired',
    );
    expectRefused(
      doc,
      () => decideApplication(doc, a, 'accepted', '2026-02-30', CHAIR),
      'error.date',
    );
    expectRefused(
      doc,
      () => decideApplication(doc, 'nope' as ApplicationId, 'accepted', '2026-01-01', CHAIR),
      'error.notFound',
    );
    decideApplication(doc, a, 'accepted', '2026-01-01', CHAIR);
    expectRefused(
      doc,
      () => decideApplication(doc, a, 'accepted', '2026-01-02', CHAIR),
      'error.statusNotAllowed',
    );
    decideApplication(doc, b, 'declined', '2026-01-01', CHAIR, { reason: 'not in the region' });
    expect(getApplication(doc, b)).toMatchObject({ status: 'declined', memberFrom: '' });
    decideApplication(doc, b, 'accepted', '2026-03-01', CHAIR);
    expect(getApplication(doc, b)).toMatchObject({ status: 'accepted', memberFrom: '2026-03-01' });
    expect(getApplication(doc, b)!.history.map((h) => h.decision)).toEqual([
      'declined',
      'accepted',
    ]);
  });

  it('refuses an application of a removed organization or with a bad due', () => {
    const { doc, orgs } = fundWorld(0);
    const input = {
      ...blankApplication(),
      organizationId: orgs[0]!,
      applicantName: 'Eva',
      dueAmount: 5000,
    };
    expectRefused(
      doc,
      () => addApplication(doc, { ...input, dueAmount: 12.5 }, CHAIR),
      'error.amount',
    );
    expectRefused(
      doc,
      () => addApplication(doc, { ...input, dueAmount: -1 }, CHAIR),
      'error.amount',
    );
    expectRefused(
      doc,
      () => addApplication(doc, { ...input, memberCount: -3 }, CHAIR),
      'error.count',
    );
    expectRefused(
      doc,
      () => addApplication(doc, { ...input, contact: 'a@b' }, CHAIR),
      'error.email',
    );
    removeOrganization(doc, orgs[0]!, CHAIR);
    expectRefused(doc, () => addApplication(doc, input, CHAIR), 'error.organization');
    expectRefused(
      doc,
      () => addApplication(doc, { ...input, organizationId: 'ghost' as OrganizationId }, CHAIR),
      'error.organization',
    );
  });

  it('concurrent accept and decline: both kept, the same status on every device', () => {
    for (const acceptFirst of [true, false]) {
      const { doc, apps } = fundWorld(0);
      const id = apps[0]!;
      const a = fork(doc);
      const b = fork(doc);
      at(acceptFirst ? '2026-05-01T10:00:00Z' : '2026-05-01T11:00:00Z');
      decideApplication(a, id, 'accepted', '2026-05-01', CHAIR);
      at(acceptFirst ? '2026-05-01T11:00:00Z' : '2026-05-01T10:00:00Z');
      decideApplication(b, id, 'declined', '2026-05-01', TREASURER, { reason: 'too far' });
      const ab = fork(a);
      send(b, ab);
      const ba = fork(b);
      send(a, ba);
      const [x, y] = [getApplication(ab, id)!, getApplication(ba, id)!];
      expect(x).toEqual(y);
      expect(x.history.map((h) => h.decision).sort()).toEqual(['accepted', 'declined']);
      // Accepting is allowed after a decline, so acceptance wins whichever came first.
      expect(x).toMatchObject({ status: 'accepted', memberFrom: '2026-05-01' });
    }
  });

  it('two concurrent acceptances with different dates: one date, the same on every device', () => {
    const { doc, apps } = fundWorld(0);
    const id = apps[0]!;
    const a = fork(doc);
    const b = fork(doc);
    decideApplication(a, id, 'accepted', '2026-01-01', CHAIR);
    decideApplication(b, id, 'accepted', '2026-03-01', TREASURER);
    send(a, b);
    send(b, a);
    expect(getApplication(a, id)).toEqual(getApplication(b, id));
    expect(['2026-01-01', '2026-03-01']).toContain(getApplication(a, id)!.memberFrom);
  });
});

describe('the sliding scale', () => {
  it('places an organization on the highest tier it reaches', () => {
    const { doc } = fundWorld(0);
    const scale = [
      { id: 't2', label: 'Medium', minMembers: 20, amount: 20_000 },
      { id: 't1', label: 'Small', minMembers: 0, amount: 5_000 },
      { id: 't3', label: 'Large', minMembers: 100, amount: 50_000 },
    ];
    updateFundSettings(doc, { duesScale: scale }, CHAIR);
    const read = readFundSettings(doc).duesScale;
    expect(read.map((t) => t.id)).toEqual(['t1', 't2', 't3']);
    expect(tierFor(read, 0)?.id).toBe('t1');
    expect(tierFor(read, 19)?.id).toBe('t1');
    expect(tierFor(read, 20)?.id).toBe('t2');
    expect(tierFor(read, 5000)?.id).toBe('t3');
    expect(tierFor([], 5)).toBeNull();
    expectRefused(
      doc,
      () => updateFundSettings(doc, { duesScale: [{ ...scale[0]!, amount: 12.5 }] }, CHAIR),
      'error.duesScale',
    );
    expectRefused(doc, () => updateFundSettings(doc, { duesGraceDays: -1 }, CHAIR), 'error.count');
  });
});
