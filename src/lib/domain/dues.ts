// Dues owed per organization and period, derived from accepted applications and dues entries.
import type { ApplicationId, OrganizationId } from './ids';
import type { LedgerEntry } from './ledger';
import type { LedgerView } from './ledger-view';
import type { MembershipApplication } from './membership';
import { addDays, periodEnd, periodsBetween, periodStart } from './periods';

export type DuesState = 'paid' | 'due' | 'overdue';

export interface DuesLine {
  organizationId: OrganizationId;
  /** The application that set the due; '' for a payment no membership period asked for. */
  applicationId: ApplicationId | '';
  period: string;
  /** Minor units of the base currency. */
  owed: number;
  paid: number;
  outstanding: number;
  /** After this day, unpaid dues are overdue. */
  dueBy: string;
  state: DuesState;
  /** The first day of the membership term the due comes from ('' for a payment ahead). */
  since: string;
}

/**
 * Net dues paid per organization and period paid for, counting only postings dated up to `asOf`
 * (a correction dated later does not change what was paid by then).
 */
export function duesPaid(view: LedgerView, asOf?: string): Map<string, number> {
  const byId = new Map(view.entries.map((e) => [e.id, e]));
  const paid = new Map<string, number>();
  for (const p of view.postings) {
    if (asOf && p.date > asOf) break;
    const e = byId.get(p.entryId);
    if (e?.kind !== 'dues') continue;
    const key = duesKey(e);
    paid.set(key, (paid.get(key) ?? 0) + p.delta);
  }
  return paid;
}

/** The organization and period a dues entry pays for, as `duesPaid` keys them. */
export function duesKey(e: Pick<LedgerEntry, 'organizationId' | 'period'>): string {
  return `${e.organizationId}|${e.period}`;
}

/**
 * Every period each member owes for, up to `today`, with what was paid; also periods paid
 * without being owed (paid ahead). A period's due is the one in force on its first day, or the
 * first one agreed within it; a period is owed once however many terms touch it. `removed` gives
 * the day an organization was removed: it owes nothing after that. Sorted by organization, period.
 */
export function duesLines(
  applications: readonly MembershipApplication[],
  view: LedgerView,
  graceDays: number,
  today: string,
  removed: ReadonlyMap<string, string> = new Map(),
): DuesLine[] {
  return duesLinesFrom(applications, duesPaid(view, today), graceDays, today, removed);
}

/** `duesLines` from what was paid up to `today`, as `duesPaid` gives it. */
export function duesLinesFrom(
  applications: readonly MembershipApplication[],
  paid: ReadonlyMap<string, number>,
  graceDays: number,
  today: string,
  removed: ReadonlyMap<string, string> = new Map(),
): DuesLine[] {
  const lines = new Map<string, DuesLine>();
  for (const app of applications) {
    if (app.deletedAt || !app.organizationId) continue;
    const gone = removed.get(app.organizationId);
    for (const term of app.terms) {
      let end = term.until && term.until < today ? term.until : today;
      if (gone && gone < end) end = gone;
      for (const p of periodsBetween(term.from, end, term.period)) {
        const key = duesKey({ organizationId: app.organizationId, period: p });
        const line = lines.get(key);
        // The term in force on the period's first day wins over one that starts inside it.
        if (line && !(term.from <= periodStart(p) && line.since > periodStart(p))) continue;
        lines.set(key, {
          organizationId: app.organizationId,
          applicationId: app.id,
          period: p,
          owed: term.dueAmount,
          paid: 0,
          outstanding: 0,
          dueBy: addDays(periodEnd(p), graceDays),
          state: 'paid',
          since: term.from,
        });
      }
    }
  }
  // A payment is for a period of any length ("2025" after a switch to quarterly dues): it fills
  // the owed periods it overlaps, oldest first; what is left stays on the last one (paid ahead).
  const byOrg = new Map<string, DuesLine[]>();
  for (const line of lines.values()) {
    const list = byOrg.get(line.organizationId) ?? [];
    list.push(line);
    byOrg.set(line.organizationId, list);
  }
  for (const list of byOrg.values()) list.sort((a, b) => (a.period < b.period ? -1 : 1));
  for (const [key, amount] of [...paid].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [organizationId, p] = key.split('|') as [OrganizationId, string];
    const from = periodStart(p);
    const to = periodEnd(p);
    const overlapping = (byOrg.get(organizationId) ?? []).filter(
      (l) => periodStart(l.period) <= to && periodEnd(l.period) >= from,
    );
    if (!overlapping.length) {
      const line: DuesLine = {
        organizationId,
        applicationId: '',
        period: p,
        owed: 0,
        paid: amount,
        outstanding: 0,
        dueBy: addDays(to, graceDays),
        state: 'paid',
        since: '',
      };
      lines.set(key, line);
      continue;
    }
    let left = amount;
    for (const [i, line] of overlapping.entries()) {
      const take =
        i === overlapping.length - 1 ? left : Math.max(0, Math.min(left, line.owed - line.paid));
      line.paid += take;
      left -= take;
    }
  }
  for (const line of lines.values()) {
    line.outstanding = Math.max(0, line.owed - line.paid);
    line.state = line.outstanding === 0 ? 'paid' : today > line.dueBy ? 'overdue' : 'due';
  }
  return [...lines.values()].sort((a, b) =>
    a.organizationId < b.organizationId
      ? -1
      : a.organizationId > b.organizationId
        ? 1
        : a.period < b.period
          ? -1
          : a.period > b.period
            ? 1
            : 0,
  );
}

export interface DuesSummary {
  organizationId: OrganizationId;
  owed: number;
  paid: number;
  outstanding: number;
  overdue: number;
}

/** Totals per organization: the treasurer's reminder list is those with `outstanding` > 0. */
export function duesSummary(lines: readonly DuesLine[]): DuesSummary[] {
  const out = new Map<OrganizationId, DuesSummary>();
  for (const l of lines) {
    const s = out.get(l.organizationId) ?? {
      organizationId: l.organizationId,
      owed: 0,
      paid: 0,
      outstanding: 0,
      overdue: 0,
    };
    s.owed += l.owed;
    s.paid += l.paid;
    s.outstanding += l.outstanding;
    if (l.state === 'overdue') s.overdue += l.outstanding;
    out.set(l.organizationId, s);
  }
  return [...out.values()];
}
