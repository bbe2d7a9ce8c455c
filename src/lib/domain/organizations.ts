// Member organizations and chapters: the first area, and the pattern every later area copies.
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
import type { FieldErrors } from './errors';
import { newId, type OrganizationId, type PersonId } from './ids';
import { ROOT } from './schema';
import {
  canonicalLanguage,
  isCountryCode,
  isEmail,
  isHttpUrl,
  isIsoDate,
  isLanguageTag,
} from './validate';

export const ORGANIZATION_STAGES = ['forming', 'new', 'growing', 'established'] as const;
export type OrganizationStage = (typeof ORGANIZATION_STAGES)[number];

export interface OrganizationInput {
  name: string;
  /** ISO 3166-1 alpha-2, e.g. "SE"; '' when not known. */
  country: string;
  city: string;
  stage: OrganizationStage;
  contactName: string;
  contactEmail: string;
  website: string;
  /** BCP 47 tags, e.g. ["sv", "en"]. */
  languages: string[];
  /** Free text, stored as Y.Text so two people can edit it at once. */
  notes: string;
  /** "YYYY-MM-DD", or '' when not (yet) a member. */
  memberSince: string;
}

export interface Organization extends Entity<OrganizationId>, OrganizationInput {}

const TEXT_FIELDS = ['notes'] as const;

/** An empty form. */
export function blankOrganization(): OrganizationInput {
  return {
    name: '',
    country: '',
    city: '',
    stage: 'forming',
    contactName: '',
    contactEmail: '',
    website: '',
    languages: [],
    notes: '',
    memberSince: '',
  };
}

/** Field errors of an organization form; empty when it can be saved. */
export function validateOrganization(
  input: OrganizationInput,
): FieldErrors<keyof OrganizationInput> {
  const errors: FieldErrors<keyof OrganizationInput> = {};
  if (!input.name.trim()) errors.name = 'error.required';
  else if (input.name.length > 200) errors.name = 'error.tooLong';
  if (input.country && !isCountryCode(input.country)) errors.country = 'error.country';
  if (!ORGANIZATION_STAGES.includes(input.stage)) errors.stage = 'error.required';
  if (input.contactEmail && !isEmail(input.contactEmail)) errors.contactEmail = 'error.email';
  if (input.website && !isHttpUrl(input.website)) errors.website = 'error.url';
  if (!input.languages.every(isLanguageTag)) errors.languages = 'error.language';
  if (input.memberSince && !isIsoDate(input.memberSince)) errors.memberSince = 'error.date';
  if (input.notes.length > 20_000) errors.notes = 'error.tooLong';
  return errors;
}

function clean(input: Partial<OrganizationInput>): Partial<OrganizationInput> {
  const out: Partial<OrganizationInput> = { ...input };
  if (out.name !== undefined) out.name = out.name.trim();
  if (out.country !== undefined) out.country = out.country.trim().toUpperCase();
  if (out.city !== undefined) out.city = out.city.trim();
  if (out.contactEmail !== undefined) out.contactEmail = out.contactEmail.trim();
  if (out.website !== undefined) out.website = out.website.trim();
  if (out.languages !== undefined)
    out.languages = [...new Set(out.languages.map(canonicalLanguage))];
  return out;
}

function assertValid(input: OrganizationInput): void {
  assertNoErrors(validateOrganization(input), 'organization');
}

/** Adds an organization and returns its id. */
export function addOrganization(
  doc: Y.Doc,
  input: OrganizationInput,
  by: PersonId,
): OrganizationId {
  const data = { ...blankOrganization(), ...clean(input) };
  assertValid(data);
  const id = newId<OrganizationId>();
  insertEntity(doc, ROOT.organizations, id, { ...data }, by, TEXT_FIELDS);
  return id;
}

/** Changes the given fields only; a concurrent edit of another field survives. */
export function updateOrganization(
  doc: Y.Doc,
  id: OrganizationId,
  patch: Partial<OrganizationInput>,
  by: PersonId,
): void {
  const current = getOrganization(doc, id);
  const data = clean(patch);
  if (current) assertValid({ ...current, ...data });
  patchEntity(doc, ROOT.organizations, id, { ...data }, by, TEXT_FIELDS);
}

/** Removes an organization with a tombstone; `restoreOrganization` undoes it. */
export function removeOrganization(doc: Y.Doc, id: OrganizationId, by: PersonId): void {
  setRemoved(doc, ROOT.organizations, id, true, by);
}

/** Clears the tombstone of a removed organization. */
export function restoreOrganization(doc: Y.Doc, id: OrganizationId, by: PersonId): void {
  setRemoved(doc, ROOT.organizations, id, false, by);
}

function toOrganization(id: string, raw: Record<string, unknown>): Organization {
  const stage = str(raw.stage) as OrganizationStage;
  return {
    ...readEntity<OrganizationId>(raw, id),
    name: str(raw.name),
    country: str(raw.country),
    city: str(raw.city),
    stage: ORGANIZATION_STAGES.includes(stage) ? stage : 'forming',
    contactName: str(raw.contactName),
    contactEmail: str(raw.contactEmail),
    website: str(raw.website),
    languages: strList(raw.languages),
    notes: str(raw.notes),
    memberSince: str(raw.memberSince),
  };
}

/** One organization (removed ones too), or null if the id is unknown. */
export function getOrganization(doc: Y.Doc, id: OrganizationId): Organization | null {
  return getEntity(doc, ROOT.organizations, id, toOrganization);
}

/** Organizations sorted by name then id (the same order on every device); removed ones on request. */
export function listOrganizations(
  doc: Y.Doc,
  opts: { includeRemoved?: boolean } = {},
): Organization[] {
  return listEntities(doc, ROOT.organizations, toOrganization, opts).sort(byName);
}

/** Calls `onChange` after every change to any organization; returns the unsubscribe. */
export function observeOrganizations(doc: Y.Doc, onChange: () => void): () => void {
  return observeRoot(doc, ROOT.organizations, onChange);
}
