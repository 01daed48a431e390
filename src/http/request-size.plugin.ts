import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { errorResponse } from './http-errors.ts';

const message = (size: string, maxBytes: number): string =>
  `The request is ${size}; the limit is MAX_REQUEST_BYTES (${maxBytes} bytes) for all its files together.`;

/** REQUEST_TOO_LARGE (413) for a request of `size` ("N bytes", "more than N bytes"), as a GraphQL error. */
export const requestTooLarge = (size: string, maxBytes: number) =>
  createGraphQLError(message(size, maxBytes), { extensions: { code: 'REQUEST_TOO_LARGE', http: { status: 413 } } });

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
export function useRequestSizeLimit(maxBytes: number, options: { multipartMaxBytes?: number } = {}): Plugin {
  /** The most a request of this content type may declare before it is refused unread. */
  const declaredLimit = (request: Request): number =>
    /^multipart\/form-data/i.test(request.headers.get('content-type') ?? '') ? Math.max(maxBytes, options.multipartMaxBytes ?? maxBytes) : maxBytes;
  return {
    onRequest(payload) {
      const length = payload.request.headers.get('content-length');
      // Node's HTTP parser has already refused a malformed or repeated Content-Length (400).
      const limit = declaredLimit(payload.request);
      if (length !== null && /^\d+$/.test(length) && Number(length) > limit) {
        payload.endResponse(
          errorResponse(
            413,
            limit > maxBytes ? 'VIDEO_TOO_LARGE' : 'REQUEST_TOO_LARGE',
            limit > maxBytes
              ? `The request is ${length} bytes; the limit for a video upload is ${limit} bytes (MAX_VIDEO_BYTES and its operation).`
              : message(`${length} bytes`, maxBytes),
          ),
        );
      }
    },
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      // With a Content-Length within the limit the server reads no more than it says, and onRequest has checked it.
      // A multipart one above it (allowed up to a video's size) is counted: only video mutations may be that large (streamed-uploads.plugin.ts).
      const length = request.headers.get('content-length');
      if ((length !== null && Number(length) <= maxBytes) || request.body === null || !requestParser) return;
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
          throw requestTooLarge(`more than ${maxBytes} bytes`, maxBytes);
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
