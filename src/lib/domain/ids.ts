// Ids and secrets: the only domain module the relay may import (DESIGN.md, "Layout").

export type FederationId = string & { readonly brand: 'FederationId' };
export type PersonId = string & { readonly brand: 'PersonId' };
export type OrganizationId = string & { readonly brand: 'OrganizationId' };
export type RequestId = string & { readonly brand: 'RequestId' };
export type GatheringId = string & { readonly brand: 'GatheringId' };
export type CouncilId = string & { readonly brand: 'CouncilId' };
export type TaskId = string & { readonly brand: 'TaskId' };
export type MaterialId = string & { readonly brand: 'MaterialId' };
export type ProposalId = string & { readonly brand: 'ProposalId' };
export type MeetingId = string & { readonly brand: 'MeetingId' };
export type AccountId = string & { readonly brand: 'AccountId' };
export type LedgerEntryId = string & { readonly brand: 'LedgerEntryId' };
export type ApplicationId = string & { readonly brand: 'ApplicationId' };
export type ExpenseRequestId = string & { readonly brand: 'ExpenseRequestId' };
export type BudgetId = string & { readonly brand: 'BudgetId' };

/** URL-safe federation ids: 16–64 characters of base64url (the relay refuses anything else). */
export const FEDERATION_ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
/** Member and observer secrets: 32–128 characters of base64url. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{32,128}$/;

/** Whether a string may name a federation (URL-safe, long enough to be unguessable). */
export function isFederationId(value: unknown): value is FederationId {
  return typeof value === 'string' && FEDERATION_ID_PATTERN.test(value);
}

/** Whether a string has the shape of a member or observer token. */
export function isToken(value: unknown): value is string {
  return typeof value === 'string' && TOKEN_PATTERN.test(value);
}

function randomBase64Url(bytes: number): string {
  const buf = crypto.getRandomValues(new Uint8Array(bytes));
  let bin = '';
  for (const b of buf) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A new federation id: 128 random bits, 22 base64url characters. */
export function newFederationId(): FederationId {
  return randomBase64Url(16) as FederationId;
}

/** A new secret for an invite: 256 random bits, 43 base64url characters. */
export function newToken(): string {
  return randomBase64Url(32);
}

/** A random UUID v4 from getRandomValues, for pages that are not a secure context. */
export function randomUuid(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

let idSource: (() => string) | null = null;

/** A new random id for an entity in a collection (inside `withIds`, the next id of that source). */
export function newId<T extends string>(): T {
  if (idSource) return idSource() as T;
  // randomUUID exists only in secure contexts; the app opened from a laptop relay at
  // http://192.168.x.y is not one, and must still work.
  return (typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : randomUuid()) as T;
}

/** Runs `fn` (synchronous) with `newId` drawing from `source`: sample data that is the same for a seed. */
export function withIds<T>(source: () => string, fn: () => T): T {
  const previous = idSource;
  idSource = source;
  try {
    return fn();
  } finally {
    idSource = previous;
  }
}

/** WebSocket close codes of the relay: the wire contract between server/ and sync/. */
export const RELAY_CLOSE = {
  /** Not a federation id, or a message the relay cannot decode. */
  badRequest: 4400,
  /** No token, or not shaped like one. */
  noToken: 4401,
  /** A token that does not open this federation. */
  wrongToken: 4403,
  /** A token that was revoked. */
  revoked: 4410,
  /** A message over the size cap. */
  tooLarge: 4413,
  /** A limit was hit (rate, connections, new federations, too slow): 45xx, so clients retry. */
  limited: 4529,
  /** The relay's copy of this federation could not be read; it keeps it untouched. */
  storeFailure: 4500,
  /** An observer tried to write. */
  readOnly: 4405,
  /** The relay is shutting down; reconnect later. */
  goingAway: 1001,
} as const;

/** y-websocket's auth message type: relay acks travel in it, so standard clients ignore them. */
export const RELAY_MESSAGE_AUTH = 2;
/** Auth sub-type of a relay ack (y-protocols acts only on 0), followed by the stored state vector. */
export const RELAY_ACK = 1;
