import type { Plugin } from 'graphql-yoga';
import { errorResponse } from './http-errors.ts';

/** The header a browser cannot send cross-origin without a CORS preflight; every client and example sends it. */
export const PREFLIGHT_HEADER = 'graphql-preflight';

/**
 * Cross-site request forgery: a page on another site can make a browser send a "simple" request (an
 * HTML form: url-encoded, multipart or text/plain, or a GET) with the user's cookies and network
 * position, but not one with a custom header. So form-encoded and text/plain bodies are refused
 * outright, and a multipart upload or a GET operation must carry `graphql-preflight` (yoga's CSRF
 * plugin checks the same, behind this). JSON POSTs need a preflight anyway.
 */
export function useRequestGuards(): Plugin {
  return {
    onRequest(payload) {
      const { request } = payload;
      const type = (request.headers.get('content-type') ?? '').toLowerCase();
      if (request.method === 'POST' && (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('text/plain'))) {
        payload.endResponse(
          errorResponse(
            415,
            'UNSUPPORTED_MEDIA_TYPE',
            'Send GraphQL as application/json, or uploads as multipart/form-data with the graphql-preflight header.',
          ),
        );
        return;
      }
      const html = request.method === 'GET' && (request.headers.get('accept') ?? '').includes('text/html');
      const simple = type.startsWith('multipart/form-data') || (request.method === 'GET' && !html);
      if (simple && !request.headers.get(PREFLIGHT_HEADER)) {
        payload.endResponse(
          errorResponse(403, 'CSRF_PREFLIGHT_REQUIRED', `Send the ${PREFLIGHT_HEADER}: 1 header with uploads and GET requests (CSRF protection).`),
        );
      }
    },
  };
}
