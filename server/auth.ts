// Who may open a federation: checked before any document data is loaded or sent.
import { createHash, timingSafeEqual } from 'node:crypto';
import { isFederationId, isToken, RELAY_CLOSE } from '../src/lib/domain/ids';
import type { Role, Store } from './store';

/** Close reasons the relay sends; each says what happened and what to do (max 123 bytes). */
export const REASONS = {
  badId: 'Not a federation id: check the invite link',
  noToken: 'This link has no valid token: ask for a new invite',
  wrongToken: 'This token does not open this federation: ask for a new invite',
  revoked: 'This token was revoked: ask a member for a new invite',
  storeFailure:
    "The relay could not read its copy of this federation; your device keeps its own copy — tell the relay's operator",
  writeFailure:
    "The relay could not save a change; your device keeps its own copy — tell the relay's operator",
  readOnly: 'This is a read-only invite: ask a member for a member invite to make changes',
  goingAway: 'The relay is restarting; your device keeps its changes and will reconnect',
  internal: 'The relay hit an internal error; try again later',
} as const;

/** The outcome of checking a `/sync/<id>?token=` request. */
export type AuthResult =
  | { ok: true; federationId: string; role: Role; claimed: boolean }
  | { ok: false; code: number; reason: string; why: string; federationId?: string };

/** The SHA-256 of a token: the only form in which the relay keeps it. */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Parses a sync URL and checks its token, claiming a federation the relay has never seen. */
export function authorize(store: Store, requestUrl: string | undefined): AuthResult {
  const url = new URL(requestUrl ?? '/', 'http://relay.invalid');
  const federationId = url.pathname.slice('/sync/'.length);
  if (!url.pathname.startsWith('/sync/') || !isFederationId(federationId)) {
    return { ok: false, code: RELAY_CLOSE.badRequest, reason: REASONS.badId, why: 'bad-id' };
  }
  const token = url.searchParams.get('token');
  if (!isToken(token)) {
    const why = 'no-token';
    return { ok: false, code: RELAY_CLOSE.noToken, reason: REASONS.noToken, why, federationId };
  }
  const hash = hashToken(token);
  if (!store.hasFederation(federationId) && store.claim(federationId, hash)) {
    return { ok: true, federationId, role: 'member', claimed: true };
  }
  // Compare against every token of the federation in constant time per hash.
  const match = store
    .tokens(federationId)
    .find((row) => row.hash.length === hash.length && timingSafeEqual(row.hash, hash));
  if (match === undefined) {
    const code = RELAY_CLOSE.wrongToken;
    return { ok: false, code, reason: REASONS.wrongToken, why: 'wrong-token', federationId };
  }
  if (match.revoked_at !== null) {
    const code = RELAY_CLOSE.revoked;
    return { ok: false, code, reason: REASONS.revoked, why: 'revoked-token', federationId };
  }
  return { ok: true, federationId, role: match.role, claimed: false };
}
