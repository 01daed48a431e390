import type { Plugin } from 'graphql-yoga';

// GraphiQL is an HTML page that loads yoga's GraphiQL bundle from its CDN; every other answer is JSON
// or an event stream, which may load nothing at all. Neither may be framed.
const GRAPHIQL_CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline' https://unpkg.com",
  "style-src 'self' 'unsafe-inline' https://unpkg.com",
  "img-src 'self' data: https://unpkg.com",
  "font-src 'self' data: https://unpkg.com",
  "connect-src 'self' ws: wss:",
  "frame-ancestors 'none'",
].join('; ');
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** nosniff, no framing, no referrer and a Content-Security-Policy on every response. */
export function useSecurityHeaders(): Plugin {
  return {
    onResponse({ response }) {
      const html = response.headers.get('content-type')?.includes('text/html') ?? false;
      response.headers.set('X-Content-Type-Options', 'nosniff');
      response.headers.set('X-Frame-Options', 'DENY');
      response.headers.set('Referrer-Policy', 'no-referrer');
      response.headers.set('Content-Security-Policy', html ? GRAPHIQL_CSP : API_CSP);
    },
  };
}
