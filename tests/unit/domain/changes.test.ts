import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { changesSince, FEED_COLLECTIONS } from '$lib/domain/changes';
import { addMeeting, addAgendaItem, blankMeeting, setMinutes } from '$lib/domain/meetings';
import {
  addOrganization,
  removeOrganization,
  restoreOrganization,
  updateOrganization,
} from '$lib/domain/organizations';
import { addProposal, blankProposal, castPosition } from '$lib/domain/proposals';
import { addRequest, blankRequest } from '$lib/domain/requests';
import { ROOT } from '$lib/domain/schema';
import { withClock } from '$lib/domain/time';
import { ALICE, BOB, fork, newFederationDoc, orgInput, sync } from './helpers';

const CAROL = 'person-carol' as typeof ALICE;

/** Device B's view: its marker (what it had seen) and the clients it wrote with. */
function lookingDevice(b: Y.Doc) {
  const own = new Set([b.clientID]);
  let marker = Y.encodeStateVector(b);
  return {
    feed: () => changesSince(b, marker, own),
    markSeen: () => (marker = Y.encodeStateVector(b)),
    own,
  };
}

function request(title: string) {
  return { ...blankRequest(), title, groupName: 'Study group in Tromsø' };
}

describe('changesSince', () => {
  it('shows what A added on B, and nothing of B’s own', () => {
    const a = newFederationDoc();
    const b = fork(a);
    const seen = lookingDevice(b);
    const markerOfA = Y.encodeStateVector(a);
    const orgA = addOrganization(a, orgInput({ name: 'Oslo Commons' }), ALICE);
    const reqA = addRequest(a, request('Workshop in Tromsø'), ALICE);
    const orgB = addOrganization(b, orgInput({ name: 'Bergen chapter' }), BOB);
    sync(a, b);

    const feed = seen.feed();
    expect(feed.map((c) => [c.collection, c.id, c.kind, c.title, c.by])).toEqual([
      ['organizations', orgA, 'new', 'Oslo Commons', [ALICE]],
      ['requests', reqA, 'new', 'Workshop in Tromsø', [ALICE]],
    ]);
    // A's feed, symmetrically, holds only B's organization.
    expect(changesSince(a, markerOfA, [a.clientID]).map((c) => [c.id, c.kind, c.by])).toEqual([
      [orgB, 'new', [BOB]],
    ]);
  });

  it('lists a changed entity with the fields others changed, even when edits were concurrent', () => {
    const a = newFederationDoc();
    const id = addOrganization(a, orgInput({ name: 'Malmö chapter' }), ALICE);
    const b = fork(a);
    const seen = lookingDevice(b);
    const markerOfA = Y.encodeStateVector(a);
    updateOrganization(a, id, { city: 'Lund', notes: 'Meets on Tuesdays' }, ALICE);
    updateOrganization(b, id, { stage: 'growing', city: 'Malmö C' }, BOB);
    sync(a, b);

    const [change, ...rest] = seen.feed();
    expect(rest).toEqual([]);
    expect(change).toMatchObject({ collection: 'organizations', id, kind: 'changed' });
    expect(change?.fields).toEqual(['city', 'notes', 'updatedAt', 'updatedBy']);
    // Who wrote a value that lost to a concurrent write is gone with it: never the wrong person.
    expect(change?.by).not.toContain(BOB);
    // The same moment seen from A: B's fields, not A's.
    const fromA = changesSince(a, markerOfA, [a.clientID]);
    expect(fromA.map((c) => [c.id, c.kind, c.fields])).toEqual([
      [id, 'changed', ['city', 'stage', 'updatedAt', 'updatedBy']],
    ]);
  });

  it('shows a remove as removed, a restore as changed, and nothing for added-then-removed', () => {
    const a = newFederationDoc();
    const kept = addOrganization(a, orgInput({ name: 'Göteborg' }), ALICE);
    const back = addOrganization(a, orgInput({ name: 'Umeå' }), ALICE);
    removeOrganization(a, back, ALICE);
    const b = fork(a);
    const seen = lookingDevice(b);
    removeOrganization(a, kept, ALICE);
    restoreOrganization(a, back, ALICE);
    const gone = addOrganization(a, orgInput({ name: 'Short-lived' }), ALICE);
    removeOrganization(a, gone, ALICE);
    sync(a, b);

    expect(seen.feed().map((c) => [c.id, c.kind])).toEqual(
      expect.arrayContaining([
        [kept, 'removed'],
        [back, 'changed'],
      ]),
    );
    expect(seen.feed()).toHaveLength(2);
  });

  it('is empty after mark-seen, and shows the next change again', () => {
    const a = newFederationDoc();
    const b = fork(a);
    const seen = lookingDevice(b);
    const id = addOrganization(a, orgInput(), ALICE);
    sync(a, b);
    expect(seen.feed()).toHaveLength(1);
    seen.markSeen();
    expect(seen.feed()).toEqual([]);
    updateOrganization(a, id, { city: 'Lund' }, ALICE);
    sync(a, b);
    expect(seen.feed().map((c) => c.kind)).toEqual(['changed']);
  });

  it('shows edits of a device that was offline for a week, whatever their timestamps', () => {
    const a = newFederationDoc();
    const id = addOrganization(a, orgInput({ name: 'Oslo Commons' }), ALICE);
    const c = fork(a);
    // C edits on a train a week ago and stays offline.
    withClock(
      () => '2020-01-01T10:00:00.000Z',
      () => updateOrganization(c, id, { city: 'Trondheim' }, CAROL),
    );
    const b = fork(a);
    const seen = lookingDevice(b);
    addRequest(a, request('Talk in Bergen'), ALICE);
    sync(a, b);
    seen.markSeen();
    const seenAt = new Date().toISOString();
    expect(seen.feed()).toEqual([]);

    sync(c, a);
    sync(a, b);
    const feed = seen.feed();
    expect(feed.map((x) => [x.id, x.kind, x.by])).toEqual([[id, 'changed', [CAROL]]]);
    // A timestamp rule would have missed it: its updatedAt is long before B's marker.
    expect((feed[0]?.at ?? seenAt) < seenAt).toBe(true);
  });

  it('finds positions on proposals and minutes typed in a meeting, with who did it', () => {
    const a = newFederationDoc();
    const p = addProposal(a, { ...blankProposal(), title: 'Accept Lund' }, BOB);
    const m = addMeeting(
      a,
      { ...blankMeeting('Europe/Stockholm'), title: 'Regional meeting', start: '2026-03-01T18:00' },
      BOB,
    );
    const item = addAgendaItem(a, m, { title: 'Reports' }, BOB);
    const b = fork(a);
    const seen = lookingDevice(b);
    castPosition(a, p, { voterId: ALICE, value: 'agree' }, ALICE);
    setMinutes(a, m, item, 'Oslo reported.', CAROL);
    sync(a, b);

    expect(seen.feed().map((c) => [c.collection, c.kind, c.fields, c.by])).toEqual([
      ['proposals', 'changed', ['positions'], [ALICE]],
      ['meetings', 'changed', ['agenda', 'updatedAt', 'updatedBy'], [CAROL]],
    ]);
  });

  it('never counts edits made on this device in an earlier session', () => {
    const a = newFederationDoc();
    const id = addOrganization(a, orgInput(), ALICE);
    const b = fork(a);
    const seen = lookingDevice(b);
    // The app reloads: a new Y.Doc (new client id) over the same stored copy.
    const again = fork(b);
    seen.own.add(again.clientID);
    updateOrganization(again, id, { city: 'Lund' }, BOB);
    sync(again, b);
    expect(seen.feed()).toEqual([]);
  });

  it('covers every collection of the schema and the ledger, not the settings maps', () => {
    expect([...FEED_COLLECTIONS].sort()).toEqual(
      Object.values(ROOT)
        .filter((k) => k !== 'meta' && k !== 'fund')
        .sort(),
    );
  });
});
