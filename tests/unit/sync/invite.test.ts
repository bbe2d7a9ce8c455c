import { describe, expect, it } from 'vitest';
import { newFederationId, newToken } from '$lib/domain/ids';
import { inviteLink, isRelayUrl, parseInvite, relayUrlForOrigin } from '$lib/sync/invite';

const invite = {
  federationId: newFederationId(),
  token: newToken(),
  relayUrl: 'wss://relay.example.org',
  name: 'Nordic Federation & Friends',
  role: 'member' as const,
};

describe('invite links', () => {
  it('round-trips through a link, with the secret after #', () => {
    const link = inviteLink('https://app.example.org/', invite);
    const url = new URL(link);
    expect(url.pathname).toBe('/join');
    expect(url.search).toBe('');
    expect(url.hash).toContain(invite.token);
    expect(parseInvite(link)).toEqual({ ok: true, invite });
  });

  it('carries a read-only role for observer invites', () => {
    const link = inviteLink('https://app.example.org', { ...invite, role: 'observer' });
    expect(parseInvite(link)).toEqual({ ok: true, invite: { ...invite, role: 'observer' } });
    expect(parseInvite(link.replace('a=observer', 'a=admin'))).toMatchObject({
      invite: { role: 'member' },
    });
  });

  it('accepts just the #fragment', () => {
    const link = inviteLink('https://app.example.org', invite);
    expect(parseInvite(new URL(link).hash)).toEqual({ ok: true, invite });
  });

  it.each([
    ['not a link at all', 'invite.notALink'],
    ['https://example.org/some/page', 'invite.notAnInvite'],
    ['https://example.org/join#hello=world', 'invite.notAnInvite'],
  ])('says what is wrong with %j', (text, problem) => {
    expect(parseInvite(text)).toEqual({ ok: false, problem });
  });

  it('names each damaged part', () => {
    const link = (over: Record<string, string>) => {
      const p = new URLSearchParams({
        v: '1',
        f: invite.federationId,
        t: invite.token,
        r: invite.relayUrl,
        ...over,
      });
      return `https://app.example.org/join#${p}`;
    };
    expect(parseInvite(link({ f: 'short' }))).toEqual({
      ok: false,
      problem: 'invite.badFederation',
    });
    expect(parseInvite(link({ t: invite.token.slice(0, 10) }))).toEqual({
      ok: false,
      problem: 'invite.badToken',
    });
    expect(parseInvite(link({ r: 'http://relay.example.org' }))).toEqual({
      ok: false,
      problem: 'invite.badRelay',
    });
    expect(parseInvite(link({ r: 'wss://relay.example.org/path?x=1' }))).toEqual({
      ok: false,
      problem: 'invite.badRelay',
    });
    expect(parseInvite(link({ v: '2' }))).toEqual({ ok: false, problem: 'invite.newerVersion' });
    expect(parseInvite(link({ v: 'abc' }))).toEqual({ ok: false, problem: 'invite.notAnInvite' });
  });

  it('cuts an overlong name instead of trusting it', () => {
    const long = inviteLink('https://a.example', { ...invite, name: 'x'.repeat(5000) });
    const parsed = parseInvite(long);
    expect(parsed.ok && parsed.invite.name.length).toBe(200);
  });
});

describe('relay urls', () => {
  it('derives the relay of the app origin', () => {
    expect(relayUrlForOrigin('https://fp.example.org')).toBe('wss://fp.example.org');
    expect(relayUrlForOrigin('http://localhost:8787')).toBe('ws://localhost:8787');
  });

  it('accepts only ws(s) base urls', () => {
    expect(isRelayUrl('ws://192.168.1.20:8787')).toBe(true);
    expect(isRelayUrl('wss://relay.example.org/')).toBe(true);
    expect(isRelayUrl('https://relay.example.org')).toBe(false);
    expect(isRelayUrl('ws://relay.example.org/sync')).toBe(false);
  });
});
