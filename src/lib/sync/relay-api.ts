// The relay's token API: observer invites, revocation and rotation of the member token. These
// need the relay (online); everything else in the app works without it.
import { newToken, type FederationId } from '$lib/domain/ids';

/** A token as the relay lists it (never the secret, never its full hash). */
export interface TokenInfo {
  id: string;
  role: 'member' | 'observer';
  label: string;
  createdAt: string;
  revokedAt: string | null;
}

/** The relay refused or could not be reached; `message` is the relay's own explanation when it gave one. */
export class RelayApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'RelayApiError';
  }
}

/** The http(s) base of a ws(s) relay URL. */
export function relayHttpUrl(relayUrl: string): string {
  return relayUrl.replace(/^ws(s?):/, 'http$1:');
}

interface Access {
  relayUrl: string;
  federationId: FederationId;
  /** The member token that authorizes the call. */
  token: string;
}

async function call<T>(access: Access, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(
      `${relayHttpUrl(access.relayUrl)}/api/federations/${access.federationId}${path}`,
      {
        method: body === undefined ? 'GET' : 'POST',
        headers: { Authorization: `Bearer ${access.token}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      },
    );
  } catch {
    throw new RelayApiError(0, 'offline');
  }
  const data = (await res.json().catch(() => ({}))) as { error?: string } & T;
  if (!res.ok) throw new RelayApiError(res.status, data.error ?? `HTTP ${res.status}`);
  return data;
}

/** Issues a read-only invite secret with a label ("Observers 2027"); returns the secret. */
export async function issueObserverToken(access: Access, label: string): Promise<string> {
  const token = newToken();
  await call(access, '/tokens', { token, role: 'observer', label });
  return token;
}

/** The federation's tokens, revoked ones included. */
export async function listTokens(access: Access): Promise<TokenInfo[]> {
  return (await call<{ tokens: TokenInfo[] }>(access, '/tokens')).tokens;
}

/** Revokes a token: devices using it are disconnected and told to ask for a new invite. */
export async function revokeToken(access: Access, tokenId: string): Promise<void> {
  await call(access, `/tokens/${encodeURIComponent(tokenId)}/revoke`, {});
}

/** Replaces the member token with a new one (returned); every member needs a new invite. */
export async function rotateMemberToken(access: Access): Promise<string> {
  const token = newToken();
  await call(access, '/rotate', { token });
  return token;
}
