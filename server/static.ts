// Serves a SvelteKit adapter-static build: precompressed siblings, cache rules, SPA fallback.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, posix, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
};

const NOT_BUILT =
  'Federation Planner is not built yet: run `npm run build`, then restart the relay.\n';

async function fileStats(path: string): Promise<Stats | null> {
  try {
    const stats = await stat(path);
    return stats.isFile() ? stats : null;
  } catch {
    return null;
  }
}

/** Whether the client accepts an encoding (a q=0 entry refuses it). */
function accepts(header: string | undefined, encoding: string): boolean {
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().split(';');
    if (name?.trim().toLowerCase() !== encoding) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  }
  return false;
}

function text(res: ServerResponse, status: number, body: string, head: boolean): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  res.end(head ? undefined : body);
}

/** Maps a URL path to a file under root, or null if it escapes root or does not exist. */
async function resolveFile(root: string, pathname: string): Promise<string | null> {
  const relative = posix.normalize(pathname).replace(/^\/+/, '');
  const candidates = pathname.endsWith('/')
    ? [join(relative, 'index.html')]
    : [relative, `${relative}.html`, join(relative, 'index.html')];
  for (const candidate of candidates) {
    const file = join(root, candidate);
    if (!file.startsWith(root + sep)) return null;
    if (await fileStats(file)) return file;
  }
  return null;
}

/** Answers a GET or HEAD for a static file under `root`; unknown page paths get 200.html. */
export async function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  root: string | undefined,
): Promise<void> {
  const head = req.method === 'HEAD';
  if (root === undefined || (await stat(root).catch(() => null))?.isDirectory() !== true) {
    return text(res, 503, NOT_BUILT, head);
  }
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://relay.invalid').pathname);
  } catch {
    return text(res, 400, 'Bad path: check the address\n', head);
  }
  if (pathname.includes('\0') || pathname.split(/[/\\]/).includes('..')) {
    return text(res, 400, 'Bad path: check the address\n', head);
  }
  let file = await resolveFile(root, pathname);
  if (file === null) {
    // A missing asset is a 404; a missing page is the app's job (SPA fallback).
    const ext = extname(pathname);
    const fallback = join(root, '200.html');
    if ((ext !== '' && ext !== '.html') || !(await fileStats(fallback))) {
      return text(res, 404, 'Not found\n', head);
    }
    file = fallback;
  }
  await sendFile(req, res, root, file, head);
}

async function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  root: string,
  file: string,
  head: boolean,
): Promise<void> {
  let served = file;
  let encoding: string | undefined;
  for (const [name, suffix] of [
    ['br', '.br'],
    ['gzip', '.gz'],
  ] as const) {
    if (accepts(req.headers['accept-encoding'], name) && (await fileStats(file + suffix))) {
      served = file + suffix;
      encoding = name;
      break;
    }
  }
  const stats = await fileStats(served);
  if (stats === null) return text(res, 404, 'Not found\n', head);
  const immutable = file.slice(root.length + 1).startsWith(`_app${sep}immutable${sep}`);
  const etag = `W/"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`;
  const headers: Record<string, string | number> = {
    'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'Last-Modified': stats.mtime.toUTCString(),
    ETag: etag,
    Vary: 'Accept-Encoding',
  };
  if (encoding !== undefined) headers['Content-Encoding'] = encoding;
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  headers['Content-Length'] = stats.size;
  res.writeHead(200, headers);
  if (head) {
    res.end();
    return;
  }
  // pipeline closes the file when the client goes away mid-transfer.
  await pipeline(createReadStream(served), res).catch(() => res.destroy());
}
