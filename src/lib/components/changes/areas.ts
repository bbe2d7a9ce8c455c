// What the feed calls each collection and where its items live: one line per collection of ROOT
// (a collection added to the schema fails the type check here until it has its line).
import type { CollectionKey } from '$lib/domain/schema';
import type { MessageKey } from '$lib/i18n/catalog';

export const AREAS: Record<CollectionKey, { label: MessageKey; path: string }> = {
  organizations: { label: 'nav.organizations', path: 'organizations' },
  people: { label: 'nav.people', path: 'people' },
  requests: { label: 'nav.requests', path: 'requests' },
  gatherings: { label: 'nav.events', path: 'events' },
  councils: { label: 'nav.councils', path: 'councils' },
  tasks: { label: 'nav.tasks', path: 'tasks' },
  materials: { label: 'nav.materials', path: 'materials' },
  proposals: { label: 'nav.proposals', path: 'proposals' },
  meetings: { label: 'nav.meetings', path: 'meetings' },
};
