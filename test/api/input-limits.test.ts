import { request as httpRequest } from 'node:http';
import { randomBytes } from 'node:crypto';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeTypenames } from '../../src/schema/ids.ts';
import { schema } from '../../src/schema/index.ts';
import { gql, upload, uploadList, type GraphQLResponse } from '../support/graphql-client.ts';
import { blankJpeg } from '../support/images.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

// Every input a caller can get wrong answers its own code, never INTERNAL: free-text arguments
// (length, NUL and control characters), pagination cursors, IDs of every node type, and the size of
// a request in all (REQUEST_TOO_LARGE) beside the size of one file (IMAGE_TOO_LARGE).

const MiB = 1024 * 1024;
const MAX_UPLOAD_BYTES = 12 * MiB;
// Over yoga's own default body limit (25 MB), so a yoga that still applies it fails the batch test below.
const MAX_REQUEST_BYTES = 30 * MiB;

type Errors = GraphQLResponse<unknown>['errors'];
const codeOf = (errors: Errors): string | undefined => errors?.[0]?.extensions?.code;
const show = (value: unknown): string => JSON.stringify(value).slice(0, 600);

describe('input limits: free text, cursors, IDs and request size answer their own codes', () => {
  let app: TestApp;
  let max: number;
  let personId: string;

  const healthy = async (): Promise<void> => {
    const answer = await gql<{ __typename: string }>(app.url, '{ __typename }');
    expect(answer, 'the server must still answer').toEqual({ data: { __typename: 'Query' } });
  };

  beforeAll(async () => {
    app = await startTestApp({
      MAX_UPLOAD_BYTES,
      MAX_REQUEST_BYTES,
      RATE_LIMIT_CREDENTIAL_PER_MINUTE: 1_000_000,
      RATE_LIMIT_TENANT_PER_MINUTE: 1_000_000,
    });
    max = app.app.services.config.MAX_STRING_LENGTH;
    const created = await gql<{ createPerson: { id: string } }>(app.url, 'mutation { createPerson(name: "Ada Lovelace", externalId: "ada-1") { id } }');
    expect(created.errors, show(created)).toBeUndefined();
    personId = created.data?.createPerson.id as string;
  });
  afterAll(async () => app?.stop());

  describe('free-text arguments: at most MAX_STRING_LENGTH characters, no NUL or control characters', () => {
    const bad = (): [string, string][] => [
      ['a NUL byte', 'Ada\u0000Lovelace'],
      ['a lone NUL', '\u0000'],
      ['a control character (ESC)', 'Ada\u001bLovelace'],
      ['a lone surrogate', 'Ada\ud800'],
      ['MAX_STRING_LENGTH + 1 characters', 'a'.repeat(max + 1)],
      ['a megabyte', 'a'.repeat(1024 * 1024)],
    ];

    it('createPerson refuses each bad name and externalId with BAD_USER_INPUT, and stores nothing', async () => {
      const query = 'mutation($name: String!, $externalId: String) { createPerson(name: $name, externalId: $externalId) { id } }';
      for (const [what, value] of bad()) {
        for (const variables of [{ name: value }, { name: 'Valid Name', externalId: value }]) {
          const answer = await gql(app.url, query, variables);
          expect(codeOf(answer.errors), `${what} in ${Object.keys(variables).at(-1)}: ${show(answer)}`).toBe('BAD_USER_INPUT');
          expect(answer.data ?? null).toBeNull();
        }
      }
      const listed = await gql<{ persons: { edges: unknown[] } }>(app.url, '{ persons(first: 100) { edges { cursor } } }');
      expect(listed.data?.persons.edges).toHaveLength(1);
      await healthy();
    });

    it('accepts MAX_STRING_LENGTH characters (counted as code points), tabs and newlines', async () => {
      const query = 'mutation($name: String!, $externalId: String) { createPerson(name: $name, externalId: $externalId) { id name externalId } }';
      for (const name of ['b'.repeat(max), '😀'.repeat(max), 'Grace\tHopper\nRear Admiral\r\n']) {
        const answer = await gql<{ createPerson: { id: string; name: string } }>(app.url, query, { name, externalId: `ext-${randomBytes(4).toString('hex')}` });
        expect(answer.errors, show(answer)).toBeUndefined();
        expect(answer.data?.createPerson.name).toBe(name.trim());
        await gql(app.url, 'mutation($id: ID!) { deletePerson(id: $id) { facesErased } }', { id: answer.data?.createPerson.id });
      }
    });

    it('updatePerson refuses each bad name and externalId with BAD_USER_INPUT and leaves the person as it was', async () => {
      const query = 'mutation($id: ID!, $name: String, $externalId: String) { updatePerson(id: $id, name: $name, externalId: $externalId) { id } }';
      for (const [what, value] of bad()) {
        for (const variables of [{ name: value }, { externalId: value }]) {
          const answer = await gql(app.url, query, { id: personId, ...variables });
          expect(codeOf(answer.errors), `${what} in ${Object.keys(variables)[0]}: ${show(answer)}`).toBe('BAD_USER_INPUT');
        }
      }
      const person = await gql<{ person: { name: string; externalId: string } }>(app.url, 'query($id: ID!) { person(id: $id) { name externalId } }', {
        id: personId,
      });
      expect(person.data?.person).toEqual({ name: 'Ada Lovelace', externalId: 'ada-1' });
      await healthy();
    });

    it('persons(search) refuses each bad search with BAD_USER_INPUT; a good one still finds', async () => {
      const query = 'query($search: String) { persons(first: 10, search: $search) { edges { node { name } } } }';
      for (const [what, value] of bad()) {
        const answer = await gql(app.url, query, { search: value });
        expect(codeOf(answer.errors), `${what}: ${show(answer)}`).toBe('BAD_USER_INPUT');
      }
      const found = await gql<{ persons: { edges: { node: { name: string } }[] } }>(app.url, query, { search: 'lovel' });
      expect(found.data?.persons.edges.map((e) => e.node.name)).toEqual(['Ada Lovelace']);
      await healthy();
    });

    it('enrollFaces(requestId) refuses a bad requestId with BAD_USER_INPUT before any image is analysed', async () => {
      const image = { bytes: await blankJpeg(), name: 'blank.jpg' };
      const query =
        'mutation($personId: ID!, $images: [File!]!, $requestId: String) { enrollFaces(personId: $personId, images: $images, requestId: $requestId) { index } }';
      // A megabyte does not fit in the multipart "operations" field (1 MB); 100 000 characters do.
      for (const [what, value] of bad()
        .filter(([what]) => what !== 'a megabyte')
        .concat([['100 000 characters', 'r'.repeat(100_000)]])) {
        const before = await gql<{ analysisSessions: { edges: unknown[] } }>(app.url, '{ analysisSessions(first: 100) { edges { cursor } } }');
        const { body } = await uploadList(app.url, query, [image], { personId, requestId: value });
        expect(codeOf(body.errors), `${what}: ${show(body)}`).toBe('BAD_USER_INPUT');
        const after = await gql<{ analysisSessions: { edges: unknown[] } }>(app.url, '{ analysisSessions(first: 100) { edges { cursor } } }');
        expect(after.data?.analysisSessions.edges.length, 'no session was started').toBe(before.data?.analysisSessions.edges.length);
      }
      await healthy();
    });
  });

  describe('pagination cursors: one this server did not write is BAD_USER_INPUT "Invalid pagination cursor."', () => {
    const cursor = (text: string): string => Buffer.from(text).toString('base64url');
    const uuid = '0b0e6a4e-7c1e-4f7e-9d5a-3f0d2a1b9c8e';

    beforeAll(async () => {
      // Three sessions without inference: unreadable files are stored as FAILED sessions of a batch.
      const { body } = await uploadList(app.url, 'mutation($images: [File!]!) { analyzeImages(images: $images) { id } }', [
        { bytes: randomBytes(64), name: 'a.jpg' },
        { bytes: randomBytes(64), name: 'b.jpg' },
        { bytes: randomBytes(64), name: 'c.jpg' },
      ]);
      expect(body.errors, show(body)).toBeUndefined();
      for (const name of ['Bea', 'Cyd', 'Dan']) await gql(app.url, 'mutation($name: String!) { createPerson(name: $name) { id } }', { name });
    });

    it('analysisSessions(after/before) refuses each crafted cursor', async () => {
      const crafted: [string, string][] = [
        ['a non-UUID id', cursor('2024-01-01T00:00:00.000Z|not-a-uuid')],
        ['SQL in the id', cursor("2024-01-01T00:00:00.000Z|' OR 1=1 --")],
        ['a NUL in the id', cursor(`2024-01-01T00:00:00.000Z|${uuid}\u0000`)],
        ['a third part', cursor(`2024-01-01T00:00:00.000Z|${uuid}|x`)],
        ['no id', cursor('2024-01-01T00:00:00.000Z')],
        ['an invalid date', cursor(`not-a-date|${uuid}`)],
        ['a date before year 0 (outside PostgreSQL)', cursor(`-271821-04-20T00:00:00.000Z|${uuid}`)],
        ['a date after year 9999', cursor(`+275760-09-13T00:00:00.000Z|${uuid}`)],
        ['a date in another format', cursor(`1 January 2024|${uuid}`)],
        ['not base64', '%%%%'],
        ['a megabyte', cursor('x'.repeat(1024 * 1024))],
      ];
      for (const [what, value] of crafted) {
        for (const direction of ['after', 'before'] as const) {
          const page = direction === 'after' ? 'first: 2, after: $c' : 'last: 2, before: $c';
          const answer = await gql(app.url, `query($c: String) { analysisSessions(${page}) { edges { cursor } } }`, { c: value });
          expect(codeOf(answer.errors), `${what} (${direction}): ${show(answer)}`).toBe('BAD_USER_INPUT');
          expect(answer.errors?.[0]?.message).toBe('Invalid pagination cursor.');
        }
      }
      await healthy();
    });

    it('analysisSessions pages on with the cursors it wrote', async () => {
      const query = 'query($c: String) { analysisSessions(first: 2, after: $c) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }';
      type Page = { analysisSessions: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } };
      const first = await gql<Page>(app.url, query);
      expect(first.data?.analysisSessions.edges).toHaveLength(2);
      const second = await gql<Page>(app.url, query, { c: first.data?.analysisSessions.pageInfo.endCursor });
      expect(second.errors, show(second)).toBeUndefined();
      expect(second.data?.analysisSessions.edges.length).toBeGreaterThanOrEqual(1);
      const ids = [...(first.data?.analysisSessions.edges ?? []), ...(second.data?.analysisSessions.edges ?? [])].map((e) => e.node.id);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('persons(after) refuses each crafted cursor', async () => {
      const crafted: [string, string][] = [
        ['a non-UUID id', cursor(JSON.stringify(['Bea', 'not-a-uuid']))],
        ['SQL in the id', cursor(JSON.stringify(['Bea', "' OR 1=1 --"]))],
        ['a number for the id', cursor(JSON.stringify(['Bea', 7]))],
        ['a NUL in the name', cursor(JSON.stringify(['Be\u0000a', uuid]))],
        ['a name over MAX_STRING_LENGTH', cursor(JSON.stringify(['n'.repeat(max + 1), uuid]))],
        ['a number for the name', cursor(JSON.stringify([1, uuid]))],
        ['an object', cursor(JSON.stringify({ name: 'Bea', id: uuid }))],
        ['null', cursor('null')],
        ['an empty array', cursor('[]')],
        ['a string', cursor(JSON.stringify(uuid))],
        ['not JSON', cursor('Bea|' + uuid)],
        ['not base64', '%%%%'],
      ];
      for (const [what, value] of crafted) {
        const answer = await gql(app.url, 'query($c: String) { persons(first: 2, after: $c) { edges { cursor } } }', { c: value });
        expect(codeOf(answer.errors), `${what}: ${show(answer)}`).toBe('BAD_USER_INPUT');
        expect(answer.errors?.[0]?.message).toBe('Invalid pagination cursor.');
      }
      await healthy();
    });

    it('persons pages on with the cursors it wrote', async () => {
      const query = 'query($c: String) { persons(first: 2, after: $c) { edges { node { name } } pageInfo { endCursor } } }';
      type Page = { persons: { edges: { node: { name: string } }[]; pageInfo: { endCursor: string } } };
      const first = await gql<Page>(app.url, query);
      const second = await gql<Page>(app.url, query, { c: first.data?.persons.pageInfo.endCursor });
      expect(second.errors, show(second)).toBeUndefined();
      expect([...(first.data?.persons.edges ?? []), ...(second.data?.persons.edges ?? [])].map((e) => e.node.name)).toEqual([
        'Ada Lovelace',
        'Bea',
        'Cyd',
        'Dan',
      ]);
    });
  });

  describe('IDs: node(id), nodes(ids) and the typed fields of every node type', () => {
    const zeroUuid = '00000000-0000-4000-8000-000000000000';
    /** What a global ID of a node type may hold that is not one of its objects. */
    const payloads = (typename: string): [string, string][] => [
      ['a non-UUID', 'not-a-uuid'],
      ['a global ID nested in it', encodeGlobalID(typename, zeroUuid)],
      ['a nested global ID of a real object', encodeGlobalID(typename, personIdRaw())],
      ['SQL', "' OR 1=1 --"],
      ['a NUL', `${zeroUuid}\u0000`],
      ['a megabyte', 'x'.repeat(1024 * 1024)],
      ['an unknown UUID', zeroUuid],
      ['an unknown UUID in capitals', zeroUuid.toUpperCase()],
    ];
    const wiring = 'is decodeNodeId (src/schema/ids.ts) the relay decodeGlobalID in src/schema/builder.ts?';
    let personUuid = '';
    const personIdRaw = (): string => personUuid;

    beforeAll(async () => {
      const person = await gql<{ person: { id: string } }>(app.url, 'query($id: ID!) { person(id: $id) { id } }', { id: personId });
      personUuid = Buffer.from(person.data?.person.id as string, 'base64')
        .toString()
        .split(':')[1] as string;
    });

    it('nodeTypenames lists exactly the types that implement Node', () => {
      const implementations = Object.values(schema.getTypeMap())
        .filter((t) => 'getInterfaces' in t && t.getInterfaces().some((i) => i.name === 'Node'))
        .map((t) => t.name);
      expect([...nodeTypenames].sort()).toEqual(implementations.sort());
    });

    it('node(id) and nodes(ids) answer null for an ID of a node type that holds no UUID of it (Person: NOT_FOUND, as person(id)); never INTERNAL', async () => {
      for (const typename of nodeTypenames) {
        for (const [what, raw] of payloads(typename)) {
          const id = encodeGlobalID(typename, raw);
          const one = await gql<{ node: unknown }>(app.url, 'query($id: ID!) { node(id: $id) { id } }', { id });
          const many = await gql<{ nodes: unknown[] }>(app.url, 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: [id] });
          const label = `${typename} holding ${what}`;
          if (typename === 'Person') {
            expect(codeOf(one.errors), `node: ${label}: ${show(one)}; ${wiring}`).toBe('NOT_FOUND');
            expect(codeOf(many.errors), `nodes: ${label}: ${show(many)}; ${wiring}`).toBe('NOT_FOUND');
          } else {
            expect(one, `node: ${label}; ${wiring}`).toEqual({ data: { node: null } });
            expect(many, `nodes: ${label}; ${wiring}`).toEqual({ data: { nodes: [null] } });
          }
        }
      }
      await healthy();
    });

    it('node(id) refuses a string that is not a global ID of a node type with BAD_USER_INPUT', async () => {
      for (const [what, id] of [
        ['not base64', '%%%%'],
        ['a NUL', '\u0000'],
        ['no typename', encodeGlobalID('', zeroUuid)],
        ['no id', encodeGlobalID('Person', '')],
        ['an unknown type', encodeGlobalID('Nope', zeroUuid)],
        ['a type that is not a node', encodeGlobalID('StageRun', zeroUuid)],
        ['the Query type', encodeGlobalID('Query', zeroUuid)],
      ] as const) {
        const answer = await gql(app.url, 'query($id: ID!) { node(id: $id) { id } }', { id });
        expect(codeOf(answer.errors), `${what}: ${show(answer)}; ${wiring}`).toBe('BAD_USER_INPUT');
      }
      await healthy();
    });

    it('real objects still resolve through node(id) and nodes(ids)', async () => {
      const { data } = await gql<{ analysisSessions: { edges: { node: { id: string } }[] } }>(
        app.url,
        '{ analysisSessions(first: 1) { edges { node { id } } } }',
      );
      const sessionId = data?.analysisSessions.edges[0]?.node.id as string;
      const answer = await gql<{ nodes: { __typename: string; id: string }[] }>(app.url, 'query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }', {
        ids: [personId, sessionId, encodeGlobalID('Person', personUuid.toUpperCase())],
      });
      expect(answer, wiring).toEqual({
        data: {
          nodes: [
            { __typename: 'Person', id: personId },
            { __typename: 'AnalysisSession', id: sessionId },
            { __typename: 'Person', id: personId },
          ],
        },
      });
    });

    it('person(id), analysisSession(id), updatePerson(id) and deletePerson(id) answer NOT_FOUND for each', async () => {
      const fields: [string, string, string][] = [
        ['Person', 'person', 'query($id: ID!) { person(id: $id) { id } }'],
        ['AnalysisSession', 'analysisSession', 'query($id: ID!) { analysisSession(id: $id) { id } }'],
        ['Person', 'updatePerson', 'mutation($id: ID!) { updatePerson(id: $id, name: "X") { id } }'],
        ['Person', 'deletePerson', 'mutation($id: ID!) { deletePerson(id: $id) { personId } }'],
      ];
      for (const [typename, field, query] of fields) {
        const ids: [string, string][] = [
          ...payloads(typename).map(([what, raw]): [string, string] => [`a global ID holding ${what}`, encodeGlobalID(typename, raw)]),
          ['a bare non-UUID', 'not-a-uuid'],
          ['a bare NUL', '\u0000'],
          ['a bare megabyte', 'y'.repeat(1024 * 1024)],
          ['a global ID of another type', encodeGlobalID('Face', zeroUuid)],
        ];
        for (const [what, id] of ids) {
          const answer = await gql(app.url, query, { id });
          expect(codeOf(answer.errors), `${field}: ${what}: ${show(answer)}`).toBe('NOT_FOUND');
        }
      }
      const person = await gql<{ person: { name: string } }>(app.url, 'query($id: ID!) { person(id: $id) { name } }', { id: personId });
      expect(person.data?.person.name, 'the real person was neither renamed nor erased').toBe('Ada Lovelace');
      await healthy();
    });
  });

  describe('request size: MAX_REQUEST_BYTES for the whole request (REQUEST_TOO_LARGE), MAX_UPLOAD_BYTES per file (IMAGE_TOO_LARGE)', () => {
    const wiring =
      'is the request-size plugin wired in src/server.ts (createYoga: plugins: [useRequestSizeLimit(config.MAX_REQUEST_BYTES), ...] and maxRequestBodySize: false)?';
    const batch = 'mutation($images: [File!]!) { analyzeImages(images: $images) { id sessions { status error { code } } } }';
    const file = (bytes: number, name: string): { bytes: Uint8Array; name: string } => ({ bytes: randomBytes(bytes), name });
    const tooLarge = new RegExp(`^The request is (\\d+) bytes; the limit is MAX_REQUEST_BYTES \\(${MAX_REQUEST_BYTES} bytes\\) for all its files together\\.$`);

    it('one file over MAX_UPLOAD_BYTES in a request under MAX_REQUEST_BYTES is IMAGE_TOO_LARGE, citing the per-file limit', async () => {
      const { status, body } = await upload(app.url, 'mutation($image: File!) { analyzeImage(image: $image) { id } }', {
        image: file(MAX_UPLOAD_BYTES + MiB, 'big.jpg'),
      });
      expect(codeOf(body.errors), show(body)).toBe('IMAGE_TOO_LARGE');
      expect(body.errors?.[0]?.message).toContain(String(MAX_UPLOAD_BYTES));
      expect(status).toBe(413);
      await healthy();
      // The parser stopped reading that body: the connection must not be reused (else the next upload on it hangs until headersTimeout).
      for (const name of ['next-1.jpg', 'next-2.jpg', 'next-3.jpg']) {
        const next = await upload(app.url, 'mutation($image: File!) { analyzeImage(image: $image) { id } }', { image: file(1024, name) });
        expect(codeOf(next.body.errors), show(next.body)).toBe('BAD_IMAGE');
      }
    });

    it('files under MAX_UPLOAD_BYTES that add up to more than MAX_REQUEST_BYTES are REQUEST_TOO_LARGE (413), with both sizes', async () => {
      const { status, body } = await uploadList(app.url, batch, [file(11 * MiB, 'a.jpg'), file(11 * MiB, 'b.jpg'), file(11 * MiB, 'c.jpg')]);
      expect(codeOf(body.errors), `${show(body)}; ${wiring}`).toBe('REQUEST_TOO_LARGE');
      expect(status).toBe(413);
      expect(body.errors).toHaveLength(1);
      const size = Number(tooLarge.exec(body.errors?.[0]?.message ?? '')?.[1]);
      expect(size, body.errors?.[0]?.message).toBeGreaterThan(MAX_REQUEST_BYTES);
      await healthy();
    });

    it('one file larger than MAX_REQUEST_BYTES is REQUEST_TOO_LARGE: the request is refused before its file is read', async () => {
      const { status, body } = await upload(app.url, 'mutation($image: File!) { analyzeImage(image: $image) { id } }', {
        image: file(MAX_REQUEST_BYTES + MiB, 'huge.jpg'),
      });
      expect(codeOf(body.errors), `${show(body)}; ${wiring}`).toBe('REQUEST_TOO_LARGE');
      expect(body.errors?.[0]?.message).toMatch(tooLarge);
      expect(status).toBe(413);
      await healthy();
    });

    it('a request over 25 MB (yoga’s own default limit) but under MAX_REQUEST_BYTES is accepted', async () => {
      const { status, body } = await uploadList<{ analyzeImages: { sessions: { status: string; error: { code: string } | null }[] } }>(app.url, batch, [
        file(9 * MiB, 'a.jpg'),
        file(9 * MiB, 'b.jpg'),
        file(9 * MiB, 'c.jpg'),
      ]);
      expect(body.errors, `${show(body)}; ${wiring}`).toBeUndefined();
      expect(status).toBe(200);
      // Random bytes are no image: each file's own session fails, the batch stands.
      expect(body.data?.analyzeImages.sessions).toEqual([0, 1, 2].map(() => ({ status: 'FAILED', error: { code: 'BAD_IMAGE' } })));
    });

    it('a body without Content-Length (chunked) is refused as it streams past MAX_REQUEST_BYTES', async () => {
      const { status, body } = await new Promise<{ status: number; body: GraphQLResponse<unknown> }>((resolve, reject) => {
        const req = httpRequest(app.url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) as GraphQLResponse<unknown> }));
        });
        req.setTimeout(60_000, () => req.destroy(new Error('no answer in 60 s')));
        req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
        req.write('{"query":"{ __typename }","variables":{"pad":"');
        const chunk = Buffer.alloc(MiB, 0x61);
        const writeMore = (left: number): void => {
          if (left === 0 || req.destroyed) {
            req.end('"}}');
            return;
          }
          if (req.write(chunk)) setImmediate(() => writeMore(left - 1));
          else req.once('drain', () => writeMore(left - 1));
        };
        writeMore(MAX_REQUEST_BYTES / MiB + 4);
      });
      expect(codeOf(body.errors), `${show(body)}; ${wiring}`).toBe('REQUEST_TOO_LARGE');
      expect(body.errors?.[0]?.message).toBe(
        `The request is more than ${MAX_REQUEST_BYTES} bytes; the limit is MAX_REQUEST_BYTES (${MAX_REQUEST_BYTES} bytes) for all its files together.`,
      );
      expect(status).toBe(413);
      await healthy();
    });

    it('a JSON request over MAX_REQUEST_BYTES with Content-Length is REQUEST_TOO_LARGE too', async () => {
      const response = await fetch(app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'mutation($n: String!) { createPerson(name: $n) { id } }', variables: { n: 'z'.repeat(MAX_REQUEST_BYTES) } }),
      });
      const body = (await response.json()) as GraphQLResponse<unknown>;
      expect(codeOf(body.errors), `${show(body)}; ${wiring}`).toBe('REQUEST_TOO_LARGE');
      expect(response.status).toBe(413);
      await healthy();
    });
  });
});
