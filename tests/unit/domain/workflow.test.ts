import { describe, expect, it } from 'vitest';
import { blankGathering, getGathering, listGatherings } from '$lib/domain/gatherings';
import type { GatheringId, RequestId } from '$lib/domain/ids';
import {
  addRequest,
  blankRequest,
  changeStatus,
  getRequest,
  listRequests,
  type HelpRequestInput,
  type RequestStatus,
} from '$lib/domain/requests';
import { metaMap, SCHEMA_VERSION } from '$lib/domain/schema';
import { planGathering, writeReport } from '$lib/domain/workflow';
import { ALICE, BOB, newFederationDoc, stateOf } from './helpers';

const event = {
  ...blankGathering('Europe/Tallinn'),
  title: 'Intro workshop',
  start: '2026-06-01T10:00',
  end: '2026-06-01T16:00',
};
const report = { text: 'Good day.', participants: 11, followUpWanted: false, followUpNotes: '' };

function request(status: RequestStatus[] = [], o: Partial<HelpRequestInput> = {}) {
  const doc = newFederationDoc();
  const input = {
    ...blankRequest(),
    title: 'Start a chapter',
    groupName: 'Tartu five',
    topics: ['councils'],
    preferredFrom: '2026-05-01',
    ...o,
  };
  const id: RequestId = addRequest(doc, input, ALICE);
  for (const s of status) changeStatus(doc, id, s, ALICE);
  return { doc, id };
}

function planned(o: Partial<HelpRequestInput> = {}) {
  const { doc, id } = request(['accepted'], o);
  const eventId: GatheringId = planGathering(doc, id, event, BOB);
  return { doc, id, eventId };
}

describe('workflow', () => {
  it('planGathering on an accepted request links the event and marks it planned', () => {
    const { doc, id, eventId } = planned();
    expect(getGathering(doc, eventId)).toMatchObject({ title: 'Intro workshop', requestIds: [id] });
    const r = getRequest(doc, id)!;
    expect(r.status).toBe('planned');
    expect(r.history.at(-1)).toMatchObject({ status: 'planned', by: BOB, seq: 3 });
  });

  it('planGathering on a new request links the event; the status stays new', () => {
    const { doc, id } = request();
    const eventId = planGathering(doc, id, event, BOB);
    expect(getGathering(doc, eventId)?.requestIds).toEqual([id]);
    expect(getRequest(doc, id)?.history.map((c) => c.status)).toEqual(['new']);
  });

  it('writeReport stores the report and closes planned requests as done', () => {
    const { doc, id, eventId } = planned();
    const other = addRequest(doc, { ...blankRequest(), title: 'x', groupName: 'y' }, ALICE);
    changeStatus(doc, other, 'accepted', ALICE);
    expect(writeReport(doc, eventId, report, BOB)).toEqual([]);
    expect(getGathering(doc, eventId)?.report).toMatchObject({ ...report, writtenBy: BOB });
    expect(getRequest(doc, id)?.status).toBe('done');
    expect(getRequest(doc, other)?.status).toBe('accepted');
  });

  it('a wanted follow-up opens a new request and marks the original followed up', () => {
    const { doc, id, eventId } = planned({ contactName: 'Mari', country: 'EE' });
    const followUp = {
      ...report,
      followUpWanted: true,
      followUpNotes: 'A second day on councils.',
    };
    const created = writeReport(doc, eventId, followUp, BOB);
    expect(created).toHaveLength(1);
    expect(getRequest(doc, id)?.history.map((c) => c.status)).toEqual([
      'new',
      'accepted',
      'planned',
      'done',
      'followed-up',
    ]);
    expect(getRequest(doc, created[0]!)).toMatchObject({
      title: 'Start a chapter',
      followUpOf: id,
      status: 'new',
      groupName: 'Tartu five',
      contactName: 'Mari',
      country: 'EE',
      topics: ['councils'],
      description: 'A second day on councils.',
      preferredFrom: '',
      createdBy: BOB,
      candidates: [],
    });
    expect(getRequest(doc, created[0]!)?.history).toHaveLength(1);
    expect(getGathering(doc, eventId)?.report?.text).toBe('Good day.');
    // Writing the report again opens no second follow-up.
    expect(writeReport(doc, eventId, followUp, BOB)).toEqual([]);
    expect(listRequests(doc)).toHaveLength(2);
  });

  // Regression, fixed: workflow.ts followUpOf appends " (follow-up)" to a title that may already be 200 chars;
  // addRequest then throws error.tooLong mid-transaction, after the report and "done" were written.
  it('a follow-up of a request with a 200-character title is created', () => {
    const { doc, id, eventId } = planned({ title: 't'.repeat(200) });
    const followUp = { ...report, followUpWanted: true, followUpNotes: 'More.' };
    expect(writeReport(doc, eventId, followUp, BOB)).toHaveLength(1);
    expect(getRequest(doc, id)?.status).toBe('followed-up');
  });

  it('a document from a newer app is read-only: both writes throw and change nothing', () => {
    const { doc, id, eventId } = planned();
    metaMap(doc).set('schemaVersion', SCHEMA_VERSION + 1);
    const before = stateOf(doc);
    const readOnly = expect.objectContaining({ code: 'error.readOnlyNewerVersion' });
    expect(() => planGathering(doc, id, event, ALICE)).toThrow(readOnly);
    expect(() => writeReport(doc, eventId, report, ALICE)).toThrow(readOnly);
    expect(stateOf(doc)).toEqual(before);
    expect(listGatherings(doc)).toHaveLength(1);
  });
});
