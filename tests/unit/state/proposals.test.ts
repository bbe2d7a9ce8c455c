// ProposalsState remembers each proposal's decision (a list asks for it on every render) and must
// never serve a stale one: a new position, another electorate or a passing deadline each change it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decide, type Electorate } from '$lib/domain/decisions';
import { addProposal, blankProposal, castPosition, getProposal } from '$lib/domain/proposals';
import { ProposalsState } from '$lib/state/proposals.svelte';
import { ALICE, BOB, newFederationDoc } from '../domain/helpers';

afterEach(() => vi.useRealTimers());

describe('ProposalsState.decision', () => {
  it('is remembered until a position, the electorate or the deadline changes it', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-03-01T10:00:00Z'));
    const doc = newFederationDoc();
    let electorate: Electorate = {
      organizations: [],
      people: [
        { id: ALICE, deletedAt: null },
        { id: BOB, deletedAt: null },
      ],
      councils: [],
    };
    const proposals = new ProposalsState(
      doc,
      () => ALICE,
      () => electorate,
    );
    const input = { ...blankProposal(), title: 'Dues', deadline: '2026-03-02T10:00:00.000Z' };
    const id = addProposal(doc, input, ALICE);
    const now = () => new Date().toISOString();
    const read = () => getProposal(doc, id)!;

    const first = proposals.decision(read());
    expect(proposals.decision(read())).toBe(first);
    expect(first).toEqual(decide(read(), electorate, now()));
    expect(first.closed).toBe(false);

    castPosition(doc, id, { voterId: ALICE, value: 'agree' }, ALICE);
    const voted = proposals.decision(read());
    expect(voted).not.toBe(first);
    expect(voted).toEqual(decide(read(), electorate, now()));
    expect(voted.counted).toHaveLength(1);

    electorate = { ...electorate, people: [{ id: ALICE, deletedAt: null }] };
    const fewer = proposals.decision(read());
    expect(fewer).not.toBe(voted);
    expect(fewer).toEqual(decide(read(), electorate, now()));

    vi.setSystemTime(new Date('2026-03-02T10:00:01Z'));
    const closed = proposals.decision(read());
    expect(closed.closed).toBe(true);
    expect(closed).toEqual(decide(read(), electorate, now()));
  });
});
