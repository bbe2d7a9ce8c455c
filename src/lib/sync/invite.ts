// Invite links: `<app>/join#v=1&f=<federation>&t=<secret>&r=<relay>&n=<name>`. The secret rides
// after `#`, so no HTTP request ever carries it.
import { isFederationId, isToken, type FederationId } from '$lib/domain/ids';

export const INVITE_VERSION = 1;

export type InviteRole = 'member' | 'observer';

export interface Invite {
  federationId: FederationId;
  token: string;
  /** A member invite reads and writes; an observer invite only reads. */
  role: InviteRole;
  /** ws:// or wss:// base URL of the relay. */
  relayUrl: string;
  /** The federation's name, for the join screen; not trusted for anything else. */
  name: string;
}

/** Why a link is not a usable invite; each names a message in the catalog. */
export type InviteProblem =
  | 'invite.notALink'
  | 'invite.notAnInvite'
  | 'invite.badFederation'
  | 'invite.badToken'
  | 'invite.badRelay'
  | 'invite.newerVersion';

export type ParsedInvite = { ok: true; invite: Invite } | { ok: false; problem: InviteProblem };

/** Whether a string is a ws:// or wss:// URL with no path beyond "/", query or fragment. */
export function isRelayUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (
      (u.protocol === 'ws:' || u.protocol === 'wss:') &&
      (u.pathname === '/' || u.pathname === '') &&
      !u.search &&
      !u.hash
    );
  } catch {
    return false;
  }
}

/** The relay URL normalized: no trailing slash. */
export function normalizeRelayUrl(value: string): string {
  return value.trim().replace(/\/+$/, '');
}

/** The invite link for `invite`, on the app at `appUrl` (its origin and base path). */
export function inviteLink(appUrl: string, invite: Invite): string {
  const params = new URLSearchParams({
    v: String(INVITE_VERSION),
    f: invite.federationId,
    t: invite.token,
    r: invite.relayUrl,
    n: invite.name,
  });
  if (invite.role === 'observer') params.set('a', 'observer');
  return `${appUrl.replace(/\/+$/, '')}/join#${params.toString()}`;
}

/** Reads an invite link (or just its `#…` part); says what is wrong when it is not one. */
export function parseInvite(text: string): ParsedInvite {
  const trimmed = text.trim();
  let hash: string;
  if (trimmed.startsWith('#')) hash = trimmed.slice(1);
  else {
    let url: URL;
    try {
      url = new URL(trimmed);
    } catch {
      return { ok: false, problem: 'invite.notALink' };
    }
    hash = url.hash.slice(1);
  }
  const params = new URLSearchParams(hash);
  if (!params.has('f') && !params.has('t')) return { ok: false, problem: 'invite.notAnInvite' };
  const version = Number(params.get('v') ?? '1');
  if (!Number.isInteger(version) || version < 1)
    return { ok: false, problem: 'invite.notAnInvite' };
  if (version > INVITE_VERSION) return { ok: false, problem: 'invite.newerVersion' };
  const federationId = params.get('f');
  if (!isFederationId(federationId)) return { ok: false, problem: 'invite.badFederation' };
  const token = params.get('t');
  if (!isToken(token)) return { ok: false, problem: 'invite.badToken' };
  const relayUrl = normalizeRelayUrl(params.get('r') ?? '');
  if (!isRelayUrl(relayUrl)) return { ok: false, problem: 'invite.badRelay' };
  const name = (params.get('n') ?? '').slice(0, 200);
  const role: InviteRole = params.get('a') === 'observer' ? 'observer' : 'member';
  return { ok: true, invite: { federationId, token, relayUrl, name, role } };
}

/** The relay URL of an app served from `origin` (the relay and the app share one port). */
export function relayUrlForOrigin(origin: string): string {
  const u = new URL(origin);
  return `${u.protocol === 'https:' ? 'wss' : 'ws'}://${u.host}`;
}
