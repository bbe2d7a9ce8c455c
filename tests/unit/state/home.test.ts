// The home screen as plain data: the feed grouped by area, counted whole, cut to the first items;
// and a screen kept on one day shown on a later one as that day's read would show it.
import { describe, expect, it } from 'vitest';
import type { Change } from '$lib/domain/changes';
import type { PersonId } from '$lib/domain/ids';
import { FEED_SHOWN, feedGroups, homeOn, type HomeView } from '$lib/state/home';

function change(collection: Change['collection'], i: number, by: string[] = []): Change {
  return {
    collection,
    id: `${collection}-${i}`,
    kind: 'new',
    title: `${collection} ${i}`,
    fields: [],
    by: by as PersonId[],
    at: '',
  };
}

describe('feedGroups', () => {
  it('counts every change, keeps the first of each area, and names who did them', () => {
    const changes = [
      ...Array.from({ length: 12 }, (_, i) => change('organizations', i, ['p1'])),
      change('requests', 0, ['p1', 'p2']),
    ];
    const names: Record<string, string> = { p1: 'Ada' };
    const groups = feedGroups(changes, (id) => names[id] ?? 'someone');
    expect(groups.map((g) => [g.key, g.count, g.items.length])).toEqual([
      ['organizations', 12, FEED_SHOWN],
      ['requests', 1, 1],
    ]);
    expect(groups[0]?.items[0]).toEqual({
      id: 'organizations-0',
      kind: 'new',
      title: 'organizations 0',
      names: ['Ada'],
    });
    expect(groups[1]?.items[0]?.names).toEqual(['Ada', 'someone']);
  });
});

/** A kept view read on 2026-03-10, with `events` events ending one a day from that day on. */
function kept(events: number, more = false): HomeView {
  const day = (n: number) => `2026-03-${String(10 + n).padStart(2, '0')}`;
  return {
    day: '2026-03-10',
    name: 'Nordic',
    region: '',
    feed: { count: 0, groups: [] },
    seenAt: null,
    tasks: { mine: 4, due: ['2026-03-01', '2026-03-10', '2026-03-12'] },
    balance: '100 kr',
    upcoming: Array.from({ length: events }, (_, i) => ({
      id: `g${i}`,
      title: `Event ${i}`,
      start: `${day(i)}T09:00`,
      timeZone: 'Europe/Stockholm',
      end: `${day(i)}T17:00`,
    })),
    upcomingMore: more,
    open: { count: 0, first: [] },
    organizations: { count: 0, byStage: [] },
  };
}

describe('homeOn', () => {
  it('shows the day it was read as read, and a later day with past events gone and tasks overdue', () => {
    const same = homeOn(kept(20, true), '2026-03-10')!;
    expect(same.upcoming.map((g) => g.id)).toEqual(['g0', 'g1', 'g2', 'g3', 'g4']);
    expect(same.upcoming[0]).toEqual({
      id: 'g0',
      title: 'Event 0',
      start: '2026-03-10T09:00',
      timeZone: 'Europe/Stockholm',
    });
    expect(same.tasks).toEqual({ mine: 4, overdue: 1 });
    const later = homeOn(kept(20, true), '2026-03-13')!;
    expect(later.upcoming.map((g) => g.id)).toEqual(['g3', 'g4', 'g5', 'g6', 'g7']);
    expect(later.tasks).toEqual({ mine: 4, overdue: 3 });
    expect(later).toMatchObject({ name: 'Nordic', balance: '100 kr' });
  });

  it('shows nothing when it cannot know: the clock went back, or too few events were read', () => {
    expect(homeOn(kept(20, true), '2026-03-09')).toBeNull();
    // 20 read, more not read: 16 days on, 4 are left and the fifth may be one not read.
    expect(homeOn(kept(20, true), '2026-03-26')).toBeNull();
    // Without more, 4 left are all there are.
    expect(homeOn(kept(20), '2026-03-26')?.upcoming).toHaveLength(4);
    expect(homeOn(kept(3), '2026-04-30')?.upcoming).toEqual([]);
  });
});
