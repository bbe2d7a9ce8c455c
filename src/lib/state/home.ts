// The federation's home screen as plain data: read from the open document, or from the device's
// snapshot of it while a large document is still loading.
import type { Change } from '$lib/domain/changes';
import type { OrganizationStage } from '$lib/domain/organizations';
import type { RequestStatus } from '$lib/domain/requests';
import type { FederationMeta } from '$lib/domain/federation';
import { notOverBy } from '$lib/domain/gatherings';
import { dueIfOpen } from '$lib/domain/tasks';
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
export const HOME_VIEW_VERSION = 2;

/** Upcoming events the home screen shows, and how many it reads so that a later day still can. */
const UPCOMING_SHOWN = 5;
const UPCOMING_READ = 20;

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

/** An event on the home screen. */
export interface HomeEvent {
  id: string;
  title: string;
  start: string;
  timeZone: string;
}

/**
 * Everything the home screen shows, already read and formatted, as read on `day`; what depends on
 * the day is kept so that `homeOn` can show it on a later one (a device kept it yesterday).
 */
export interface HomeView {
  day: string;
  name: string;
  region: string;
  feed: { count: number; groups: FeedGroup[] };
  seenAt: string | null;
  /** My tasks, and the due dates of those not done: overdue once the day is past them. */
  tasks: { mine: number; due: string[] };
  /** The fund's total, formatted in the federation's currency and the app's language. */
  balance: string;
  /** The first events not over on `day`, with their ends; `upcomingMore` if there were more. */
  upcoming: (HomeEvent & { end: string })[];
  upcomingMore: boolean;
  open: { count: number; first: { id: string; title: string; status: RequestStatus }[] };
  organizations: { count: number; byStage: { stage: OrganizationStage; count: number }[] };
}

/** The home screen as shown on one day. */
export interface HomeShown extends Omit<HomeView, 'day' | 'tasks' | 'upcoming' | 'upcomingMore'> {
  tasks: { mine: number; overdue: number };
  upcoming: HomeEvent[];
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
  const upcoming = session.gatherings.upcoming(today);
  return {
    day: today,
    name: meta.name,
    region: meta.region,
    feed: { count: changes.length, groups: feedGroups(changes, nameOf) },
    seenAt: session.changes.seenAt,
    tasks: {
      mine: mine.length,
      due: mine.map(dueIfOpen).filter((due) => due !== ''),
    },
    balance: session.fund.format(session.fund.balances().total),
    upcoming: upcoming
      .slice(0, UPCOMING_READ)
      .map(({ id, title, start, timeZone, end }) => ({ id, title, start, timeZone, end })),
    upcomingMore: upcoming.length > UPCOMING_READ,
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

/**
 * The home screen `view` shows on `today`, the day it was read or a later one: events over since
 * drop out and tasks fall overdue, as a fresh read would show them. Null when it cannot know: the
 * clock went back, or fewer events are left than the screen shows while more were not read.
 */
export function homeOn(view: HomeView, today: string): HomeShown | null {
  if (today < view.day) return null;
  const left = view.upcoming.filter((g) => notOverBy(g, today));
  if (left.length < UPCOMING_SHOWN && view.upcomingMore) return null;
  const { name, region, feed, seenAt, tasks, balance, open, organizations } = view;
  return {
    name,
    region,
    feed,
    seenAt,
    balance,
    open,
    organizations,
    tasks: { mine: tasks.mine, overdue: tasks.due.filter((due) => due < today).length },
    upcoming: left
      .slice(0, UPCOMING_SHOWN)
      .map(({ id, title, start, timeZone }) => ({ id, title, start, timeZone })),
  };
}
