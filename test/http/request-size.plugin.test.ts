import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchema, createYoga } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useRequestSizeLimit } from '../../src/http/request-size.plugin.ts';

// The plugin on a yoga of its own (the real app's wiring is tested in test/api/input-limits.test.ts):
// a body over the limit, with or without Content-Length, JSON or multipart, is 413 REQUEST_TOO_LARGE.
const LIMIT = 64 * 1024;

interface Answer {
  status: number;
  /** The Connection header: `close` after a 413, whose body was not read to its end. */
  connection: string | undefined;
  body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
}

/** A raw HTTP request, so the test chooses between Content-Length and chunked transfer encoding. */
function send(url: string, body: Buffer, headers: Record<string, string>, chunked: boolean): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: { ...headers, ...(chunked ? {} : { 'content-length': String(body.byteLength) }) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body: JSON.parse(Buffer.concat(chunks).toString()) as Answer['body'] }),
      );
      res.on('error', reject);
    });
    req.setTimeout(20_000, () => req.destroy(new Error('no answer in 20 s (a connection left with an unread body?)')));
    // The server may answer and stop reading before the whole body is sent: that is the point.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    if (chunked) {
      // Several writes, so the body really arrives in chunks without a length.
      for (let offset = 0; offset < body.byteLength; offset += 16 * 1024) req.write(body.subarray(offset, offset + 16 * 1024));
      req.end();
    } else {
      req.end(body);
    }
  });
}

const jsonBody = (padding: number): Buffer => Buffer.from(JSON.stringify({ query: '{ hello }', variables: { pad: 'x'.repeat(padding) } }));

function multipartBody(fileBytes: number): { body: Buffer; type: string } {
  const boundary = '----request-size-test';
  const parts = [
    `--${boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${JSON.stringify({ query: 'mutation($f: File!) { size(file: $f) }', variables: { f: null } })}\r\n`,
    `--${boundary}\r\nContent-Disposition: form-data; name="map"\r\n\r\n${JSON.stringify({ 0: ['variables.f'] })}\r\n`,
    `--${boundary}\r\nContent-Disposition: form-data; name="0"; filename="a.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  ];
  const body = Buffer.concat([Buffer.from(parts.join('')), Buffer.alloc(fileBytes, 0x61), Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}

describe('useRequestSizeLimit', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    const yoga = createYoga({
      schema: createSchema({
        typeDefs: 'scalar File\ntype Query { hello: String! }\ntype Mutation { size(file: File!): Int! }',
        resolvers: { Query: { hello: () => 'world' }, Mutation: { size: (_: unknown, { file }: { file: File }) => file.size } },
      }),
      maxRequestBodySize: false,
      logging: false,
      plugins: [useRequestSizeLimit(LIMIT)],
    });
    server = createServer((req, res) => void yoga(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const healthy = async (): Promise<void> => {
    const answer = await send(url, jsonBody(0), { 'content-type': 'application/json' }, false);
    expect(answer.body).toEqual({ data: { hello: 'world' } });
  };

  it('answers bodies up to the limit, with and without Content-Length', async () => {
    for (const chunked of [false, true]) {
      const json = await send(url, jsonBody(LIMIT - 200), { 'content-type': 'application/json' }, chunked);
      expect(json.status, JSON.stringify(json.body)).toBe(200);
      const { body, type } = multipartBody(LIMIT - 1000);
      const multipart = await send(url, body, { 'content-type': type }, chunked);
      expect(multipart.body).toEqual({ data: { size: LIMIT - 1000 } });
    }
  });

  it('refuses a Content-Length over the limit before reading the body: 413 REQUEST_TOO_LARGE with both sizes', async () => {
    const body = jsonBody(LIMIT);
    const answer = await send(url, body, { 'content-type': 'application/json' }, false);
    expect(answer.status).toBe(413);
    expect(answer.connection).toBe('close');
    expect(answer.body).toEqual({
      errors: [
        {
          message: `The request is ${body.byteLength} bytes; the limit is MAX_REQUEST_BYTES (${LIMIT} bytes) for all its files together.`,
          extensions: { code: 'REQUEST_TOO_LARGE' },
        },
      ],
    });
    await healthy();
  });

  it('refuses a chunked body (no Content-Length) once it streams past the limit, JSON or multipart', async () => {
    for (const [name, body, type] of [
      ['json', jsonBody(4 * LIMIT), 'application/json'],
      ['multipart', ...Object.values(multipartBody(4 * LIMIT))],
    ] as [string, Buffer, string][]) {
      const answer = await send(url, body, { 'content-type': type }, true);
      expect(answer.status, name).toBe(413);
      expect(answer.connection, name).toBe('close');
      expect(answer.body.errors?.[0]?.extensions?.code, name).toBe('REQUEST_TOO_LARGE');
      expect(answer.body.errors?.[0]?.message, name).toBe(
        `The request is more than ${LIMIT} bytes; the limit is MAX_REQUEST_BYTES (${LIMIT} bytes) for all its files together.`,
      );
      await healthy();
    }
  });
});
