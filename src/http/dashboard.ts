import { createReadStream, existsSync, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where `npm run dashboard:build` (run by `npm install`) writes the dashboard. */
const DEFAULT_DIST_DIR = fileURLToPath(new URL('../../dashboard/dist/', import.meta.url));
const PREFIX = '/dashboard';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

/**
 * The page loads its own script and stylesheet only; it shows the photos the user picked (blob: URLs)
 * and talks to the API on the same origin (HTTP and graphql-ws: 'self' covers ws: and wss: there).
 */
const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  // The Videos page plays the file being analysed from an object URL (it never leaves the browser again).
  'media-src blob:',
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': DASHBOARD_CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
};

/** Vite's hashed asset names (`assets/index-B1x2y3z4.js`): their content never changes, so they may be cached for good. */
const HASHED_ASSET = /^assets\/[^/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

const NOT_BUILT_HTML =
  '<!doctype html><meta charset="utf-8"><title>Dashboard not built</title><p>The dashboard is not built: run <code>npm run dashboard:build</code> (npm install does it).</p>\n';

export interface DashboardOptions {
  /** The built dashboard (default: dashboard/dist in the repository). */
  distDir?: string;
}

function answer(res: ServerResponse, status: number, type: string, body: string, headers: Readonly<Record<string, string>> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store', ...headers });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

/**
 * The file a request path names inside distDir, or null when it names none: `..` segments, encoded
 * slashes or backslashes, NUL bytes and anything that would resolve outside distDir are refused.
 */
function fileFor(distDir: string, pathname: string): { file: string; relative: string } | null {
  let relative = pathname === PREFIX || pathname === `${PREFIX}/` ? 'index.html' : pathname.slice(PREFIX.length + 1);
  try {
    relative = decodeURIComponent(relative);
  } catch {
    return null;
  }
  if (relative.includes('\0') || relative.includes('\\')) return null;
  const segments = relative.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return null;
  const file = resolve(distDir, ...segments);
  return file.startsWith(distDir.endsWith(sep) ? distDir : distDir + sep) ? { file, relative } : null;
}

async function serveFile(req: IncomingMessage, res: ServerResponse, distDir: string, pathname: string): Promise<void> {
  if (!existsSync(resolve(distDir, 'index.html'))) {
    answer(res, 503, 'text/html; charset=utf-8', NOT_BUILT_HTML, { 'Retry-After': '60' });
    return;
  }
  const target = fileFor(distDir, pathname);
  let info: Stats | null = null;
  if (target) info = await stat(target.file).catch(() => null);
  if (!target || !info?.isFile()) {
    answer(res, 404, 'text/plain; charset=utf-8', 'Not found.\n');
    return;
  }
  const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
  const headers: Record<string, string | number> = {
    ...SECURITY_HEADERS,
    'Content-Type': CONTENT_TYPES[extname(target.file).toLowerCase()] ?? 'application/octet-stream',
    // index.html names the current hashed assets: always revalidate it (cheap, with the ETag).
    'Cache-Control': HASHED_ASSET.test(target.relative) ? 'public, max-age=31536000, immutable' : 'no-cache',
    ETag: etag,
    'Last-Modified': info.mtime.toUTCString(),
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers).end();
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Length': info.size });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(target.file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

/**
 * Serves the dashboard's built files under /dashboard (GET and HEAD, no credentials: the page asks for
 * them itself when the API says UNAUTHENTICATED); returns whether it answered the request. Every other
 * path is left to the caller.
 */
export function dashboardHandler(options: DashboardOptions = {}): (req: IncomingMessage, res: ServerResponse) => boolean {
  const distDir = resolve(options.distDir ?? DEFAULT_DIST_DIR);
  return (req, res) => {
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    if (pathname !== PREFIX && !pathname.startsWith(`${PREFIX}/`)) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      answer(res, 405, 'text/plain; charset=utf-8', 'Method not allowed.\n', { Allow: 'GET, HEAD' });
      return true;
    }
    serveFile(req, res, distDir, pathname).catch(() => {
      if (!res.headersSent) answer(res, 500, 'text/plain; charset=utf-8', 'Internal error.\n');
      else res.destroy();
    });
    return true;
  };
}
