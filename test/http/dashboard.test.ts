import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardHandler } from '../../src/http/dashboard.ts';

// The /dashboard handler on a server of its own, over a built-looking dist folder in a temp dir (the
// real app and the real build are exercised by test/browser/dashboard.test.ts). Beside dist/ lies a
// package.json that no request may reach.

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request: the path goes out exactly as written (fetch would resolve `..` before sending it). */
function send(base: string, path: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const url = new URL(base);
    const req = httpRequest({ host: url.hostname, port: url.port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const JS = 'console.log("dashboard");\n';
const CSS = 'body { color: black; }\n';
const INDEX = '<!doctype html><title>FaceSocial dashboard</title><script type="module" src="/dashboard/assets/index-AbCd1234.js"></script>\n';

function serve(handler: ReturnType<typeof dashboardHandler>): Promise<{ server: Server; base: string }> {
  // Whatever the handler leaves is answered 418, so a test can tell "not mine" from the handler's own 404.
  const server = createServer((req, res) => {
    if (!handler(req, res)) res.writeHead(418).end('not the dashboard');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

describe('dashboard handler', () => {
  let root: string;
  let built: { server: Server; base: string };
  let unbuilt: { server: Server; base: string };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'facesocial-dashboard-'));
    const dist = join(root, 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), INDEX);
    writeFileSync(join(dist, 'assets', 'index-AbCd1234.js'), JS);
    writeFileSync(join(dist, 'assets', 'index-EfGh5678.css'), CSS);
    writeFileSync(join(dist, 'assets', 'icon-IjKl9012.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(dist, 'assets', 'photo-MnOp3456.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    writeFileSync(join(dist, 'assets', 'data-QrSt7890.unknownext'), 'x');
    writeFileSync(join(root, 'package.json'), '{"name":"secret"}');
    writeFileSync(join(root, 'dist-secret.txt'), 'secret');
    mkdirSync(join(root, 'empty'));
    built = await serve(dashboardHandler({ distDir: dist }));
    unbuilt = await serve(dashboardHandler({ distDir: join(root, 'empty') }));
  });

  afterAll(async () => {
    await Promise.all([built, unbuilt].map(({ server }) => new Promise((resolve) => server.close(resolve))));
    rmSync(root, { recursive: true, force: true });
  });

  it('serves index.html for /dashboard, /dashboard/ and /dashboard/index.html, revalidated on every load', async () => {
    for (const path of ['/dashboard', '/dashboard/', '/dashboard/index.html', '/dashboard/?tab=persons']) {
      const answer = await send(built.base, path);
      expect(answer.status, path).toBe(200);
      expect(answer.body).toBe(INDEX);
      expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(answer.headers['cache-control']).toBe('no-cache');
      expect(answer.headers['content-length']).toBe(String(Buffer.byteLength(INDEX)));
    }
  });

  it('sets its own CSP (own scripts and styles only, blob: images, same-origin API) and the other security headers', async () => {
    const { headers } = await send(built.base, '/dashboard/');
    const csp = String(headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("img-src 'self' blob: data:");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['referrer-policy']).toBe('no-referrer');
  });

  it('serves assets with their content types; hashed ones are cached for a year', async () => {
    const cases: [string, string, string | null][] = [
      ['/dashboard/assets/index-AbCd1234.js', 'text/javascript; charset=utf-8', JS],
      ['/dashboard/assets/index-EfGh5678.css', 'text/css; charset=utf-8', CSS],
      ['/dashboard/assets/icon-IjKl9012.svg', 'image/svg+xml', null],
      ['/dashboard/assets/photo-MnOp3456.png', 'image/png', null],
      ['/dashboard/assets/data-QrSt7890.unknownext', 'application/octet-stream', null],
    ];
    for (const [path, type, body] of cases) {
      const answer = await send(built.base, path);
      expect(answer.status, path).toBe(200);
      expect(answer.headers['content-type'], path).toBe(type);
      expect(answer.headers['cache-control'], path).toBe('public, max-age=31536000, immutable');
      if (body !== null) expect(answer.body).toBe(body);
    }
  });

  it('answers 404 for unknown files and folders, with no fallback to index.html', async () => {
    for (const path of ['/dashboard/nope.js', '/dashboard/assets/index-00000000.js', '/dashboard/assets', '/dashboard/assets/', '/dashboard/persons']) {
      const answer = await send(built.base, path);
      expect(answer.status, path).toBe(404);
      expect(answer.body).not.toContain('FaceSocial');
      expect(answer.headers['cache-control']).toBe('no-store');
    }
  });

  it('never serves a file outside dist/: .. segments, encoded slashes, backslashes, absolute paths and NUL are 404', async () => {
    const paths = [
      '/dashboard/../package.json',
      '/dashboard/../dist-secret.txt',
      '/dashboard/assets/../../package.json',
      '/dashboard/%2e%2e/package.json',
      '/dashboard/%2E%2E%2Fpackage.json',
      '/dashboard/..%2fpackage.json',
      '/dashboard/..%5cpackage.json',
      '/dashboard/..\\package.json',
      '/dashboard/assets/%2e%2e%2f%2e%2e%2fpackage.json',
      '/dashboard//etc/passwd',
      '/dashboard/%2fetc%2fpasswd',
      '/dashboard/index.html%00.js',
      '/dashboard/%',
      '/dashboard/./index.html',
    ];
    for (const path of paths) {
      const answer = await send(built.base, path);
      expect(answer.status, path).toBe(404);
      expect(answer.body, path).not.toContain('secret');
    }
  });

  it('answers GET and HEAD only: HEAD has the headers and no body, other methods 405 with Allow', async () => {
    const head = await send(built.base, '/dashboard/assets/index-AbCd1234.js', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(Buffer.byteLength(JS)));
    expect(head.body).toBe('');
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
      const answer = await send(built.base, '/dashboard/', { method });
      expect(answer.status, method).toBe(405);
      expect(answer.headers.allow).toBe('GET, HEAD');
    }
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await send(built.base, '/dashboard/');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^W\/".+"$/);
    const again = await send(built.base, '/dashboard/', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
  });

  it('leaves every other path to the server (/dashboardx, /graphql)', async () => {
    for (const path of ['/dashboardx', '/dashboard.html', '/graphql', '/']) {
      expect((await send(built.base, path)).status, path).toBe(418);
    }
  });

  it('without a build, /dashboard answers 503 with one line of HTML saying to run npm run dashboard:build', async () => {
    for (const path of ['/dashboard', '/dashboard/', '/dashboard/assets/index-AbCd1234.js']) {
      const answer = await send(unbuilt.base, path);
      expect(answer.status, path).toBe(503);
      expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(answer.body).toContain('npm run dashboard:build');
      expect(answer.body.trim().split('\n')).toHaveLength(1);
    }
  });
});
