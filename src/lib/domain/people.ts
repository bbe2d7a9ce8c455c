// People of the federation: who can be sent where (languages, topics, skills, availability).
import type * as Y from 'yjs';
import {
  assertNoErrors,
  byName,
  getEntity,
  insertEntity,
  listEntities,
  observeRoot,
  patchEntity,
  readEntity,
  setRemoved,
  str,
  strList,
  type Entity,
} from './entity';
import { DomainError, type FieldErrors } from './errors';
import { newId, type OrganizationId, type PersonId } from './ids';
import { collection, ROOT } from './schema';
import { canonicalLanguage, isCountryCode, isEmail, isIsoDate, isLanguageTag } from './validate';

export const TRAVEL_WILLINGNESS = ['no', 'region', 'country', 'anywhere'] as const;
export type TravelWillingness = (typeof TRAVEL_WILLINGNESS)[number];

/** Skills the app suggests; people may list others too. */
export const SUGGESTED_SKILLS = [
  'facilitation',
  'training',
  'translation',
  'finance',
  'design',
  'writing',
  'organizing',
  'tech',
] as const;

/** An inclusive range of calendar dates, "YYYY-MM-DD". */
export interface DateRange {
  from: string;
  to: string;
}

export interface PersonInput {
  name: string;
  /** Home organization, or '' when none. */
  organizationId: OrganizationId | '';
  country: string;
  city: string;
  languages: string[];
  /** What they can speak or train on, lower case ("economics", "councils"). */
  topics: string[];
  skills: string[];
  /** When they are free to travel; empty means not stated. */
  availability: DateRange[];
  availabilityNotes: string;
  email: string;
  phone: string;
  travel: TravelWillingness;
}

export interface Person extends Entity<PersonId>, PersonInput {}

/** An empty form. */
export function blankPerson(): PersonInput {
  return {
    name: '',
    organizationId: '',
    country: '',
    city: '',
    languages: [],
    topics: [],
    skills: [],
    availability: [],
    availabilityNotes: '',
    email: '',
    phone: '',
    travel: 'region',
  };
}

/** Field errors of a person form; empty when it can be saved. */
export function validatePerson(input: PersonInput): FieldErrors<keyof PersonInput> {
  const errors: FieldErrors<keyof PersonInput> = {};
  if (!input.name.trim()) errors.name = 'error.required';
  else if (input.name.length > 200) errors.name = 'error.tooLong';
  if (input.country && !isCountryCode(input.country)) errors.country = 'error.country';
  if (!input.languages.every(isLanguageTag)) errors.languages = 'error.language';
  if (input.email && !isEmail(input.email)) errors.email = 'error.email';
  if (!TRAVEL_WILLINGNESS.includes(input.travel)) errors.travel = 'error.required';
  const badRange = input.availability.some(
    (r) => !isIsoDate(r.from) || !isIsoDate(r.to) || r.to < r.from,
  );
  if (badRange) errors.availability = 'error.dateRange';
  return errors;
}

/** Lower-cased, trimmed, de-duplicated tags. */
export function cleanTags(tags: string[]): string[] {
  return [...new Set(tags.map((t) => t.trim().toLocaleLowerCase()).filter(Boolean))];
}

function clean(input: Partial<PersonInput>): Partial<PersonInput> {
  const out: Partial<PersonInput> = { ...input };
  if (out.name !== undefined) out.name = out.name.trim();
  if (out.country !== undefined) out.country = out.country.trim().toUpperCase();
  if (out.languages !== undefined)
    out.languages = [...new Set(out.languages.map(canonicalLanguage))];
  if (out.topics !== undefined) out.topics = cleanTags(out.topics);
  if (out.skills !== undefined) out.skills = cleanTags(out.skills);
  if (out.email !== undefined) out.email = out.email.trim();
  if (out.availability !== undefined)
    out.availability = out.availability.map((r) => ({ from: r.from, to: r.to }));
  return out;
}

function assertValid(input: PersonInput): void {
  assertNoErrors(validatePerson(input), 'person');
}

/** Adds a person; `id` may be given to make this device's profile a person of the federation. */
export function addPerson(
  doc: Y.Doc,
  input: PersonInput,
  by: PersonId,
  id: PersonId = newId<PersonId>(),
): PersonId {
  const data = { ...blankPerson(), ...clean(input) };
  assertValid(data);
  if (collection(doc, ROOT.people).has(id)) throw new DomainError('error.exists');
  insertEntity(doc, ROOT.people, id, { ...data }, by, ['availabilityNotes']);
  return id;
}

/** Changes the given fields only. */
export function updatePerson(
  doc: Y.Doc,
  id: PersonId,
  patch: Partial<PersonInput>,
  by: PersonId,
): void {
  const current = getPerson(doc, id);
  const data = clean(patch);
  if (current) assertValid({ ...current, ...data });
  patchEntity(doc, ROOT.people, id, { ...data }, by, ['availabilityNotes']);
}

/** Removes a person (tombstone); events that named them keep the name and show a warning. */
export function removePerson(doc: Y.Doc, id: PersonId, by: PersonId): void {
  setRemoved(doc, ROOT.people, id, true, by);
}

/** Brings a removed person back. */
export function restorePerson(doc: Y.Doc, id: PersonId, by: PersonId): void {
  setRemoved(doc, ROOT.people, id, false, by);
}

function toRanges(v: unknown): DateRange[] {
  if (!Array.isArray(v)) return [];
  return v
    .filter(
      (r): r is DateRange =>
        !!r && typeof r === 'object' && typeof r.from === 'string' && typeof r.to === 'string',
    )
    .map((r) => ({ from: r.from, to: r.to }));
}

function toPerson(id: string, raw: Record<string, unknown>): Person {
  const travel = str(raw.travel) as TravelWillingness;
  return {
    ...readEntity<PersonId>(raw, id),
    name: str(raw.name),
    organizationId: str(raw.organizationId) as OrganizationId | '',
    country: str(raw.country),
    city: str(raw.city),
    languages: strList(raw.languages),
    topics: strList(raw.topics),
    skills: strList(raw.skills),
    availability: toRanges(raw.availability),
    availabilityNotes: str(raw.availabilityNotes),
    email: str(raw.email),
    phone: str(raw.phone),
    travel: TRAVEL_WILLINGNESS.includes(travel) ? travel : 'region',
  };
}

/** One person (removed ones too), or null. */
export function getPerson(doc: Y.Doc, id: PersonId): Person | null {
  return getEntity(doc, ROOT.people, id, toPerson);
}

/** People sorted by name then id; removed ones on request. */
export function listPeople(doc: Y.Doc, opts: { includeRemoved?: boolean } = {}): Person[] {
  return listEntities(doc, ROOT.people, toPerson, opts).sort(byName);
}

/** Calls `onChange` after every change to any person; returns the unsubscribe. */
export function observePeople(doc: Y.Doc, onChange: () => void): () => void {
  return observeRoot(doc, ROOT.people, onChange);
}
