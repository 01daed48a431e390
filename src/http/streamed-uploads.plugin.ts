import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import busboy from 'busboy';
import { Kind, OperationTypeNode, parse, type OperationDefinitionNode } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { StagedUpload, videoTooLarge } from '../analysis/staged-upload.ts';
import { BlobTooLargeError, type BlobStore } from '../transport/blob-store.ts';
import { requestTooLarge } from './request-size.plugin.ts';

export interface StreamedUploadOptions {
  /** Where the files go while the request streams in (the same store the video job reads, or a local one first). */
  store: BlobStore;
  /** MAX_VIDEO_BYTES: a file past it is cut off while it streams (VIDEO_TOO_LARGE, 413). */
  maxFileBytes: number;
  /** MAX_REQUEST_BYTES: any other multipart request declaring more is refused once its operation is read, before its files. */
  maxRequestBytes: number;
  /** Root mutation fields whose files are streamed instead of buffered. */
  fields: readonly string[];
  /** Staged files of each request, so that the ones no resolver took are deleted when the response is sent. */
  staged: WeakMap<Request, StagedUpload[]>;
  /** VIDEO_UPLOADS_IN_FLIGHT: uploads this replica streams at once; one more is RATE_LIMITED before its file is read (disk is finite). */
  maxInFlight: number;
  retryAfterSeconds: number;
}

/** The operation fields: `operations` and `map`, each at most this long (they are JSON, not files). */
const FIELD_BYTES = 1_000_000;

const tooLarge = (maxBytes: number) => {
  const error = videoTooLarge(maxBytes);
  return createGraphQLError(error.message, { extensions: { code: error.code, http: { status: 413 } } });
};
const busy = (max: number, retryAfterSeconds: number) =>
  createGraphQLError(`${max} video uploads are streaming to this server already (VIDEO_UPLOADS_IN_FLIGHT); retry in ${retryAfterSeconds} s.`, {
    extensions: {
      code: 'RATE_LIMITED',
      limit: 'videoUploads',
      retryAfterSeconds,
      http: { status: 429, headers: { 'Retry-After': String(retryAfterSeconds) } },
    },
  });
const badRequest = (message: string) => createGraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });

/** The operation a request runs, when it is a mutation with one of `fields` at its root. */
function streamsFiles(operations: unknown, fields: readonly string[]): boolean {
  if (typeof operations !== 'object' || operations === null || Array.isArray(operations)) return false;
  const { query, operationName } = operations as { query?: unknown; operationName?: unknown };
  if (typeof query !== 'string' || query.length > FIELD_BYTES) return false;
  // Image uploads (the common case) never name a streamed field: no second parse for them.
  if (!fields.some((field) => query.includes(field))) return false;
  let operation: OperationDefinitionNode | undefined;
  try {
    const ops = parse(query, { maxTokens: 5000 }).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    operation = typeof operationName === 'string' ? ops.find((o) => o.name?.value === operationName) : ops.length === 1 ? ops[0] : undefined;
  } catch {
    return false; // yoga's own parser reports the syntax error
  }
  return (
    operation?.operation === OperationTypeNode.MUTATION && operation.selectionSet.selections.some((s) => s.kind === Kind.FIELD && fields.includes(s.name.value))
  );
}

/** Puts `value` at a multipart map path ("variables.video", "variables.files.0"). */
function setPath(target: Record<string, unknown>, path: string, value: unknown): boolean {
  const keys = path.split('.');
  let node: unknown = target;
  for (const key of keys.slice(0, -1)) {
    if (typeof node !== 'object' || node === null || key === '__proto__' || key === 'constructor' || key === 'prototype') return false;
    node = (node as Record<string, unknown>)[key];
  }
  const last = keys.at(-1)!;
  if (typeof node !== 'object' || node === null || last === '__proto__' || last === 'constructor' || last === 'prototype') return false;
  (node as Record<string, unknown>)[last] = value;
  return true;
}

/**
 * Multipart requests of a video mutation (analyzeVideo) stream their file straight into the blob store,
 * never whole in memory: yoga's own parser (formData()) buffers every file. The GraphQL multipart
 * request spec puts `operations` first, so the decision is made on it; any other multipart request is
 * handed back to yoga's parser untouched (the bytes read so far are replayed in front of the rest).
 * A file over `maxFileBytes` stops the upload at once (VIDEO_TOO_LARGE) with nothing left in the store;
 * a staged file that no resolver took (a validation error, a refusal) is deleted with the response.
 */
