import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { errorResponse } from './http-errors.ts';

const message = (size: string, maxBytes: number): string =>
  `The request is ${size}; the limit is MAX_REQUEST_BYTES (${maxBytes} bytes) for all its files together.`;

/**
 * The limit on one request body in all (every file of a batch together, with the operation), with
 * its own code: REQUEST_TOO_LARGE, HTTP 413. A request whose Content-Length is over `maxBytes` is
 * answered before any of its body is read. A body without Content-Length (chunked) is counted while
 * the request parser reads it and refused as soon as it passes `maxBytes`, so at most that much is
 * ever buffered. The per-file limit (MAX_UPLOAD_BYTES, IMAGE_TOO_LARGE) is yoga's multipart parser's
 * and stays as it is (src/schema/upload-limit.plugin.ts). After any 413 the connection is closed.
 *
 * yoga has a body limit of its own (`maxRequestBodySize`, 25 MB by default, code
 * REQUEST_ENTITY_TOO_LARGE, which useUploadLimitCodes reports as IMAGE_TOO_LARGE): createYoga must
 * set `maxRequestBodySize: false` so that this limit is the only one.
 */
export function useRequestSizeLimit(maxBytes: number): Plugin {
  return {
    onRequest(payload) {
      const length = payload.request.headers.get('content-length');
      // Node's HTTP parser has already refused a malformed or repeated Content-Length (400).
      if (length !== null && /^\d+$/.test(length) && Number(length) > maxBytes) {
        payload.endResponse(errorResponse(413, 'REQUEST_TOO_LARGE', message(`${length} bytes`, maxBytes)));
      }
    },
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      // With a Content-Length the server reads no more than it says, and onRequest has checked it.
      if (request.headers.get('content-length') !== null || request.body === null || !requestParser) return;
      const parse = requestParser;
      setRequestParser(async (req) => {
        const body = req.body;
        if (!body) return parse(req);
        let bytes = 0;
        let over = false;
        // A native stream needs the native TransformStream, a ponyfill one the ponyfill's (as in yoga's own limit).
        const Transform = body instanceof ReadableStream ? globalThis.TransformStream : fetchAPI.TransformStream;
        const counted = body.pipeThrough(
          new Transform<Uint8Array, Uint8Array>({
            transform(chunk, controller) {
              bytes += chunk.byteLength;
              if (bytes > maxBytes) {
                over = true;
                controller.error(new Error('request body over MAX_REQUEST_BYTES'));
                return;
              }
              controller.enqueue(chunk);
            },
          }),
        );
        const limited = new fetchAPI.Request(req.url, {
          method: req.method,
          headers: req.headers,
          signal: req.signal,
          body: counted,
          duplex: 'half',
        } as RequestInit);
        try {
          return await parse(limited);
        } catch (error) {
          // The parsers wrap a stream error in their own (BAD_REQUEST "invalid multipart data"): say what it was.
          if (!over) throw error;
          throw createGraphQLError(message(`more than ${maxBytes} bytes`, maxBytes), { extensions: { code: 'REQUEST_TOO_LARGE', http: { status: 413 } } });
        }
      });
    },
    onResponse({ response }) {
      // Every 413 (this limit, or the multipart parser's per-file limit, IMAGE_TOO_LARGE) leaves the
      // rest of the body unread on the socket: it cannot carry another request. Without this, Node
      // keeps it open, and the client's next request on it waits until the server's headersTimeout.
      if (response.status === 413) response.headers.set('Connection', 'close');
    },
  };
}
