// The home screen's feed as plain data: grouped by area, counted whole, cut to the first items.
import { describe, expect, it } from 'vitest';
import type { Change } from '$lib/domain/changes';
import type { PersonId } from '$lib/domain/ids';
import { FEED_SHOWN, feedGroups } from '$lib/state/home';

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
