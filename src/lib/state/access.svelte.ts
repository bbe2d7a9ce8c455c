// Who may read and write a federation on the relay: observer invites, revoking them, and rotating
// the member secret. Online only: the relay keeps the list.
import type { FederationSession } from './federation.svelte';
import {
  issueObserverToken,
  listTokens,
  RelayApiError,
  revokeToken,
  rotateMemberToken,
  type TokenInfo,
} from '$lib/sync/relay-api';

export type { TokenInfo } from '$lib/sync/relay-api';
export { RelayApiError } from '$lib/sync/relay-api';

export class AccessState {
  tokens = $state<TokenInfo[]>([]);
  /** The last failure, as the relay explained it ('offline' when it could not be reached). */
  error = $state('');
  busy = $state(false);
  #session: FederationSession;

  constructor(session: FederationSession) {
    this.#session = session;
  }

  get #access() {
    const row = this.#session.row;
    return { relayUrl: row.relayUrl, federationId: row.id, token: row.token };
  }

  async #run<T>(fn: () => Promise<T>): Promise<T | undefined> {
    this.busy = true;
    this.error = '';
    try {
      return await fn();
    } catch (e) {
      this.error = e instanceof RelayApiError ? e.message : String(e);
      return undefined;
    } finally {
      this.busy = false;
    }
  }

  /** Loads the federation's tokens from the relay. */
  async refresh(): Promise<void> {
    const tokens = await this.#run(() => listTokens(this.#access));
    if (tokens) this.tokens = tokens;
  }

  /** Issues a read-only invite secret; returns it (for the invite link) or undefined on failure. */
  async inviteObserver(label: string): Promise<string | undefined> {
    const token = await this.#run(() => issueObserverToken(this.#access, label));
    if (token) await this.refresh();
    return token;
  }

  /** Revokes a token; its devices are disconnected. */
  async revoke(tokenId: string): Promise<void> {
    await this.#run(() => revokeToken(this.#access, tokenId));
    await this.refresh();
  }

  /** Rotates the member secret; this device switches to the new one, every other needs a new invite. */
  async rotate(): Promise<boolean> {
    const token = await this.#run(() => rotateMemberToken(this.#access));
    if (!token) return false;
    await this.#session.useToken(token);
    await this.refresh();
    return true;
  }
}
