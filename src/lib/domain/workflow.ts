// The chain from a call for help to a report: planning an event for a request, and closing the
// request (or opening a follow-up) when the report is written.
import type * as Y from 'yjs';
import { addGathering, getGathering, type GatheringInput } from './gatherings';
import type { GatheringId, PersonId, RequestId } from './ids';
import { setReport, type Report } from './programme';
import {
  addRequest,
  blankRequest,
  changeStatus,
  getRequest,
  NEXT_STATUSES,
  type HelpRequest,
  type HelpRequestInput,
} from './requests';
import { LOCAL_EDIT } from './schema';

/** Creates an event answering a request and marks the request planned when it was accepted. */
export function planGathering(
  doc: Y.Doc,
  requestId: RequestId,
  input: GatheringInput,
  by: PersonId,
): GatheringId {
  let id: GatheringId | undefined;
  doc.transact(() => {
    id = addGathering(doc, input, by, [requestId]);
    const request = getRequest(doc, requestId);
    if (request && NEXT_STATUSES[request.status].includes('planned'))
      changeStatus(doc, requestId, 'planned', by);
  }, LOCAL_EDIT);
  return id as GatheringId;
}

// The follow-up keeps the original's title; the link (followUpOf) is what the screens show.
function followUpOf(request: HelpRequest, notes: string): HelpRequestInput {
  const input: HelpRequestInput = { ...blankRequest(), followUpOf: request.id, description: notes };
  for (const field of FOLLOW_UP_FIELDS)
    (input as unknown as Record<string, unknown>)[field] = request[field];
  return input;
}

const FOLLOW_UP_FIELDS = [
  'title',
  'kind',
  'fromOrganizationId',
  'groupName',
  'contactName',
  'contactEmail',
  'country',
  'city',
  'groupSize',
  'topics',
  'language',
  'mode',
  'place',
  'expectedPeople',
  'contributions',
  'contributionNotes',
] as const;

/**
 * Writes an event's report. Each linked request that was planned becomes done; if a follow-up
 * is wanted, each gets a new follow-up request and is marked followed up. Returns the new ids.
 */
export function writeReport(
  doc: Y.Doc,
  id: GatheringId,
  report: Omit<Report, 'writtenAt' | 'writtenBy'>,
  by: PersonId,
): RequestId[] {
  const created: RequestId[] = [];
  doc.transact(() => {
    setReport(doc, id, report, by);
    for (const requestId of getGathering(doc, id)?.requestIds ?? []) {
      const request = getRequest(doc, requestId);
      if (!request || request.deletedAt) continue;
      if (NEXT_STATUSES[request.status].includes('done')) changeStatus(doc, requestId, 'done', by);
      if (!report.followUpWanted || getRequest(doc, requestId)?.status !== 'done') continue;
      created.push(addRequest(doc, followUpOf(request, report.followUpNotes), by));
      changeStatus(doc, requestId, 'followed-up', by);
    }
  }, LOCAL_EDIT);
  return created;
}
