// The fund's CSV files, handed to the person: the report or the ledger of a period, with names
// and the reader's words for codes filled in.
import type { Account } from '$lib/domain/accounts';
import type { TransparencyReport } from '$lib/domain/fund-report';
import type { LedgerView } from '$lib/domain/ledger-view';
import type { MessageKey } from '$lib/i18n/catalog';
import { t } from '$lib/i18n/index.svelte';
import type { CsvNames } from '$lib/sync/fund-csv';
import { shareFile } from './share';

/** Names of the things an export mentions that the fund does not hold itself. */
export type CsvLookups = Pick<CsvNames, 'organization' | 'event' | 'council'>;

/** The reader's words for a code in a CSV row (a kind, category, state or section). */
function csvLabel(code: string): string {
  for (const section of ['kinds', 'categories', 'states', 'corrections', 'csv']) {
    const key = `fund.${section}.${code}` as MessageKey;
    const text = t(key);
    if (text !== key) return text;
  }
  return code;
}

/** Shares (phone) or downloads (desktop) the report or the ledger of `from`–`to` as CSV. */
export async function exportFundCsv(
  what: 'report' | 'ledger',
  period: { from: string; to: string },
  fund: {
    currency: string;
    view: LedgerView;
    accounts: Account[];
    report: () => TransparencyReport;
  },
  lookups: CsvLookups,
): Promise<'shared' | 'downloaded' | 'cancelled'> {
  const accounts = Object.fromEntries(fund.accounts.map((a) => [a.id, a.name]));
  const names: CsvNames = { ...lookups, account: (id) => accounts[id] ?? '', label: csvLabel };
  // The CSV library is loaded only when someone exports.
  const csv = await import('$lib/sync/fund-csv');
  const { from, to } = period;
  const text =
    what === 'report'
      ? csv.reportCsv(fund.report(), fund.currency, names)
      : csv.ledgerCsv(fund.view, from, to, fund.currency, names);
  const name = csv.fundCsvFileName(what, from, to);
  // The byte-order mark makes spreadsheet apps read the file as UTF-8 (å, ä, ö).
  return shareFile(new File(['\ufeff' + text], name, { type: csv.CSV_TYPE }), name);
}
