// The home screen kept as the page is hidden (fake-indexeddb, real y-indexeddb): read again only
// when the device's copy changed since the one kept, and then valid for the next cold start.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { initFederation } from '$lib/domain/federation';
import { newFederationId, type FederationId } from '$lib/domain/ids';
import { addOrganization } from '$lib/domain/organizations';
import type { DeviceDb } from '$lib/local/db';
import type { FederationSession } from '$lib/state/federation.svelte';
import { homeToday, homeView, type HomeView } from '$lib/state/home';
import { ALICE, orgInput } from '../domain/helpers';
import { deviceDb, startSession } from './helpers';

afterEach(() => {
  vi.useRealTimers();
});

/** The home page's read of `s`, counting how often it ran. */
function reader(s: FederationSession): { read: () => HomeView | null; calls: () => number } {
  let calls = 0;
  return {
    read: () => {
      calls += 1;
      return homeView(s, homeToday(), 'someone');
    },
    calls: () => calls,
  };
}

async function keptOrganizations(db: DeviceDb, id: FederationId): Promise<number | undefined> {
  return ((await db.homes.get(id))?.view as HomeView | undefined)?.organizations.count;
}

describe('keeping the home screen as the page is hidden', () => {
  it('reads it again only after the copy changed, and the next cold start finds it valid', async () => {
    const { db, id, s } = await nordic();
    const home = reader(s);
    const shown = home.read();
    if (!shown) throw new Error('no home view');
    s.keepHome(shown); // as the home page does while shown
    await vi.waitFor(async () => expect(await keptOrganizations(db, id)).toBe(0));

    // Hidden on home with nothing new: nothing is read.
    await s.keepHomeIfStale(home.read);
    expect(home.calls()).toBe(1);

    // An edit on another screen, then hidden twice (visibilitychange and pagehide): read once.
    addOrganization(s.doc, orgInput({ name: 'Oslo Commons' }), ALICE);
    await Promise.all([s.keepHomeIfStale(home.read), s.keepHomeIfStale(home.read)]);
    expect(home.calls()).toBe(2);
    await vi.waitFor(async () => expect(await keptOrganizations(db, id)).toBe(1));
    await s.keepHomeIfStale(home.read);
    expect(home.calls()).toBe(2);

    // A cold start shows it while loading, and knows it is current: hidden again, nothing is read.
    s.destroy();
    const again = await startSession(db, id);
    const next = reader(again);
    await again.keepHomeIfStale(next.read);
    expect(next.calls()).toBe(0);
    addOrganization(again.doc, orgInput({ name: 'Lund' }), ALICE);
    await again.keepHomeIfStale(next.read);
    expect(next.calls()).toBe(1);
    await vi.waitFor(async () => expect(await keptOrganizations(db, id)).toBe(2));
  });

  it('is still valid on a later day: the day is not part of what must match', async () => {
    const { db, id, s } = await nordic('2026-03-10T20:00:00Z');
    s.keepHome(reader(s).read()!);
    await vi.waitFor(async () => expect(await keptOrganizations(db, id)).toBe(0));
    s.destroy();

    vi.setSystemTime(new Date('2026-03-11T07:00:00Z'));
    const morning = await startSession(db, id);
    const next = reader(morning);
    await morning.keepHomeIfStale(next.read);
    expect(next.calls()).toBe(0);
  });

  it('is read again on a day the kept one can no longer show (its events ran out)', async () => {
    const { s } = await nordic('2026-03-10T20:00:00Z');
    const home = reader(s);
    // As read with more events than it keeps, all of them over by the 12th.
    const event = (i: number) => ({
      id: `g${i}`,
      title: `Event ${i}`,
      start: '2026-03-10T09:00',
      timeZone: 'UTC',
      end: `2026-03-1${i % 2}T17:00`,
    });
    const upcoming = Array.from({ length: 20 }, (_, i) => event(i));
    s.keepHome({ ...home.read()!, upcoming, upcomingMore: true });
    await s.keepHomeIfStale(home.read);
    expect(home.calls()).toBe(1);

    vi.setSystemTime(new Date('2026-03-12T07:00:00Z'));
    await s.keepHomeIfStale(home.read);
    expect(home.calls()).toBe(2);
  });
});

/** A new federation "Nordic" on a new device database; the clock (Date only) set to `at` if given. */
async function nordic(at?: string) {
  if (at) {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(at));
  }
  const db = deviceDb();
  const id = newFederationId();
  const s = await startSession(db, id);
  const input = { name: 'Nordic', region: '', baseCurrency: 'SEK', languages: ['sv'] };
  initFederation(s.doc, input, ALICE);
  return { db, id, s };
}
