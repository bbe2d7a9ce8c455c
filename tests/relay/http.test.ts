// The HTTP side of the relay's port: /healthz and the static app with its cache rules.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { connect, httpGet, newFederation, startTestRelay, synced, tmpDir } from './helpers';

const JS = 'export const start = () => "federation planner";\n'.repeat(20);
let staticDir = '';

function put(root: string, path: string, content: string | Buffer): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}

beforeAll(() => {
  const parent = tmpDir('relay-static-');
  staticDir = join(parent, 'build');
  put(parent, 'secret.txt', 'TOP SECRET outside the build');
  put(staticDir, 'index.html', '<!doctype html><title>index</title>');
  put(staticDir, '200.html', '<!doctype html><title>fallback</title>');
  put(staticDir, '200.html.gz', gzipSync('<!doctype html><title>fallback</title>'));
  put(staticDir, 'about.html', '<!doctype html><title>about</title>');
  put(staticDir, '_app/immutable/entry/start.Ab12.js', JS);
  put(staticDir, '_app/immutable/entry/start.Ab12.js.br', brotliCompressSync(JS));
  put(staticDir, '_app/immutable/assets/app.Cd34.css', 'body{margin:0}');
  put(staticDir, '_app/version.json', '{"version":"1"}');
  put(staticDir, 'sw.js', 'self.addEventListener("fetch", () => {});');
  put(staticDir, 'manifest.webmanifest', '{"name":"Federation Planner"}');
  put(staticDir, 'favicon.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>');
  put(staticDir, 'icons/icon-192.png', Buffer.from('89504e470d0a1a0a', 'hex'));
});

describe('http', () => {
  it('answers /healthz with the loaded federations and connections', async () => {
    const relay = await startTestRelay();
    const empty = await fetch(relay.url + '/healthz');
    expect(empty.status).toBe(200);
    expect(empty.headers.get('content-type')).toMatch(/application\/json/);
    expect(await empty.json()).toEqual({ ok: true, federations: 0, connections: 0 });
    const { id, token } = newFederation();
    await synced(connect(relay, id, token));
    await synced(connect(relay, id, token));
    const busy = await (await fetch(relay.url + '/healthz')).json();
    expect(busy).toEqual({ ok: true, federations: 1, connections: 2 });
  });

  it('serves files with their types and cache rules, and 200.html for unknown pages', async () => {
    const relay = await startTestRelay({ staticDir });
    const get = (path: string, headers = {}) => httpGet(relay.url, path, headers);
    const cases: [string, RegExp, string][] = [
      ['/', /text\/html/, 'no-cache'],
      ['/about', /text\/html/, 'no-cache'],
      ['/_app/immutable/entry/start.Ab12.js', /text\/javascript/, 'immutable'],
      ['/_app/immutable/assets/app.Cd34.css', /text\/css/, 'immutable'],
      ['/_app/version.json', /application\/json/, 'no-cache'],
      ['/sw.js', /text\/javascript/, 'no-cache'],
      ['/manifest.webmanifest', /application\/manifest\+json/, 'no-cache'],
      ['/favicon.svg', /image\/svg\+xml/, 'no-cache'],
      ['/icons/icon-192.png', /image\/png/, 'no-cache'],
      ['/federations/abc/requests', /text\/html/, 'no-cache'],
    ];
    for (const [path, type, cache] of cases) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers['content-type'], path).toMatch(type);
      expect(res.headers['x-content-type-options'], path).toBe('nosniff');
      expect(res.headers['referrer-policy'], path).toBe('no-referrer');
      if (cache === 'immutable') {
        expect(res.headers['cache-control'], path).toBe('public, max-age=31536000, immutable');
      } else expect(res.headers['cache-control'], path).toBe('no-cache');
    }
    expect((await get('/')).body.toString()).toContain('<title>index</title>');
    expect((await get('/about')).body.toString()).toContain('<title>about</title>');
    expect((await get('/federations/abc/requests')).body.toString()).toContain('fallback');
    expect((await get('/missing.js')).status).toBe(404);
    expect((await get('/_app/immutable/entry/gone.js')).status).toBe(404);
  });

  it('serves a precompressed sibling only when Accept-Encoding allows it', async () => {
    const relay = await startTestRelay({ staticDir });
    const path = '/_app/immutable/entry/start.Ab12.js';
    const br = await httpGet(relay.url, path, { 'accept-encoding': 'gzip, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['vary']).toBe('Accept-Encoding');
    expect(brotliDecompressSync(br.body).toString()).toBe(JS);
    const plain = await httpGet(relay.url, path, { 'accept-encoding': 'gzip, br;q=0' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(JS);
    const fallback = await httpGet(relay.url, '/some/page', { 'accept-encoding': 'gzip' });
    expect(fallback.headers['content-encoding']).toBe('gzip');
    expect(fallback.headers['cache-control']).toBe('no-cache');
  });

  it('answers HEAD and If-None-Match without a body', async () => {
    const relay = await startTestRelay({ staticDir });
    const head = await httpGet(relay.url, '/sw.js', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(Number(head.headers['content-length'])).toBeGreaterThan(0);
    const again = await httpGet(relay.url, '/sw.js', {
      'if-none-match': String(head.headers.etag),
    });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect((await httpGet(relay.url, '/healthz', {}, 'HEAD')).status).toBe(200);
    expect((await httpGet(relay.url, '/', {}, 'POST')).status).toBe(405);
    expect((await httpGet(relay.url, '/sync/abc')).status).toBe(426);
  });

  it('never serves a file outside the static dir', async () => {
    const relay = await startTestRelay({ staticDir });
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/_app/..%2f..%2fsecret.txt',
      '/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/..\\secret.txt',
      '/%00/secret.txt',
    ]) {
      const res = await httpGet(relay.url, path);
      expect(res.body.toString(), path).not.toContain('TOP SECRET');
    }
  });

  it('says the app is not built when the static dir is missing', async () => {
    const relay = await startTestRelay({ staticDir: join(tmpDir(), 'build') });
    const res = await httpGet(relay.url, '/');
    expect(res.status).toBe(503);
    expect(res.body.toString()).toMatch(/npm run build/);
    expect((await fetch(relay.url + '/healthz')).status).toBe(200);
  });
});
