// Token hashes in Redis, so every relay process answers a token the same way. Each change is one
// Lua script, atomic like the SQLite transactions it replaces.
import type Redis from 'ioredis';
import type { TokenStore } from './backend';
import type { Role, TokenRow } from './store';

/** `fp:tokens:<federation>`: a hash of hex token hash → JSON; it exists once a federation is claimed. */
export const tokensKey = (federationId: string): string => `fp:tokens:${federationId}`;
/** `fp:token:<hex hash>` → federation id: a secret opens at most one federation. */
const ownerKey = (hex: string): string => `fp:token:${hex}`;

interface StoredToken {
  role: Role;
  label: string;
  createdAt: string;
  revokedAt?: string;
  /** Insertion order, so tokens list in the order they were made. */
  n: number;
}

// KEYS: tokens, owner. ARGV: federation, hex, now.
const CLAIM = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
if not redis.call('SET', KEYS[2], ARGV[1], 'NX') then return 0 end
redis.call('HSET', KEYS[1], ARGV[2], cjson.encode({role='member', label='', createdAt=ARGV[3], n=0}))
return 1`;

// KEYS: tokens, owner. ARGV: federation, hex, role, label, now.
const ISSUE = `
if not redis.call('SET', KEYS[2], ARGV[1], 'NX') then return 0 end
local n = redis.call('HLEN', KEYS[1])
redis.call('HSET', KEYS[1], ARGV[2], cjson.encode({role=ARGV[3], label=ARGV[4], createdAt=ARGV[5], n=n}))
return 1`;

// KEYS: tokens. ARGV: hex, now.
const REVOKE = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local t = cjson.decode(raw)
if t.revokedAt then return 0 end
t.revokedAt = ARGV[2]
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(t))
return 1`;

// KEYS: tokens, owner of the new hash. ARGV: federation, new hex, now. Returns {ok, revoked hex…}.
const ROTATE = `
if not redis.call('SET', KEYS[2], ARGV[1], 'NX') then return {0} end
local all = redis.call('HGETALL', KEYS[1])
local out = {1}
for i = 1, #all, 2 do
  local t = cjson.decode(all[i + 1])
  if t.role == 'member' and not t.revokedAt then
    t.revokedAt = ARGV[3]
    redis.call('HSET', KEYS[1], all[i], cjson.encode(t))
    out[#out + 1] = all[i]
  end
end
local n = redis.call('HLEN', KEYS[1])
redis.call('HSET', KEYS[1], ARGV[2], cjson.encode({role='member', label='', createdAt=ARGV[3], n=n}))
return out`;

/** Federations and token hashes kept in Redis (used instead of SQLite's when REDIS_URL is set). */
export class RedisTokens implements TokenStore {
  constructor(private readonly redis: Redis) {}

  /** Whether any process has seen this federation. */
  async hasFederation(federationId: string): Promise<boolean> {
    return (await this.redis.exists(tokensKey(federationId))) === 1;
  }

  /** Claims a new federation for this member token hash; false if taken or the hash is in use. */
  async claim(federationId: string, tokenHash: Buffer): Promise<boolean> {
    const hex = tokenHash.toString('hex');
    const now = new Date().toISOString();
    const keys = [tokensKey(federationId), ownerKey(hex)];
    return (await this.redis.eval(CLAIM, 2, ...keys, federationId, hex, now)) === 1;
  }

  /** The token hashes of a federation, revoked ones included, oldest first. */
  async tokens(federationId: string): Promise<TokenRow[]> {
    const all = await this.redis.hgetall(tokensKey(federationId));
    return Object.entries(all)
      .map(([hex, json]) => ({ hex, t: JSON.parse(json) as StoredToken }))
      .sort((a, b) => a.t.n - b.t.n)
      .map(({ hex, t }) => ({
        hash: Buffer.from(hex, 'hex'),
        role: t.role,
        label: t.label,
        created_at: t.createdAt,
        revoked_at: t.revokedAt ?? null,
      }));
  }

  /** Adds a token; false if that hash is already a token of any federation. */
  async issueToken(id: string, tokenHash: Buffer, role: Role, label: string): Promise<boolean> {
    const hex = tokenHash.toString('hex');
    const now = new Date().toISOString();
    const keys = [tokensKey(id), ownerKey(hex)];
    return (await this.redis.eval(ISSUE, 2, ...keys, id, hex, role, label, now)) === 1;
  }

  /** Marks a token revoked (once); true if it was active. */
  async revokeToken(federationId: string, tokenHash: Buffer): Promise<boolean> {
    const now = new Date().toISOString();
    const hex = tokenHash.toString('hex');
    return (await this.redis.eval(REVOKE, 1, tokensKey(federationId), hex, now)) === 1;
  }

  /** Replaces the member token(s) atomically; returns the revoked hashes, or null if in use. */
  async rotateMember(federationId: string, newHash: Buffer): Promise<Buffer[] | null> {
    const hex = newHash.toString('hex');
    const now = new Date().toISOString();
    const keys = [tokensKey(federationId), ownerKey(hex)];
    const [ok, ...old] = (await this.redis.eval(ROTATE, 2, ...keys, federationId, hex, now)) as [
      number,
      ...string[],
    ];
    return ok === 1 ? old.map((h) => Buffer.from(h, 'hex')) : null;
  }
}
