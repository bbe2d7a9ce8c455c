// What the feed calls each collection and where its items live: one line per collection of ROOT
// (a collection added to the schema fails the type check here until it has its line).
import type { FeedCollection } from '$lib/domain/changes';
import type { MessageKey } from '$lib/i18n/catalog';

/** `detail` false: the area has no page per item, so its items link to the area's page. */
export const AREAS: Record<FeedCollection, { label: MessageKey; path: string; detail?: false }> = {
  organizations: { label: 'nav.organizations', path: 'organizations' },
  people: { label: 'nav.people', path: 'people' },
  requests: { label: 'nav.requests', path: 'requests' },
  gatherings: { label: 'nav.events', path: 'events' },
  councils: { label: 'nav.councils', path: 'councils' },
  tasks: { label: 'nav.tasks', path: 'tasks' },
  materials: { label: 'nav.materials', path: 'materials' },
  proposals: { label: 'nav.proposals', path: 'proposals' },
  meetings: { label: 'nav.meetings', path: 'meetings' },
  ledger: { label: 'changes.areas.ledger', path: 'fund/ledger' },
  accounts: { label: 'changes.areas.accounts', path: 'fund/settings', detail: false },
  applications: { label: 'changes.areas.applications', path: 'fund/members' },
  expenseRequests: { label: 'changes.areas.expenseRequests', path: 'fund/expenses' },
  budgets: { label: 'changes.areas.budgets', path: 'fund/budgets' },
};
