// Who may open a federation: checked before any document data is loaded or sent.
import { createHash, timingSafeEqual } from 'node:crypto';
import { isFederationId, isToken, RELAY_CLOSE } from '../src/lib/domain/ids';
import type { TokenStore } from './backend';
import type { Role, TokenRow } from './store';

/** Close reasons the relay sends; each says what happened and what to do (max 123 bytes). */
export const REASONS = {
  badId: 'Not a federation id: check the invite link',
  noToken: 'This link has no valid token: ask for a new invite',
  wrongToken: 'This token does not open this federation: ask for a new invite',
  revoked: 'This invite was revoked: ask a member for a new one',
  storeFailure:
    "The relay could not read its copy of this federation; your device keeps its own copy — tell the relay's operator",
  writeFailure:
    "The relay could not save a change; your device keeps its own copy — tell the relay's operator",
  readOnly: 'This is a read-only invite: ask a member for a member invite to make changes',
  goingAway: 'The relay is restarting; your device keeps its changes and will reconnect',
  internal: 'The relay hit an internal error; try again later',
  tooLarge: 'This change is too large for the relay: split it into smaller edits',
  rate: 'Too many changes too fast: slow down; the app will reconnect',
  slow: 'Your connection is too slow to keep up: reconnecting will resync',
  connections:
    'Too many connections from your address: close other tabs or devices; the app retries',
  claims: 'Too many new federations from your address this hour: try again later',
  awareness: 'Malformed message: too many presence states from one connection',
} as const;

/** The outcome of checking a `/sync/<id>?token=` request. */
export type AuthResult =
  | { ok: true; federationId: string; role: Role; claimed: boolean; tokenHash: Buffer }
  | { ok: false; code: number; reason: string; why: string; federationId?: string };

/** The SHA-256 of a token: the only form in which the relay keeps it. */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** The public id of a token: the first 12 hex digits of its hash (never the whole hash). */
export function tokenId(hash: Buffer): string {
  return hash.subarray(0, 6).toString('hex');
}

/** The stored row of a federation's token with this hash, compared in constant time per hash. */
export async function findToken(
  store: TokenStore,
  federationId: string,
  hash: Buffer,
): Promise<TokenRow | undefined> {
  return (await store.tokens(federationId)).find(
    (row) => row.hash.length === hash.length && timingSafeEqual(row.hash, hash),
  );
}

/**
 * Parses a sync URL and checks its token, claiming a federation the relay has never seen
 * when `mayClaim()` allows it.
 */
export async function authorize(
  store: TokenStore,
  requestUrl: string | undefined,
  mayClaim: () => boolean,
): Promise<AuthResult> {
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
  const tokenHash = hashToken(token);
  if (!(await store.hasFederation(federationId))) {
    if (!mayClaim()) {
      const code = RELAY_CLOSE.limited;
      return { ok: false, code, reason: REASONS.claims, why: 'claim-limit', federationId };
    }
    if (await store.claim(federationId, tokenHash)) {
      return { ok: true, federationId, role: 'member', claimed: true, tokenHash };
    }
  }
  const match = await findToken(store, federationId, tokenHash);
  if (match === undefined) {
    const code = RELAY_CLOSE.wrongToken;
    return { ok: false, code, reason: REASONS.wrongToken, why: 'wrong-token', federationId };
  }
  if (match.revoked_at !== null) {
    const code = RELAY_CLOSE.revoked;
    return { ok: false, code, reason: REASONS.revoked, why: 'revoked-token', federationId };
  }
  return { ok: true, federationId, role: match.role, claimed: false, tokenHash };
}
