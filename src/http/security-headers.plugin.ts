import type { Plugin } from 'graphql-yoga';
import { graphiqlScriptSource } from './graphiql.ts';

// GraphiQL is an HTML page with its whole bundle inline (no CDN): it may run that one script (by its
// hash) and nothing else, and talk to this origin only. Every other answer is JSON or an event
// stream, which may load nothing at all. Neither may be framed.
function graphiqlCsp(): string {
  return [
    "default-src 'none'",
    `script-src ${graphiqlScriptSource()}`,
    // React and Monaco set style attributes and add <style> elements as they run: a hash cannot admit those.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    // Monaco's workers are blob: URLs made from the inline bundle.
    'worker-src blob:',
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** nosniff, no framing, no referrer and a Content-Security-Policy on every response. */
export function useSecurityHeaders(): Plugin {
  return {
    onResponse({ response }) {
      const html = response.headers.get('content-type')?.includes('text/html') ?? false;
      response.headers.set('X-Content-Type-Options', 'nosniff');
      response.headers.set('X-Frame-Options', 'DENY');
      response.headers.set('Referrer-Policy', 'no-referrer');
      response.headers.set('Content-Security-Policy', html ? graphiqlCsp() : API_CSP);
    },
  };
}
