// Who could answer a request: suggestions by language, topic, availability and distance, and the
// record of whom the coordinator asked and what they answered.
import * as Y from 'yjs';
import { assertWritable, nowIso } from './entity';
import { DomainError } from './errors';
import type { PersonId, RequestId } from './ids';
import type { DateRange, Person } from './people';
import {
  CANDIDATE_STATES,
  requestMap,
  type Candidate,
  type CandidateState,
  type HelpRequest,
} from './requests';
import { LOCAL_EDIT } from './schema';

export type MatchReason = 'language' | 'topic' | 'available' | 'sameCountry' | 'travels';

export interface Suggestion {
  person: Person;
  score: number;
  reasons: MatchReason[];
  /** Topics of the request this person can speak on. */
  topics: string[];
}

function overlaps(ranges: DateRange[], from: string, to: string): boolean {
  return ranges.some((r) => r.from <= to && r.to >= from);
}

/**
 * People who could go, best first: the request's language weighs most (4), then each shared topic
 * (3), then dates and distance (2 each; 1 for travelling anywhere). Ties go by name, so every
 * device agrees; people with no reason at all are not suggested.
 */
export function suggestPeople(request: HelpRequest, people: Person[]): Suggestion[] {
  const from = request.preferredFrom || request.preferredTo;
  const to = request.preferredTo || request.preferredFrom;
  const out: Suggestion[] = [];
  for (const person of people) {
    if (person.deletedAt) continue;
    const reasons: MatchReason[] = [];
    let score = 0;
    const language = request.language.toLowerCase().split('-')[0];
    if (language && person.languages.some((l) => l.toLowerCase().split('-')[0] === language)) {
      reasons.push('language');
      score += 4;
    }
    const topics = request.topics.filter((t) => person.topics.includes(t));
    if (topics.length) {
      reasons.push('topic');
      score += 3 * topics.length;
    }
    if (from && overlaps(person.availability, from, to)) {
      reasons.push('available');
      score += 2;
    }
    if (request.country && person.country === request.country) {
      reasons.push('sameCountry');
      score += 2;
    } else if (request.mode !== 'online' && person.travel === 'anywhere') {
      reasons.push('travels');
      score += 1;
    }
    if (score > 0) out.push({ person, score, reasons, topics });
  }
  return out.sort(
    (a, b) =>
      b.score - a.score ||
      (a.person.name < b.person.name
        ? -1
        : a.person.name > b.person.name
          ? 1
          : a.person.id < b.person.id
            ? -1
            : 1),
  );
}

/** Records that a person was asked, agreed or declined; one current answer per person. */
export function setCandidate(
  doc: Y.Doc,
  requestId: RequestId,
  personId: PersonId,
  state: CandidateState,
  by: PersonId,
  note = '',
): void {
  assertWritable(doc);
  if (!CANDIDATE_STATES.includes(state)) throw new DomainError('error.required');
  doc.transact(() => {
    const candidates = requestMap(doc, requestId).get('candidates');
    if (!(candidates instanceof Y.Map)) throw new DomainError('error.notFound');
    const entry: Candidate = { personId, state, note: note.trim(), at: nowIso(), by };
    candidates.set(personId, entry);
  }, LOCAL_EDIT);
}

/** Takes a person off a request's list of candidates. */
export function removeCandidate(doc: Y.Doc, requestId: RequestId, personId: PersonId): void {
  assertWritable(doc);
  doc.transact(() => {
    const candidates = requestMap(doc, requestId).get('candidates');
    if (candidates instanceof Y.Map) candidates.delete(personId);
  }, LOCAL_EDIT);
}
