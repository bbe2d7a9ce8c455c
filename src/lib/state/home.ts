// The federation's home screen as plain data: read from the open document, or from the device's
// snapshot of it while a large document is still loading.
import type { Change } from '$lib/domain/changes';
import type { OrganizationStage } from '$lib/domain/organizations';
import type { RequestStatus } from '$lib/domain/requests';
import type { FederationMeta } from '$lib/domain/federation';
import type { ChangesState } from './changes.svelte';
import type { FundState } from './fund.svelte';
import type { GatheringsState } from './gatherings.svelte';
import type { OrganizationsState } from './organizations.svelte';
import type { PeopleState } from './people.svelte';
import type { RequestsState } from './requests.svelte';
import type { TasksState } from './tasks.svelte';

/** What the home screen reads: the parts of an open federation's session it shows. */
export interface HomeSources {
  meta: FederationMeta | null;
  changes: ChangesState;
  fund: FundState;
  gatherings: GatheringsState;
  organizations: OrganizationsState;
  people: PeopleState;
  requests: RequestsState;
  tasks: TasksState;
}

/** Bump when HomeView changes shape: a snapshot of another shape is never shown. */
export const HOME_VIEW_VERSION = 1;

/** The day the home screen is read for (upcoming events, overdue tasks): UTC, as the page uses. */
export function homeToday(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Items the feed lists per area; the rest are counted and linked to the area's list. */
export const FEED_SHOWN = 8;

/** One area of the what-changed feed: its first items, with the names of who did them. */
export interface FeedGroup {
  key: Change['collection'];
  count: number;
  items: { id: string; kind: Change['kind']; title: string; names: string[] }[];
}

/** Everything the home screen shows, already read and formatted. */
export interface HomeView {
  name: string;
  region: string;
  feed: { count: number; groups: FeedGroup[] };
  seenAt: string | null;
  tasks: { mine: number; overdue: number };
  /** The fund's total, formatted in the federation's currency and the app's language. */
  balance: string;
  upcoming: { id: string; title: string; start: string; timeZone: string }[];
  open: { count: number; first: { id: string; title: string; status: RequestStatus }[] };
  organizations: { count: number; byStage: { stage: OrganizationStage; count: number }[] };
}

/** The feed grouped by area in the order given, each group cut to its first `shown` items. */
export function feedGroups(
  changes: Change[],
  nameOf: (personId: string) => string,
  shown = FEED_SHOWN,
): FeedGroup[] {
  const out: FeedGroup[] = [];
  for (const change of changes) {
    let group = out.at(-1);
    if (group?.key !== change.collection) {
      group = { key: change.collection, count: 0, items: [] };
      out.push(group);
    }
    group.count += 1;
    if (group.items.length < shown) {
      const { id, kind, title } = change;
      group.items.push({ id, kind, title, names: change.by.map(nameOf) });
    }
  }
  return out;
}

/** The home screen of an open federation on `today` (YYYY-MM-DD); null until it has a name. */
export function homeView(session: HomeSources, today: string, someone: string): HomeView | null {
  const meta = session.meta;
  if (!meta) return null;
  const nameOf = (id: string) => session.people.byId.get(id)?.name ?? someone;
  const changes = session.changes.changes;
  const mine = session.tasks.mine;
  const open = session.requests.open;
  const orgs = session.organizations.active;
  return {
    name: meta.name,
    region: meta.region,
    feed: { count: changes.length, groups: feedGroups(changes, nameOf) },
    seenAt: session.changes.seenAt,
    tasks: {
      mine: mine.length,
      overdue: mine.filter((task) => session.tasks.overdue(task, today)).length,
    },
    balance: session.fund.format(session.fund.balances().total),
    upcoming: session.gatherings
      .upcoming(today)
      .slice(0, 5)
      .map(({ id, title, start, timeZone }) => ({ id, title, start, timeZone })),
    open: {
      count: open.length,
      first: open.slice(0, 5).map(({ id, title, status }) => ({ id, title, status })),
    },
    organizations: {
      count: orgs.length,
      byStage: session.organizations.stages.map((stage) => ({
        stage,
        count: orgs.filter((o) => o.stage === stage).length,
      })),
    },
  };
}
