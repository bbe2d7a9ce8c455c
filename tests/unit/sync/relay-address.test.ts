import { describe, expect, it } from 'vitest';
import { parseRelayAddress } from '$lib/sync/relay-address';

describe('relay addresses typed by a person', () => {
  it.each([
    ['192.168.1.20:8787', 'ws://192.168.1.20:8787'],
    ['http://192.168.1.20:8787/', 'ws://192.168.1.20:8787'],
    ['  HTTPS://relay.example.org  ', 'wss://relay.example.org'],
    ['wss://relay.example.org/', 'wss://relay.example.org'],
    ['ws://laptop.local:8787', 'ws://laptop.local:8787'],
  ])('%j is %j', (input, relayUrl) => {
    expect(parseRelayAddress(input, 'http:')).toEqual({ ok: true, relayUrl });
  });

  it.each(['', 'not a relay', 'ftp://example.org', 'wss://relay.example.org/sync/abc', 'ws://a?b'])(
    'refuses %j',
    (input) => {
      expect(parseRelayAddress(input, 'http:')).toEqual({ ok: false, problem: 'relay.invalid' });
    },
  );

  it('refuses an unencrypted relay on another machine from an app served over https', () => {
    expect(parseRelayAddress('192.168.1.20:8787', 'https:')).toEqual({
      ok: false,
      problem: 'relay.insecure',
    });
    expect(parseRelayAddress('ws://localhost:8787', 'https:')).toEqual({
      ok: true,
      relayUrl: 'ws://localhost:8787',
    });
    expect(parseRelayAddress('wss://relay.example.org', 'https:').ok).toBe(true);
  });
});
