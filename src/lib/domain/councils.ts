// Sub-councils: a mandate (what they decide alone, what they bring to the federation), members,
// a convener, the decision that created them and when the mandate is reviewed.
import * as Y from 'yjs';
import {
  assertNoErrors,
  assertWritable,
  byName,
  getEntity,
  insertEntity,
  listEntities,
  nowIso,
  observeRoot,
  patchEntity,
  readEntity,
  setRemoved,
  stamp,
  str,
  type Entity,
} from './entity';
import { DomainError, type FieldErrors } from './errors';
import { newId, type CouncilId, type OrganizationId, type PersonId } from './ids';
import { collection, LOCAL_EDIT, ROOT } from './schema';
import { isIsoDate } from './validate';

export interface CouncilInput {
  name: string;
  /** What the council may decide on its own. */
  mandateOwn: string;
  /** What it must bring to the federation. */
  mandateBring: string;
  convenerId: PersonId | '';
  /** The decision that created it (free text until decisions exist). */
  createdByDecision: string;
  /** "YYYY-MM-DD" when the mandate is reviewed, or ''. */
  reviewDate: string;
}

export interface CouncilMember {
  personId: PersonId;
  /** The organization they come from, as it was when they joined. */
  organizationId: OrganizationId | '';
  since: string;
}

export interface Council extends Entity<CouncilId>, CouncilInput {
  members: CouncilMember[];
}

const TEXT_FIELDS = ['mandateOwn', 'mandateBring'] as const;

/** An empty form. */
export function blankCouncil(): CouncilInput {
  return {
    name: '',
    mandateOwn: '',
    mandateBring: '',
    convenerId: '',
    createdByDecision: '',
    reviewDate: '',
  };
}

/** Field errors of a council form. */
export function validateCouncil(input: CouncilInput): FieldErrors<keyof CouncilInput> {
  const errors: FieldErrors<keyof CouncilInput> = {};
  if (!input.name.trim()) errors.name = 'error.required';
  else if (input.name.length > 200) errors.name = 'error.tooLong';
  if (input.reviewDate && !isIsoDate(input.reviewDate)) errors.reviewDate = 'error.date';
  if (input.mandateOwn.length > 20_000) errors.mandateOwn = 'error.tooLong';
  if (input.mandateBring.length > 20_000) errors.mandateBring = 'error.tooLong';
  return errors;
}

/** Adds a council; returns its id. */
export function addCouncil(doc: Y.Doc, input: CouncilInput, by: PersonId): CouncilId {
  const data = { ...blankCouncil(), ...input, name: input.name.trim() };
  assertNoErrors(validateCouncil(data), 'council');
  const id = newId<CouncilId>();
  doc.transact(() => {
    insertEntity(doc, ROOT.councils, id, { ...data }, by, TEXT_FIELDS);
    // Made with the council, never lazily, so members added on two devices are all kept.
    collection(doc, ROOT.councils).get(id)?.set('members', new Y.Map());
  }, LOCAL_EDIT);
  return id;
}

/** Changes the given fields only. */
export function updateCouncil(
  doc: Y.Doc,
  id: CouncilId,
  patch: Partial<CouncilInput>,
  by: PersonId,
): void {
  const current = getCouncil(doc, id);
  const data = patch.name === undefined ? patch : { ...patch, name: patch.name.trim() };
  if (current) assertNoErrors(validateCouncil({ ...current, ...data }), 'council');
  patchEntity(doc, ROOT.councils, id, { ...data }, by, TEXT_FIELDS);
}

/** Adds or removes a member; members added on two devices at once are all kept. */
export function setMember(
  doc: Y.Doc,
  id: CouncilId,
  personId: PersonId,
  member: { organizationId: OrganizationId | '' } | null,
  by: PersonId,
): void {
  assertWritable(doc);
  doc.transact(() => {
    const map = collection(doc, ROOT.councils).get(id);
    const members = map?.get('members');
    if (!map || !(members instanceof Y.Map)) throw new DomainError('error.notFound');
    if (member) members.set(personId, { organizationId: member.organizationId, since: nowIso() });
    else members.delete(personId);
    stamp(map, by);
  }, LOCAL_EDIT);
}

/** Removes a council (tombstone). */
export function removeCouncil(doc: Y.Doc, id: CouncilId, by: PersonId): void {
  setRemoved(doc, ROOT.councils, id, true, by);
}

/** Brings a removed council back. */
export function restoreCouncil(doc: Y.Doc, id: CouncilId, by: PersonId): void {
  setRemoved(doc, ROOT.councils, id, false, by);
}

function toCouncil(id: string, raw: Record<string, unknown>): Council {
  const members =
    raw.members && typeof raw.members === 'object' ? (raw.members as Record<string, unknown>) : {};
  return {
    ...readEntity<CouncilId>(raw, id),
    name: str(raw.name),
    mandateOwn: str(raw.mandateOwn),
    mandateBring: str(raw.mandateBring),
    convenerId: str(raw.convenerId) as PersonId | '',
    createdByDecision: str(raw.createdByDecision),
    reviewDate: str(raw.reviewDate),
    members: Object.entries(members)
      .filter((e): e is [string, Record<string, unknown>] => !!e[1] && typeof e[1] === 'object')
      .map(([personId, m]) => ({
        personId: personId as PersonId,
        organizationId: str(m.organizationId) as OrganizationId | '',
        since: str(m.since),
      }))
      .sort((a, b) => (a.personId < b.personId ? -1 : 1)),
  };
}

/** One council (removed ones too), or null. */
export function getCouncil(doc: Y.Doc, id: CouncilId): Council | null {
  return getEntity(doc, ROOT.councils, id, toCouncil);
}

/** Councils by name; removed ones on request. */
export function listCouncils(doc: Y.Doc, opts: { includeRemoved?: boolean } = {}): Council[] {
  return listEntities(doc, ROOT.councils, toCouncil, opts).sort(byName);
}

/** Councils whose mandate is due for review on or before `today` ("YYYY-MM-DD"). */
export function dueForReview(councils: Council[], today: string): Council[] {
  return councils.filter((c) => !c.deletedAt && c.reviewDate && c.reviewDate <= today);
}

/** Calls `onChange` after every change to any council; returns the unsubscribe. */
export function observeCouncils(doc: Y.Doc, onChange: () => void): () => void {
  return observeRoot(doc, ROOT.councils, onChange);
}
