// The token API: members issue and revoke observer invites and rotate the member token.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isFederationId, isToken, RELAY_CLOSE } from '../src/lib/domain/ids';
import { findToken, hashToken, REASONS, tokenId } from './auth';
import type { Log } from './log';
import type { Metrics } from './metrics';
import type { Rooms } from './rooms';
import type { TokenStore } from './backend';
import type { TokenRow } from './store';

/** What the API needs from the relay. */
export interface ApiContext {
  store: TokenStore;
  rooms: Rooms;
  /** Tells the other relay processes that a token was revoked (Redis only). */
  announceRevoked?: (federationId: string, tokenHash: Buffer) => Promise<void>;
  log: Log;
  metrics: Metrics;
}

/** A token as the API shows it: an id from its hash, never the hash itself. */
export interface TokenView {
  id: string;
  role: string;
  label: string;
  createdAt: string;
  revokedAt: string | null;
}

const MAX_BODY = 4_096;
const MAX_LABEL = 200;
/** Tokens one federation may hold, revoked ones included: issuing and revoking in a loop stops. */
export const MAX_TOKENS = 1_000;

/** An error the API answers with, as `{ error }`. */
class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly why?: string,
  ) {
    super(message);
  }
}

const view = (row: TokenRow): TokenView => ({
  id: tokenId(row.hash),
  role: row.role,
  label: row.label,
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
});

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new ApiError(413, `The body is over ${MAX_BODY} bytes: send less`);
    chunks.push(chunk);
  }
  try {
    const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
      return body as Record<string, unknown>;
    }
  } catch {
    // Answered below with the shape the API expects.
  }
  throw new ApiError(400, 'The body must be a JSON object, such as {"token": "<new secret>"}');
}

/** The member token row of the request's bearer token, or an ApiError saying why not. */
async function member(
  ctx: ApiContext,
  req: IncomingMessage,
  federationId: string,
): Promise<TokenRow> {
  const header = req.headers.authorization ?? '';
  const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (!isToken(token)) {
    const message = "Send the federation's member token as 'Authorization: Bearer <token>'";
    throw new ApiError(401, message, 'api-no-token');
  }
  if (!(await ctx.store.hasFederation(federationId))) {
    const message = 'This relay has never seen this federation: connect to it once to claim it';
    throw new ApiError(404, message, 'api-unknown-federation');
  }
  const row = await findToken(ctx.store, federationId, hashToken(token));
  if (row === undefined) {
    const message = 'This token does not open this federation: use its member token';
    throw new ApiError(403, message, 'api-wrong-token');
  }
  if (row.revoked_at !== null) {
    throw new ApiError(403, REASONS.revoked, 'api-revoked-token');
  }
  if (row.role !== 'member') {
    const message = 'An observer token cannot manage invites: use the member token';
    throw new ApiError(403, message, 'api-observer');
  }
  return row;
}

/** The new secret of a request body: the client makes it, so the relay only sees it here. */
async function newSecret(
  ctx: ApiContext,
  federationId: string,
  body: Record<string, unknown>,
): Promise<Buffer> {
  if ((await ctx.store.tokens(federationId)).length >= MAX_TOKENS) {
    const message = `This federation has ${MAX_TOKENS} invites, the most a relay keeps: ask its operator`;
    throw new ApiError(429, message, 'api-token-limit');
  }
  if (!isToken(body.token)) {
    const message = 'Send "token": a new secret of 32–128 base64url characters made by the app';
    throw new ApiError(400, message);
  }
  return hashToken(body.token);
}

async function issue(ctx: ApiContext, federationId: string, body: Record<string, unknown>) {
  const hash = await newSecret(ctx, federationId, body);
  if (body.role !== 'observer') {
    const message =
      'Only "role": "observer" invites can be issued; replace the member token with /rotate';
    throw new ApiError(400, message);
  }
  const label = body.label ?? '';
  if (typeof label !== 'string' || label.length > MAX_LABEL) {
    throw new ApiError(400, `"label" must be text of at most ${MAX_LABEL} characters`);
  }
  if (!(await ctx.store.issueToken(federationId, hash, 'observer', label))) {
    throw new ApiError(409, 'This secret is already in use: generate a new one and try again');
  }
  ctx.log({
    event: 'token.issued',
    federation: federationId,
    token: tokenId(hash),
    role: 'observer',
  });
  return view((await findToken(ctx.store, federationId, hash)) as TokenRow);
}

