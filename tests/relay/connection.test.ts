// The app's own relay connection (sync/connection.ts) against the real relay: the status a person
// sees must follow what really happens.
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { addOrganization, blankOrganization, listOrganizations } from '$lib/domain/organizations';
import type { PersonId } from '$lib/domain/ids';
import { RelayConnection, type ConnectionState } from '$lib/sync/connection';
import {
  issueObserverToken,
  listTokens,
  RelayApiError,
  revokeToken,
  rotateMemberToken,
} from '$lib/sync/relay-api';
import { RELAY_CLOSE } from '$lib/domain/ids';
import { newFederation, onCleanup, startTestRelay, tmpDir, waitFor } from './helpers';

const by = 'p1' as PersonId;

function open(relayUrl: string, fed: { id: string; token: string }, doc = new Y.Doc()) {
  const connection = new RelayConnection(doc, {
    relayUrl,
    federationId: fed.id as never,
    token: fed.token,
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  const states: ConnectionState[] = [];
  connection.subscribe((s) => states.push(s));
  onCleanup(() => connection.destroy());
  return { connection, doc, states };
}

const wsUrl = (url: string) => url.replace(/^http/, 'ws');

describe('RelayConnection', () => {
  it('reports synced with a last-synced time, and syncs two documents', async () => {
    const relay = await startTestRelay();
    const fed = newFederation();
    const a = open(wsUrl(relay.url), fed);
    await waitFor('a synced', () => a.connection.state.status === 'synced');
    expect(a.connection.state.lastSyncedAt).not.toBeNull();
    addOrganization(a.doc, { ...blankOrganization(), name: 'Oslo' }, by);
    const b = open(wsUrl(relay.url), fed);
    await waitFor('b has the org', () => listOrganizations(b.doc).length === 1);
    expect(b.connection.state.status).toBe('synced');
  });

  it('reports a wrong token as refused, keeps the local document, and stops retrying', async () => {
    const relay = await startTestRelay();
    const fed = newFederation();
    const owner = open(wsUrl(relay.url), fed);
    await waitFor('owner synced', () => owner.connection.state.status === 'synced');
    const local = new Y.Doc();
    addOrganization(local, { ...blankOrganization(), name: 'Mine' }, by);
    const intruder = open(wsUrl(relay.url), { id: fed.id, token: newFederation().token }, local);
    await waitFor('refused', () => intruder.connection.state.status === 'refused');
    expect(intruder.connection.state.refusal).toMatchObject({ code: 4403, kind: 'wrongToken' });
    expect(listOrganizations(local).map((o) => o.name)).toEqual(['Mine']);
    expect(listOrganizations(owner.doc)).toEqual([]);
    const seen = intruder.states.length;
    await new Promise((r) => setTimeout(r, 600));
    expect(intruder.states.length).toBe(seen);
  });

  it('goes offline when the relay stops and back to synced when it returns, merging offline edits', async () => {
    const dataDir = tmpDir();
    const relay = await startTestRelay({ dataDir });
    const port = relay.port;
    const fed = newFederation();
    const a = open(wsUrl(relay.url), fed);
    const b = open(wsUrl(relay.url), fed);
    await waitFor(
      'both synced',
      () => a.connection.state.status === 'synced' && b.connection.state.status === 'synced',
    );
    await relay.close();
    await waitFor('a offline', () => a.connection.state.status === 'offline', 10_000);
    addOrganization(a.doc, { ...blankOrganization(), name: 'From A' }, by);
    addOrganization(b.doc, { ...blankOrganization(), name: 'From B' }, by);
    const again = await startTestRelay({ dataDir, port });
    expect(again.port).toBe(port);
    await waitFor(
      'merged on both',
      () => listOrganizations(a.doc).length === 2 && listOrganizations(b.doc).length === 2,
      15_000,
    );
    expect(listOrganizations(a.doc)).toEqual(listOrganizations(b.doc));
    await waitFor('a synced again', () => a.connection.state.status === 'synced');
  });
});

describe('what the relay holds (acks)', () => {
  it('counts changes not yet on the relay, and clears them once the relay acks', async () => {
    const dataDir = tmpDir();
    const relay = await startTestRelay({ dataDir });
    const port = relay.port;
    const fed = newFederation();
    const a = open(wsUrl(relay.url), fed);
    await waitFor('synced', () => a.connection.state.status === 'synced');
    addOrganization(a.doc, { ...blankOrganization(), name: 'Acked' }, by);
    await waitFor('acked', () => a.connection.state.unsynced === 0);
    await relay.close();
    await waitFor('offline', () => a.connection.state.status === 'offline', 10_000);
    addOrganization(a.doc, { ...blankOrganization(), name: 'Only here' }, by);
    expect(a.connection.state.unsynced).toBeGreaterThan(0);
    // A restart of the app keeps knowing what the relay holds.
    const reopened = open('ws://127.0.0.1:1', fed, a.doc);
    expect(reopened.connection.state.unsynced).toBeNull();
    const remembered = new RelayConnection(a.doc, {
      relayUrl: 'ws://127.0.0.1:1',
      federationId: fed.id as never,
      token: fed.token,
      relayClocks: a.connection.relayClocks,
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    onCleanup(() => remembered.destroy());
    expect(remembered.state.unsynced).toBe(a.connection.state.unsynced);
    await startTestRelay({ dataDir, port });
    await waitFor('acked after reconnect', () => a.connection.state.unsynced === 0, 15_000);
  });

  it('comes back after a limit closed it (4529), says why meanwhile, and loses nothing', async () => {
    const relay = await startTestRelay({ messagesPerSecond: 20, messageBurst: 30 });
    const fed = newFederation();
    const a = open(wsUrl(relay.url), fed);
    await waitFor('a synced', () => a.connection.state.status === 'synced');
    // Sixty separate transactions are sixty messages: over the burst, the relay closes the socket.
    for (let i = 0; i < 60; i++)
      addOrganization(a.doc, { ...blankOrganization(), name: `O${i}` }, by);
    await waitFor('told why', () => a.connection.state.retrying?.code === RELAY_CLOSE.limited);
    expect(a.connection.state.retrying?.reason).toMatch(/Too many changes too fast/);
    expect(a.connection.state.refusal).toBeNull();
    // The reconnect's sync step 2 is one message carrying all sixty.
    await waitFor('acked', () => a.connection.state.unsynced === 0, 15_000);
    expect(a.connection.state).toMatchObject({ status: 'synced', retrying: null });
    const b = open(wsUrl(relay.url), fed);
    await waitFor('b has all sixty', () => listOrganizations(b.doc).length === 60);
  });
});

describe('access from the app', () => {
  it('issues an observer invite that reads, revokes it, and rotates the member token', async () => {
    const relay = await startTestRelay();
    const fed = newFederation();
    const owner = open(wsUrl(relay.url), fed);
    await waitFor('owner synced', () => owner.connection.state.status === 'synced');
    addOrganization(owner.doc, { ...blankOrganization(), name: 'Visible' }, by);
    const access = { relayUrl: wsUrl(relay.url), federationId: fed.id, token: fed.token };
    const observerToken = await issueObserverToken(access, 'Auditors');
    const observer = open(wsUrl(relay.url), { id: fed.id, token: observerToken });
    await waitFor('observer reads', () => listOrganizations(observer.doc).length === 1);
    const tokens = await listTokens(access);
    expect(tokens.map((tk) => [tk.role, tk.label])).toEqual(
      expect.arrayContaining([
        ['member', ''],
        ['observer', 'Auditors'],
      ]),
    );
    const observerId = tokens.find((tk) => tk.role === 'observer')!.id;
    await revokeToken(access, observerId);
    await waitFor('observer told', () => observer.connection.state.refusal?.kind === 'revoked');

    const newToken = await rotateMemberToken(access);
    await waitFor(
      'old member token closed',
      () => owner.connection.state.refusal?.kind === 'revoked',
    );
    const rotated = open(wsUrl(relay.url), { id: fed.id, token: newToken });
    await waitFor('new token reads', () => listOrganizations(rotated.doc).length === 1);
    await expect(listTokens(access)).rejects.toBeInstanceOf(RelayApiError);
  });
});
