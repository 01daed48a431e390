import type { GraphQLResponse } from './graphql-client.ts';
import { randomUUID } from 'node:crypto';
import { request, type ClientRequest } from 'node:http';

const MB = 1_000_000;

export interface RawUpload {
  /** Resolves with the response, once one arrives (also when the server answers before the body is done). */
  response: Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>;
  /** Writes `bytes` more of the file (1 MB chunks, as the socket takes them). */
  write(bytes: number): Promise<void>;
  /** Ends the file part and the request. */
  end(): void;
  /** Drops the connection mid-request (a client that went away). */
  abort(): void;
  req: ClientRequest;
}

/**
 * An analyzeVideo multipart request written by hand over a raw HTTP connection (chunked, no Content-Length),
 * so a test decides how much of the file is sent and when: generated as it goes, never held whole.
 */
export function rawVideoUpload(url: string, headers: Record<string, string> = {}): RawUpload {
  const boundary = `----facesocial${randomUUID()}`;
  const operations = JSON.stringify({ query: 'mutation($video: File!) { analyzeVideo(video: $video) { id } }', variables: { video: null } });
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${operations}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="map"\r\n\r\n{"0":["variables.video"]}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="0"; filename="big.mp4"\r\nContent-Type: video/mp4\r\n\r\n`;
  const chunk = Buffer.alloc(MB, 0x5a);
  let answered = false;
  let req!: ClientRequest;
  const response = new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    req = request(
      url,
      { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'graphql-preflight': '1', ...headers } },
      (res) => {
        answered = true;
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    // A server that refuses the body mid-way answers, then closes: writing the rest fails, which is expected then.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
  });
  req.write(head);
  return {
    req,
    response,
    write: (bytes) =>
      new Promise<void>((resolve) => {
        let sent = 0;
        const pump = (): void => {
          while (sent < bytes && !answered && !req.destroyed) {
            const part = chunk.subarray(0, Math.min(MB, bytes - sent));
            sent += part.length;
            if (!req.write(part)) return void req.once('drain', pump);
          }
          resolve();
        };
        pump();
      }),
    end: () => {
      if (!answered && !req.destroyed) req.end(`\r\n--${boundary}--\r\n`);
    },
    abort: () => req.destroy(),
  };
}

/** A whole upload of `bytes` (the file is filler, not a video). */
export async function sendRawVideo(url: string, bytes: number, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const upload = rawVideoUpload(url, headers);
  await upload.write(bytes);
  upload.end();
  return upload.response;
}

/** A raw answer's GraphQL body. */
export const graphqlBody = (body: string): GraphQLResponse<unknown> => JSON.parse(body) as GraphQLResponse<unknown>;