async function revoke(ctx: ApiContext, federationId: string, id: string, caller: TokenRow) {
  const tokens = await ctx.store.tokens(federationId);
  const row = tokens.find((r) => tokenId(r.hash) === id.toLowerCase());
  if (row === undefined) throw new ApiError(404, 'No token with this id in this federation');
  if (row.role === 'member' && row.revoked_at === null) {
    const message = 'This is the member token: replace it with POST /api/federations/<id>/rotate';
    throw new ApiError(409, message);
  }
  await ctx.store.revokeToken(federationId, row.hash);
  const closed = await closeSockets(ctx, federationId, row.hash);
  ctx.log({
    event: 'token.revoked',
    federation: federationId,
    token: id,
    by: tokenId(caller.hash),
    closed,
  });
  return view((await findToken(ctx.store, federationId, row.hash)) as TokenRow);
}

async function rotate(ctx: ApiContext, federationId: string, body: Record<string, unknown>) {
  const hash = await newSecret(ctx, federationId, body);
  const revoked = await ctx.store.rotateMember(federationId, hash);
  if (revoked === null) {
    throw new ApiError(409, 'This secret is already in use: generate a new one and try again');
  }
  let closed = 0;
  for (const old of revoked) closed += await closeSockets(ctx, federationId, old);
  const ids = revoked.map(tokenId);
  ctx.log({
    event: 'token.rotated',
    federation: federationId,
    token: tokenId(hash),
    revoked: ids,
    closed,
  });
  const token = view((await findToken(ctx.store, federationId, hash)) as TokenRow);
  return { token, revoked: ids };
}

/** Closes the token's sockets here, and has the other relay processes close theirs. */
async function closeSockets(ctx: ApiContext, federationId: string, hash: Buffer): Promise<number> {
  await ctx.announceRevoked?.(federationId, hash);
  const { revoked } = RELAY_CLOSE;
  return ctx.rooms.closeToken(
    federationId,
    hash.toString('hex'),
    'revoked',
    revoked,
    REASONS.revoked,
  );
}

/** Answers a request under /api/; CORS is open because auth is a bearer header, never a cookie. */
export async function handleApi(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
  if (req.method === 'OPTIONS') {
    res.writeHead(204, { 'Access-Control-Max-Age': '600' });
    res.end();
    return;
  }
  const parts = (req.url ?? '').split('?')[0]?.split('/') ?? [];
  // ['', 'api', 'federations', <id>, ...rest]
  const [, , collection, federationId = '', ...rest] = parts;
  const route = `${req.method} ${rest.map((p, i) => (i === 1 && rest[0] === 'tokens' ? ':id' : p)).join('/')}`;
  try {
    if (collection !== 'federations' || !isFederationId(federationId)) {
      throw new ApiError(404, 'No such API: see server/README.md for /api/federations/<id>/…');
    }
    switch (route) {
      case 'GET tokens': {
        await member(ctx, req, federationId);
        const tokens = (await ctx.store.tokens(federationId)).map(view);
        return json(res, 200, { tokens });
      }
      case 'POST tokens': {
        await member(ctx, req, federationId);
        return json(res, 201, { token: await issue(ctx, federationId, await readJson(req)) });
      }
      case 'POST tokens/:id/revoke': {
        const caller = await member(ctx, req, federationId);
        return json(res, 200, { token: await revoke(ctx, federationId, rest[1] ?? '', caller) });
      }
      case 'POST rotate': {
        await member(ctx, req, federationId);
        return json(res, 200, await rotate(ctx, federationId, await readJson(req)));
      }
      default:
        throw new ApiError(404, 'No such API: see server/README.md for /api/federations/<id>/…');
    }
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    if (err.why !== undefined) {
      ctx.metrics.refused(err.why);
      ctx.log({ event: 'refused', reason: err.why, federation: federationId.slice(0, 64) });
    }
    json(res, err.status, { error: err.message });
  }
}
