// Where the relay keeps tokens and updates: the embedded SQLite store alone, or Redis shared by
// several processes. Both sides are written against these interfaces.
import type { Role, TokenRow } from './store';

/** A value now (SQLite) or later (Redis). */
export type Awaitable<T> = T | Promise<T>;

/** Federations and their token hashes; `Store` (SQLite) and `RedisTokens` implement it. */
export interface TokenStore {
  hasFederation(federationId: string): Awaitable<boolean>;
  claim(federationId: string, tokenHash: Buffer): Awaitable<boolean>;
  tokens(federationId: string): Awaitable<TokenRow[]>;
  issueToken(
    federationId: string,
    tokenHash: Buffer,
    role: Role,
    label: string,
  ): Awaitable<boolean>;
  revokeToken(federationId: string, tokenHash: Buffer): Awaitable<boolean>;
  rotateMember(federationId: string, newHash: Buffer): Awaitable<Buffer[] | null>;
}

/** Where a loaded federation hears of updates and revocations made by other relay processes. */
export interface RemoteSink {
  /** An update another process stored (or one found again when catching up). */
  apply(update: Uint8Array): void;
  /** A token (hex hash) another process revoked. */
  revoked(tokenHash: string): void;
}

/** What a compaction did: stored items merged into the snapshot, and items left after it. */
export interface Compacted {
  merged: number;
  remaining: number;
}

/** The stored updates of federations, as rooms use them. */
export interface DocStore {
  /**
   * Feeds every stored update of a federation to `apply` (`where` says which row, for logs) and
   * returns how many items are stored; throws (or rejects) if they cannot be read.
   */
  load(
    federationId: string,
    apply: (update: Uint8Array, where: Record<string, unknown>) => void,
  ): Awaitable<number>;
  /** Stores an update: null when it is durable on return, or a promise settled once it is. */
  append(federationId: string, update: Uint8Array): Promise<void> | null;
  /** Merges stored updates into a snapshot, deleting only what it merged. */
  compact(federationId: string): Awaitable<Compacted>;
  /** Starts passing other processes' updates of a loaded federation to `sink` (Redis only). */
  follow?(federationId: string, sink: RemoteSink): void;
  /** Stops following a federation that is unloaded. */
  unfollow?(federationId: string): void;
}
