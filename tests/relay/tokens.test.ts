// Members manage access over the token API: observer invites, revocation, rotation.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  connect,
  newFederation,
  rawSocket,
  RELAY_CLOSE,
  sleep,
  startTestRelay,
  synced,
  waitFor,
} from './helpers';
import { api, parseAck, syncFrame } from './wire';

const idOf = (token: string) => createHash('sha256').update(token).digest('hex').slice(0, 12);
const REVOKED = 'This invite was revoked: ask a member for a new one';

/** A relay with one federation whose member has written some minutes. */
async function federationWithMinutes() {
  const relay = await startTestRelay();
  const fed = newFederation();
  const member = connect(relay, fed.id, fed.token);
  await synced(member);
  member.doc.getText('minutes').insert(0, 'Decided: workshop in Tallinn');
  await sleep(50);
  return { relay, fed, member, base: `/api/federations/${fed.id}` };
}

describe('token API', () => {
  it('issues an observer invite that reads everything and cannot change anything', async () => {
    const { relay, fed, member, base } = await federationWithMinutes();
    const secret = newFederation().token;
    const issued = await api(relay, 'POST', `${base}/tokens`, fed.token, {
      token: secret,
      role: 'observer',
      label: 'Regional press',
    });
    expect(issued.status).toBe(201);
    expect(issued.body.token).toMatchObject({
      id: idOf(secret),
      role: 'observer',
      label: 'Regional press',
      revokedAt: null,
    });

    // A delete the relay has: an observer's answer carrying it again is not a change.
    member.doc.getText('minutes').insert(0, 'Draft. ');
    member.doc.getText('minutes').delete(0, 7);
    await sleep(50);
    const before = Y.encodeStateVector(member.doc);
    const reader = connect(relay, fed.id, secret);
    await synced(reader);
    expect(reader.doc.getText('minutes').toString()).toBe('Decided: workshop in Tallinn');
    reader.doc.getText('minutes').insert(0, 'Observer edit. ');
    await waitFor('the observer to be refused', () => reader.closes.length > 0);
    expect(reader.closes[0]).toEqual({
      code: RELAY_CLOSE.readOnly,
      reason: 'This is a read-only invite: ask a member for a member invite to make changes',
    });
    reader.destroy();

    // A raw observer: an answer to step 1 with nothing new is fine and not acked; a change is refused.
    const raw = rawSocket(`${relay.syncUrl}/${fed.id}?token=${secret}`);
    await raw.opened;
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(member.doc));
    copy.getText('minutes').delete(0, 9);
    const known = new Y.Doc();
    Y.applyUpdate(known, Y.encodeStateAsUpdate(member.doc));
    raw.ws.send(syncFrame(1, Y.encodeStateAsUpdate(known, Y.encodeStateVector(member.doc))));
    await sleep(100);
    expect(raw.ws.readyState).toBe(raw.ws.OPEN);
    expect(raw.received.some((f) => parseAck(f))).toBe(false);
    raw.ws.send(syncFrame(1, Y.encodeStateAsUpdate(copy, Y.encodeStateVector(member.doc))));
    expect((await raw.closed).code).toBe(RELAY_CLOSE.readOnly);

    const fresh = connect(relay, fed.id, fed.token);
    await synced(fresh);
    expect(fresh.doc.getText('minutes').toString()).toBe('Decided: workshop in Tallinn');
    expect(Y.encodeStateVector(fresh.doc)).toEqual(before);
    expect(member.closes).toEqual([]);
  });

  it('lists tokens by an id from their hash, never the hash', async () => {
    const { relay, fed, base } = await federationWithMinutes();
    const secret = newFederation().token;
    await api(relay, 'POST', `${base}/tokens`, fed.token, { token: secret, role: 'observer' });
    const listed = await api(relay, 'GET', `${base}/tokens`, fed.token);
    expect(listed.status).toBe(200);
    const tokens = listed.body.tokens as Record<string, unknown>[];
    expect(tokens.map((t) => [t.id, t.role, t.label, t.revokedAt])).toEqual([
      [idOf(fed.token), 'member', '', null],
      [idOf(secret), 'observer', '', null],
    ]);
    expect(Object.keys(tokens[0] ?? {}).sort()).toEqual(
      ['createdAt', 'id', 'label', 'revokedAt', 'role'].sort(),
    );
    for (const t of [fed.token, secret]) {
      const hash = createHash('sha256').update(t).digest();
      expect(JSON.stringify(listed.body)).not.toContain(hash.toString('hex'));
      expect(JSON.stringify(listed.body)).not.toContain(t);
    }
  });

  it('revoking an invite closes every socket opened with it (4410) and only those', async () => {
    const { relay, fed, member, base } = await federationWithMinutes();
    const [a, b] = [newFederation().token, newFederation().token];
    for (const token of [a, b]) {
      await api(relay, 'POST', `${base}/tokens`, fed.token, { token, role: 'observer' });
    }
    const viaA = connect(relay, fed.id, a);
    const rawA = rawSocket(`${relay.syncUrl}/${fed.id}?token=${a}`);
    const viaB = connect(relay, fed.id, b);
    await Promise.all([synced(viaA), synced(viaB), rawA.opened]);

    const revoked = await api(relay, 'POST', `${base}/tokens/${idOf(a)}/revoke`, fed.token);
    expect(revoked.status).toBe(200);
    expect((revoked.body.token as { revokedAt: unknown }).revokedAt).toEqual(expect.any(String));
    expect(await rawA.closed).toEqual({ code: RELAY_CLOSE.revoked, reason: REVOKED });
    await waitFor('the provider to hear 4410', () => viaA.closes.length > 0);
    expect(viaA.closes[0]).toEqual({ code: RELAY_CLOSE.revoked, reason: REVOKED });
    await sleep(100);
    expect(viaB.closes).toEqual([]);
    expect(member.closes).toEqual([]);
    const again = rawSocket(`${relay.syncUrl}/${fed.id}?token=${a}`);
    expect((await again.closed).code).toBe(RELAY_CLOSE.revoked);
    expect(again.received).toHaveLength(0);
    const self = await api(relay, 'POST', `${base}/tokens/${idOf(fed.token)}/revoke`, fed.token);
    expect(self.status).toBe(409);
    expect(self.body.error).toMatch(/rotate/);
  });

  it('rotating replaces the member token and closes the sockets of the old one', async () => {
    const { relay, fed, member, base } = await federationWithMinutes();
    const second = connect(relay, fed.id, fed.token);
    await synced(second);
    const next = newFederation().token;
    const rotated = await api(relay, 'POST', `${base}/rotate`, fed.token, { token: next });
    expect(rotated.status).toBe(200);
    expect(rotated.body).toMatchObject({
      token: { id: idOf(next), role: 'member', revokedAt: null },
      revoked: [idOf(fed.token)],
    });
    await waitFor(
      'both old sockets to close',
      () => member.closes.length + second.closes.length >= 2,
    );
    expect(member.closes[0]).toEqual({ code: RELAY_CLOSE.revoked, reason: REVOKED });

    const renewed = connect(relay, fed.id, next);
    await synced(renewed);
    expect(renewed.doc.getText('minutes').toString()).toBe('Decided: workshop in Tallinn');
    renewed.doc.getText('minutes').insert(0, 'New token works. ');
    const watcher = connect(relay, fed.id, next);
    await waitFor('the edit to sync', () =>
      watcher.doc.getText('minutes').toString().startsWith('New token works.'),
    );
    expect((await api(relay, 'GET', `${base}/tokens`, fed.token)).status).toBe(403);
    const old = rawSocket(`${relay.syncUrl}/${fed.id}?token=${fed.token}`);
    expect((await old.closed).code).toBe(RELAY_CLOSE.revoked);
  });

  it('answers mistakes with a status and an { error } that says what to do', async () => {
    const { relay, fed, base } = await federationWithMinutes();
    const observer = newFederation().token;
    await api(relay, 'POST', `${base}/tokens`, fed.token, { token: observer, role: 'observer' });
    const cases: [string, Promise<{ status: number; body: Record<string, unknown> }>, number][] = [
      ['no token', api(relay, 'GET', `${base}/tokens`), 401],
      ['a wrong token', api(relay, 'GET', `${base}/tokens`, newFederation().token), 403],
      ['an observer token', api(relay, 'GET', `${base}/tokens`, observer), 403],
      [
        'an unknown federation',
        api(relay, 'GET', `/api/federations/${newFederation().id}/tokens`, fed.token),
        404,
      ],
      ['a body that is not JSON', api(relay, 'POST', `${base}/tokens`, fed.token, '{oops'), 400],
      [
        'a secret of the wrong shape',
        api(relay, 'POST', `${base}/tokens`, fed.token, { token: 'short', role: 'observer' }),
        400,
      ],
      [
        'a member role',
        api(relay, 'POST', `${base}/tokens`, fed.token, {
          token: newFederation().token,
          role: 'member',
        }),
        400,
      ],
      [
        'a secret in use',
        api(relay, 'POST', `${base}/tokens`, fed.token, { token: observer, role: 'observer' }),
        409,
      ],
      [
        'an unknown token id',
        api(relay, 'POST', `${base}/tokens/0123456789ab/revoke`, fed.token),
        404,
      ],
      ['an unknown route', api(relay, 'GET', `${base}/everything`, fed.token), 404],
      [
        'a huge body',
        api(relay, 'POST', `${base}/rotate`, fed.token, { token: 'x'.repeat(10_000) }),
        413,
      ],
      ['a rotation without a secret', api(relay, 'POST', `${base}/rotate`, fed.token, {}), 400],
    ];
    for (const [what, call, status] of cases) {
      const res = await call;
      expect(res.status, what).toBe(status);
      expect(res.body.error, what).toEqual(expect.stringMatching(/^[A-Z].{15,}/));
    }
    const preflight = await api(relay, 'OPTIONS', `${base}/tokens`);
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    // Nothing above changed the federation's tokens.
    const listed = await api(relay, 'GET', `${base}/tokens`, fed.token);
    expect((listed.body.tokens as unknown[]).length).toBe(2);
  });
});