export function useStreamedUploads(options: StreamedUploadOptions): Plugin {
  let inFlight = 0;
  /** Requests refused before their body was read to the end: their connection cannot carry another request. */
  const cutOff = new WeakSet<Request>();
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const type = request.headers.get('content-type') ?? '';
      if (request.method !== 'POST' || !/^multipart\/form-data/i.test(type) || !requestParser) return;
      const fallback = requestParser;
      setRequestParser(async (req) => {
        const body = req.body;
        if (!body) return fallback(req);
        const reader = body.getReader();
        const kept: Uint8Array[] = [];
        // Set in the parser's callbacks: read through an object so the compiler does not narrow it.
        const state: { decision: 'undecided' | 'stream' | 'fallback' } = { decision: 'undecided' };
        let operations: Record<string, unknown> | null = null;
        let map: Record<string, unknown> = {};
        let failure: Error | null = null;
        // Whether this request holds one of the in-flight slots (released when its files are all written or failed).
        let counted = false;
        // Resolves at the first failure: a write waiting for the parser to drain must not wait for ever.
        let failed: () => void = () => undefined;
        const failedSignal = new Promise<void>((resolve) => (failed = resolve));
        /** Records the first failure (later ones are its consequences) and returns it. */
        const fail = (error: unknown): Error => {
          failure ??= error instanceof Error ? error : new Error(String(error));
          failed();
          return failure;
        };
        const puts: Promise<StagedUpload>[] = [];
        const parser = busboy({ headers: { 'content-type': type }, limits: { fieldSize: FIELD_BYTES, fields: 2, files: 1 } });
        parser.on('field', (name, value, info) => {
          if (state.decision === 'undecided') {
            let parsed: unknown = null;
            try {
              parsed = name === 'operations' && !info.valueTruncated ? JSON.parse(value) : null;
            } catch {
              parsed = null;
            }
            state.decision = streamsFiles(parsed, options.fields) ? 'stream' : 'fallback';
            if (state.decision !== 'stream') return;
            operations = parsed as Record<string, unknown>;
            if (inFlight >= options.maxInFlight) fail(busy(options.maxInFlight, options.retryAfterSeconds));
            else {
              inFlight++;
              counted = true;
            }
            return;
          }
          if (state.decision !== 'stream') return;
          if (name !== 'map' || info.valueTruncated) {
            fail(badRequest('A multipart request has the fields `operations`, then `map`, then the files.'));
            return;
          }
          try {
            const parsed: unknown = JSON.parse(value);
            if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) map = parsed as Record<string, unknown>;
            else fail(badRequest('The multipart `map` field must be a JSON object.'));
          } catch {
            fail(badRequest('The multipart `map` field is not JSON.'));
          }
        });
        parser.on('file', (name, stream, info) => {
          if (state.decision !== 'stream' || failure) {
            if (state.decision === 'undecided') state.decision = 'fallback';
            // Skipped: drained, and its end-of-form error (when the parser is dropped) is not an uncaught one.
            stream.on('error', () => undefined);
            stream.resume();
            return;
          }
          const key = `uploads/${randomUUID()}`;
          puts.push(
            options.store.put(key, stream, { maxBytes: options.maxFileBytes }).then(
              ({ bytes }) => new StagedUpload({ store: options.store, key, size: bytes, name: info.filename ?? name, type: info.mimeType, field: name }),
              (error: unknown) => {
                throw fail(error instanceof BlobTooLargeError ? tooLarge(options.maxFileBytes) : error);
              },
            ),
          );
        });
        parser.on('filesLimit', () => fail(badRequest('analyzeVideo takes one file per request.')));
        const finished = once(parser, 'close').catch((error: unknown) => {
          fail(badRequest(`Invalid multipart request: ${error instanceof Error ? error.message : String(error)}`));
        });
        parser.on('error', (error: unknown) => fail(badRequest(`Invalid multipart request: ${error instanceof Error ? error.message : String(error)}`)));

        try {
          for (;;) {
            const { value, done } = await reader.read();
            if (done) {
              parser.end();
              break;
            }
            if (state.decision === 'undecided') kept.push(value);
            if (!parser.write(value)) await Promise.race([once(parser, 'drain'), finished, failedSignal]);
            if (state.decision === 'fallback' || failure) break;
          }
        } catch {
          // The client went away mid-upload: what was written is removed below (the parser's failure ends the file's stream).
          fail(badRequest('The upload ended before the request was complete.'));
        }
        if (state.decision === 'fallback' || state.decision === 'undecided') {
          parser.destroy();
          // Only video mutations may be larger than MAX_REQUEST_BYTES: the others are refused with what they declared, their files unread.
          const declared = req.headers.get('content-length');
          if (declared !== null && Number(declared) > options.maxRequestBytes) {
            await reader.cancel().catch(() => undefined);
            throw requestTooLarge(`${declared} bytes`, options.maxRequestBytes);
          }
          // yoga's parser gets the whole body: what was read, then the rest of the stream.
          const replay = new fetchAPI.ReadableStream<Uint8Array>({
            start(controller) {
              for (const chunk of kept) controller.enqueue(chunk);
            },
            async pull(controller) {
              const { value, done } = await reader.read();
              if (done) controller.close();
              else controller.enqueue(value);
            },
            cancel: (reason) => reader.cancel(reason),
          });
          return fallback(new fetchAPI.Request(req.url, { method: req.method, headers: req.headers, body: replay, duplex: 'half' } as RequestInit));
        }
        if (failure) parser.destroy(failure);
        else await finished;
        const settled = await Promise.allSettled(puts);
        if (counted) inFlight--;
        const staged = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
        options.staged.set(request, staged);
        if (failure) {
          cutOff.add(request);
          await reader.cancel().catch(() => undefined);
          throw fail(failure);
        }
        const ops = operations as unknown as Record<string, unknown>;
        for (const upload of staged) {
          const paths = map[upload.field];
          if (!Array.isArray(paths) || !paths.every((p) => typeof p === 'string' && setPath(ops, p, upload))) {
            throw badRequest(`The multipart \`map\` does not place the file \`${upload.field}\` in the operation's variables.`);
          }
        }
        const { query, variables, operationName, extensions } = ops as {
          query: string;
          variables?: Record<string, unknown>;
          operationName?: string;
          extensions?: Record<string, unknown>;
        };
        return { query, ...(variables ? { variables } : {}), ...(operationName ? { operationName } : {}), ...(extensions ? { extensions } : {}) };
      });
    },
    async onResponse({ request, response }) {
      // The rest of a refused body is still on the socket: close it, or the client's next request on it would hang.
      if (cutOff.has(request)) response.headers.set('Connection', 'close');
      // A staged file no resolver claimed (the operation failed before it, or never named it) is deleted.
      for (const upload of options.staged.get(request) ?? []) if (!upload.claimed) await upload.discard();
    },
  };
}
