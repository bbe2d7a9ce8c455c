// Who gets in: claiming a new federation, wrong and missing tokens, bad ids, no secrets at rest.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
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

describe('auth', () => {
  it('lets the first token claim a federation and refuses another token with 4403 and no data', async () => {
    const relay = await startTestRelay();
    const { id, token } = newFederation();
    const owner = connect(relay, id, token);
    await synced(owner);
    owner.doc.getMap('fund').set('balance', 12_500);
    await sleep(50);

    const intruder = connect(relay, id, newFederation().token);
    await waitFor('the intruder to be refused', () => intruder.closes.length > 0);
    expect(intruder.closes[0]?.code).toBe(RELAY_CLOSE.wrongToken);
    expect(intruder.closes[0]?.reason).toMatch(/does not open this federation/);
    await sleep(300);
    expect(intruder.doc.getMap('fund').size).toBe(0);
    expect(intruder.doc.store.clients.size).toBe(0);
    // 4403 is permanent: the provider stops trying.
    expect(intruder.closes).toHaveLength(1);
    expect(intruder.provider.synced).toBe(false);

    const raw = rawSocket(`${relay.syncUrl}/${id}?token=${newFederation().token}`);
    expect((await raw.closed).code).toBe(RELAY_CLOSE.wrongToken);
    expect(raw.received).toHaveLength(0);
    expect(relay.events).toContainEqual(expect.objectContaining({ event: 'federation.claimed' }));
    expect(relay.events).toContainEqual(
      expect.objectContaining({ event: 'refused', reason: 'wrong-token', federation: id }),
    );
  });

  it('refuses an id that is not a federation id with 4400', async () => {
    const relay = await startTestRelay();
    const { token } = newFederation();
    for (const bad of ['short', 'has.dots.in.it.abcdefgh', 'a'.repeat(65), '%2e%2e%2fetc']) {
      const raw = rawSocket(`${relay.syncUrl}/${bad}?token=${token}`);
      const closed = await raw.closed;
      expect(closed.code).toBe(RELAY_CLOSE.badRequest);
      expect(closed.reason).toBe('Not a federation id: check the invite link');
      expect(raw.received).toHaveLength(0);
    }
  });

  it('refuses a missing or malformed token with 4401', async () => {
    const relay = await startTestRelay();
    const { id } = newFederation();
    const client = connect(relay, id);
    await waitFor('the tokenless client to be refused', () => client.closes.length > 0);
    expect(client.closes[0]?.code).toBe(RELAY_CLOSE.noToken);
    for (const query of ['?token=', '?token=short', '?token=' + 'x'.repeat(20) + '!'.repeat(20)]) {
      const raw = rawSocket(`${relay.syncUrl}/${id}${query}`);
      const closed = await raw.closed;
      expect(closed.code).toBe(RELAY_CLOSE.noToken);
      expect(closed.reason).toMatch(/no valid token/);
    }
    // Refused sockets never claim: the first real token still can.
    const { token } = newFederation();
    const member = connect(relay, id, token);
    await synced(member);
  });

  it('keeps tokens only as hashes: never in the sqlite file or the logs', async () => {
    const relay = await startTestRelay();
    const { id, token } = newFederation();
    const member = connect(relay, id, token);
    await synced(member);
    member.doc.getText('minutes').insert(0, 'secret-free minutes');
    const wrong = newFederation().token;
    const intruder = connect(relay, id, wrong);
    await waitFor('the intruder to be refused', () => intruder.closes.length > 0);
    member.destroy();
    await relay.close();

    const hash = createHash('sha256').update(token).digest();
    const db = new Database(join(relay.dataDir, 'relay.sqlite'), { readonly: true });
    const rows = db.prepare('SELECT hash, role, revoked_at FROM tokens').all();
    db.close();
    expect(rows).toEqual([{ hash, role: 'member', revoked_at: null }]);

    const logs = JSON.stringify(relay.events);
    for (const file of ['relay.sqlite', 'relay.sqlite-wal']) {
      const path = join(relay.dataDir, file);
      if (!existsSync(path)) continue;
      const bytes = readFileSync(path);
      expect(bytes.includes(Buffer.from(token))).toBe(false);
      expect(bytes.includes(Buffer.from(wrong))).toBe(false);
    }
    for (const secret of [token, wrong, hash.toString('hex'), hash.toString('base64')]) {
      expect(logs).not.toContain(secret);
    }
  });

  it('lets an observer token read but not write, and refuses a revoked token with 4410', async () => {
    const { id, token } = newFederation();
    const first = await startTestRelay();
    const owner = connect(first, id, token);
    await synced(owner);
    owner.doc.getText('minutes').insert(0, 'Decided: workshop in Tallinn');
    await sleep(50);
    owner.destroy();
    await first.close();
    // Observer and revoked tokens are issued by a later feature; here they are put in by hand.
    const observer = newFederation().token;
    const revoked = newFederation().token;
    const db = new Database(join(first.dataDir, 'relay.sqlite'));
    const insert = db.prepare(
      'INSERT INTO tokens (hash, federation_id, role, created_at, revoked_at) VALUES (?, ?, ?, ?, ?)',
    );
    const sha = (t: string) => createHash('sha256').update(t).digest();
    insert.run(sha(observer), id, 'observer', '2026-01-01', null);
    insert.run(sha(revoked), id, 'member', '2026-01-01', '2026-02-01');
    db.close();

    const relay = await startTestRelay({ dataDir: first.dataDir });
    const reader = connect(relay, id, observer);
    await synced(reader);
    expect(reader.doc.getText('minutes').toString()).toBe('Decided: workshop in Tallinn');
    reader.doc.getText('minutes').insert(0, 'Observer edit. ');
    await waitFor('the observer to be refused', () => reader.closes.length > 0);
    expect(reader.closes[0]?.code).toBe(RELAY_CLOSE.readOnly);
    const member = connect(relay, id, token);
    await synced(member);
    expect(member.doc.getText('minutes').toString()).toBe('Decided: workshop in Tallinn');

    const raw = rawSocket(`${relay.syncUrl}/${id}?token=${revoked}`);
    expect((await raw.closed).code).toBe(RELAY_CLOSE.revoked);
    expect(raw.received).toHaveLength(0);
  });
});
