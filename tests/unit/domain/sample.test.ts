import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { changesSince } from '$lib/domain/changes';
import { listCouncils, validateCouncil } from '$lib/domain/councils';
import { readMeta } from '$lib/domain/federation';
import { listGatherings, validateGathering } from '$lib/domain/gatherings';
import { listMaterials, missedRevisions, validateMaterial } from '$lib/domain/materials';
import { changedSinceApproval, listMeetings, validateMeeting } from '$lib/domain/meetings';
import { listOrganizations, validateOrganization } from '$lib/domain/organizations';
import { listPeople, validatePerson } from '$lib/domain/people';
import { listProposals, validateProposal } from '$lib/domain/proposals';
import { listRequests, validateRequest } from '$lib/domain/requests';
import { buildSampleFederation, sampleCounts } from '$lib/domain/sample';
import { listTasks, validateTask } from '$lib/domain/tasks';

const NOW = '2026-06-01T09:00:00.000Z';

function snapshot(doc: Y.Doc) {
  const all = { includeRemoved: true };
  return {
    meta: readMeta(doc),
    organizations: listOrganizations(doc, all),
    people: listPeople(doc, all),
    requests: listRequests(doc, all),
    gatherings: listGatherings(doc, all),
    councils: listCouncils(doc, all),
    tasks: listTasks(doc, all),
    materials: listMaterials(doc, all),
    proposals: listProposals(doc, all),
    meetings: listMeetings(doc, all),
  };
}

function build(seed: number, history = false) {
  const doc = new Y.Doc();
  const summary = buildSampleFederation(doc, { seed, scale: 0.01, now: NOW, history });
  return { doc, summary, data: snapshot(doc) };
}

// Each build writes a few thousand records: slow on a busy two-core machine, never a hang.
describe('buildSampleFederation', { timeout: 60_000 }, () => {
  it('is the same federation for the same seed, and another for another seed', () => {
    const one = build(7, true);
    const two = build(7, true);
    expect(two.data).toEqual(one.data);
    expect(two.summary).toEqual(one.summary);
    expect(build(8, true).data.organizations).not.toEqual(one.data.organizations);
  });

  it('fills every area with records the forms would accept', () => {
    const { data, summary } = build(1, true);
    const counts = sampleCounts(0.01);
    expect(data.meta?.name).toBeTruthy();
    for (const [area, list] of Object.entries(data)) {
      if (area === 'meta') continue;
      expect(Array.isArray(list) && list.length, area).toBeGreaterThan(0);
    }
    expect(data.organizations).toHaveLength(counts.organizations);
    expect(data.people).toHaveLength(counts.people);
    expect(data.gatherings.length).toBe(counts.gatherings);
    expect(data.proposals).toHaveLength(counts.proposals);
    expect(data.meetings).toHaveLength(counts.meetings);
    const positions = data.proposals.reduce((n, p) => n + p.positions.length, 0);
    expect(positions).toBe(summary.positions);

    const errors = [
      ...data.organizations.map(validateOrganization),
      ...data.people.map(validatePerson),
      ...data.requests.map(validateRequest),
      ...data.gatherings.map(validateGathering),
      ...data.councils.map(validateCouncil),
      ...data.tasks.map(validateTask),
      ...data.materials.map(validateMaterial),
      ...data.proposals.map(validateProposal),
      ...data.meetings.map(validateMeeting),
    ].filter((e) => Object.keys(e).length);
    expect(errors).toEqual([]);
  });

  it('looks like years of use: lifecycles, names from many languages, history when asked', () => {
    const { data, summary } = build(3, true);
    const statuses = new Set(data.requests.map((r) => r.status));
    for (const s of ['new', 'planned', 'done', 'declined']) expect(statuses).toContain(s);
    expect(data.gatherings.some((g) => g.report)).toBe(true);
    expect(data.gatherings.some((g) => g.start > NOW.slice(0, 16))).toBe(true);
    expect(new Set(data.organizations.map((o) => o.country)).size).toBeGreaterThan(3);
    expect(data.people.some((p) => /[åäöøæéüñ]/i.test(p.name))).toBe(true);
    expect(data.meetings.some((m) => m.stage === 'approved' && !changedSinceApproval(m))).toBe(
      true,
    );
    expect(data.proposals.some((p) => p.closedAt)).toBe(true);
    expect(data.materials.some((m) => m.sourceId)).toBe(true);
    const byId = new Map(data.materials.map((m) => [m.id, m]));
    const outdated = data.materials.filter((m) => {
      const source = m.sourceId && byId.get(m.sourceId);
      return source && missedRevisions(m, source).length > 0;
    });
    expect(outdated.length).toBeGreaterThan(0);
    // The coordinator a demo device looks around as has open work.
    const mine = data.tasks.filter((t) => t.ownerId === summary.me && t.status !== 'done');
    expect(mine.length).toBeGreaterThan(0);
    // Edited several times: some organizations were changed after they were made.
    expect(data.organizations.some((o) => o.updatedAt > o.createdAt)).toBe(true);
    expect(data.requests.every((r) => r.createdAt < NOW)).toBe(true);
  });

  it('asks for each area in proportion to scale', () => {
    const one = sampleCounts(1);
    expect(one).toMatchObject({ organizations: 300, people: 3000, requests: 5000, meetings: 2000 });
    expect(sampleCounts(0.5).gatherings).toBe(one.gatherings / 2);
  });

  it('reads as entirely new to a device that has seen none of it', () => {
    const { doc, data } = build(5);
    const feed = changesSince(doc, new Map(), []);
    const active = data.organizations.filter((o) => !o.deletedAt).length;
    expect(feed.filter((c) => c.collection === 'organizations')).toHaveLength(active);
    expect(feed.every((c) => c.kind === 'new')).toBe(true);
  });
});
