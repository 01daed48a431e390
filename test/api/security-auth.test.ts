import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, upload } from '../support/graphql-client.ts';
import { fixture } from '../support/paths.ts';
import { openRawSocket } from '../support/raw-ws.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { AUTH_ENV, signToken, TEST_SECRET } from '../support/tokens.ts';

// Forged, expired and misdirected credentials, over HTTP and graphql-ws, against HS256 and a JWKS
// (RS256) served by the test; then what each role may do.
const { AUTH_JWT_ISSUER: ISSUER, AUTH_JWT_AUDIENCE: AUDIENCE } = AUTH_ENV;
const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('authentication and roles', () => {
  let app: TestApp;
  let jwks: Server;
  let rsa: Awaited<ReturnType<typeof generateKeyPair>>;
  let ec: Awaited<ReturnType<typeof generateKeyPair>>;
  let publicPem: string;
  const now = (): number => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    rsa = await generateKeyPair('RS256');
    publicPem = await exportSPKI(rsa.publicKey);
    ec = await generateKeyPair('ES256');
    const jwk: JWK = { ...(await exportJWK(rsa.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    const ecJwk: JWK = { ...(await exportJWK(ec.publicKey)), kid: 'e1', alg: 'ES256', use: 'sig' };
    jwks = createServer((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk, ecJwk] }));
    });
    await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', () => r()));
    const address = jwks.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    app = await startTestApp({ ...AUTH_ENV, AUTH_JWKS_URL: `http://127.0.0.1:${port}/jwks.json`, AUTH_JWT_MAX_TTL_S: 3600 });
  });
  afterAll(async () => {
    await app?.stop();
    await new Promise((r) => jwks?.close(r));
  });

  const ask = async (authorization: string | null): Promise<{ status: number; code: string | undefined }> => {
    const response = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify({ query: '{ persons { edges { cursor } } }' }),
    });
    const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    return { status: response.status, code: body.errors?.[0]?.extensions?.code };
  };
  const rs256 = (claims: Record<string, unknown>, kid = 'k1') =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuedAt()
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime('5m')
      .sign(rsa.privateKey);
  const hs = (claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'HS256' }, secret = TEST_SECRET) =>
    new SignJWT(claims).setProtectedHeader(header as { alg: string }).sign(new TextEncoder().encode(secret));

  it('accepts a valid HS256 token and JWKS-signed RS256 and ES256 tokens', async () => {
    expect(await ask(`Bearer ${await signToken({ tenant: 't1' })}`)).toEqual({ status: 200, code: undefined });
    expect(await ask(`Bearer ${await rs256({ tenant: 't1' })}`)).toEqual({ status: 200, code: undefined });
    const es256 = await new SignJWT({ tenant: 't1' })
      .setProtectedHeader({ alg: 'ES256', kid: 'e1' })
      .setIssuedAt()
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime('5m')
      .sign(ec.privateKey);
    expect(await ask(`Bearer ${es256}`)).toEqual({ status: 200, code: undefined });
  });

  it('refuses forged, expired and misdirected tokens with 401 UNAUTHENTICATED, before parsing', async () => {
    const base = { tenant: 't1', iss: ISSUER, aud: AUDIENCE };
    const forged: Record<string, string> = {
      'no token': '',
      'alg none': `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...base, iat: now(), exp: now() + 60 })}.`,
      'alg None': `${b64({ alg: 'None' })}.${b64({ ...base, iat: now(), exp: now() + 60 })}.`,
      'empty signature': `${(await signToken({ tenant: 't1' })).split('.').slice(0, 2).join('.')}.`,
      'HS256 signed with the RSA public key': await hs({ ...base, iat: now(), exp: now() + 60 }, { alg: 'HS256' }, publicPem),
      'an algorithm not on the list (HS512)': await hs({ ...base, iat: now(), exp: now() + 60 }, { alg: 'HS512' }),
      expired: await hs({ ...base, iat: now() - 600, exp: now() - 300 }),
      'no exp': await hs({ ...base, iat: now() }),
      'lifetime over AUTH_JWT_MAX_TTL_S': await hs({ ...base, iat: now(), exp: now() + 7200 }),
      'iat a year ahead': await hs({ ...base, iat: now() + 365 * 86400, exp: now() + 365 * 86400 + 60 }),
      'nbf in the future': await hs({ ...base, iat: now(), nbf: now() + 600, exp: now() + 900 }),
      'wrong iss': await hs({ ...base, iss: 'https://evil.example', iat: now(), exp: now() + 60 }),
      'wrong aud': await hs({ ...base, aud: 'someone-else', iat: now(), exp: now() + 60 }),
      'another secret': await signToken({ tenant: 't1' }, { secret: 'another-secret-that-is-also-32-characters-long' }),
      'an unknown kid': await rs256({ tenant: 't1' }, 'unknown'),
    };
    for (const [name, token] of Object.entries(forged)) {
      expect(await ask(token ? `Bearer ${token}` : null), name).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    }
    // A valid token that names no tenant: 403.
    expect(await ask(`Bearer ${await signToken({ sub: 'x' })}`)).toEqual({ status: 403, code: 'FORBIDDEN' });
    // Refused before parsing: a stranger's broken query gets no schema hints.
    const hint = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ persns { id } }' }),
    });
    expect(await hint.text()).not.toMatch(/Did you mean|persons/);
  });

  it('graphql-ws: no token closes with 4403; a token that expires closes the socket', async () => {
    const refused = await openRawSocket(app.url, {});
    expect(refused.acked).toBe(false);
    expect((await refused.socket.closed).code).toBe(4403);
    const bad = await openRawSocket(app.url, { authorization: 'Bearer nonsense' });
    expect((await bad.socket.closed).code).toBe(4403);

    const shortLived = await signToken({ tenant: 't1' }, { expiresIn: '2s' });
    const { socket, acked } = await openRawSocket(app.url, { authorization: `Bearer ${shortLived}` });
    expect(acked).toBe(true);
    void socket.operation('live', 'subscription { livenessVerdicts { faceId } }');
    const closed = await socket.closed;
    expect(closed.code).toBe(4403);
    expect(closed.reason).toMatch(/expired/i);
  });

  it('roles: a viewer reads but cannot enroll, delete or read embeddings; an operator cannot change settings', async () => {
    const viewer = { authorization: `Bearer ${await signToken({ tenant: 'roles', roles: ['viewer'] })}` };
    const operator = { authorization: `Bearer ${await signToken({ tenant: 'roles', roles: ['operator'] })}` };
    const admin = { authorization: `Bearer ${await signToken({ tenant: 'roles', roles: ['admin'] })}` };
    expect((await gql(app.url, '{ persons { edges { cursor } } }', {}, viewer)).errors).toBeUndefined();
    expect((await gql(app.url, 'mutation { createPerson(name: "V") { id } }', {}, viewer)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const created = await gql<{ createPerson: { id: string } }>(app.url, 'mutation { createPerson(name: "Obama") { id } }', {}, operator);
    const personId = created.data?.createPerson.id as string;
    const { body } = await upload<{ enrollFace: { id: string } }>(
      app.url,
      'mutation($p: ID!, $image: File!) { enrollFace(personId: $p, image: $image) { id } }',
      { image: { bytes: readFileSync(fixture('id_obama_1.jpg')), name: 'o.jpg' } },
      { p: personId },
      viewer,
    );
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const enrolled = await upload<{ enrollFace: { id: string } }>(
      app.url,
      'mutation($p: ID!, $image: File!) { enrollFace(personId: $p, image: $image) { id } }',
      { image: { bytes: readFileSync(fixture('id_obama_1.jpg')), name: 'o.jpg' } },
      { p: personId },
      operator,
    );
    expect(enrolled.body.errors).toBeUndefined();

    const embedding = 'query($id: ID!) { person(id: $id) { faces { recognition { embedding } } } }';
    for (const who of [viewer, operator]) {
      const read = await gql<{ person: { faces: { recognition: { embedding: number[] | null } }[] } }>(app.url, embedding, { id: personId }, who);
      expect(read.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(read.data?.person.faces[0]?.recognition.embedding ?? null).toBeNull();
    }
    const byAdmin = await gql<{ person: { faces: { recognition: { embedding: number[] } }[] } }>(app.url, embedding, { id: personId }, admin);
    expect(byAdmin.data?.person.faces[0]?.recognition.embedding).toHaveLength(512);

    expect((await gql(app.url, 'mutation($id: ID!) { deletePerson(id: $id) { facesErased } }', { id: personId }, viewer)).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await gql(app.url, 'mutation($id: ID!) { deletePerson(id: $id) { facesErased } }', { id: personId }, operator)).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await gql(app.url, 'mutation { updateRecognitionSettings(verifyThreshold: 0.5) { updatedBy } }', {}, operator)).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    // Over graphql-ws too: a viewer's mutation is refused, its subscription allowed.
    const ws = await openRawSocket(app.url, viewer);
    const refused = await ws.socket.operation('m', 'mutation { createPerson(name: "W") { id } }');
    expect(JSON.stringify(refused.payload)).toMatch(/FORBIDDEN/);
    ws.socket.close();
    expect(
      (await gql<{ deletePerson: { facesErased: number } }>(app.url, 'mutation($id: ID!) { deletePerson(id: $id) { facesErased } }', { id: personId }, admin))
        .data?.deletePerson.facesErased,
    ).toBe(1);
  });
});

describe('the audit log', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ ...AUTH_ENV });
  });
  afterAll(async () => app?.stop());

  it('records every mutation with its actor, request, targets and outcome, for admins only, and no credential', async () => {
    const operatorToken = await signToken({ tenant: 'audit', sub: 'olga', roles: ['operator'] });
    const adminToken = await signToken({ tenant: 'audit', sub: 'ada', roles: ['admin'] });
    const operator = { authorization: `Bearer ${operatorToken}`, 'x-request-id': 'req-42' };
    const admin = { authorization: `Bearer ${adminToken}` };
    const created = await gql<{ createPerson: { id: string } }>(app.url, 'mutation { createPerson(name: "Grace") { id } }', {}, operator);
    const id = created.data?.createPerson.id as string;
    expect((await gql(app.url, 'mutation { createPerson(name: "  ") { id } }', {}, operator)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await gql(app.url, 'mutation($id: ID!) { deletePerson(id: $id) { facesErased } }', { id }, operator)).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await gql(app.url, 'mutation($id: ID!) { deletePerson(id: $id) { facesErased } }', { id }, admin)).errors).toBeUndefined();

    type Row = {
      action: string;
      actorKind: string;
      actorId: string | null;
      requestId: string | null;
      targetIds: string[];
      outcome: string;
      errorCode: string | null;
    };
    const { data, errors } = await gql<{ auditEvents: { edges: { node: Row }[] } }>(
      app.url,
      '{ auditEvents(first: 20) { edges { node { action actorKind actorId requestId targetIds outcome errorCode at } } } }',
      {},
      admin,
    );
    expect(errors).toBeUndefined();
    const rows = (data?.auditEvents.edges ?? []).map((e) => e.node).reverse();
    const uuid = Buffer.from(id, 'base64').toString().split(':')[1] as string;
    expect(rows.map((r) => [r.action, r.actorId, r.outcome, r.errorCode])).toEqual([
      ['createPerson', 'olga', 'OK', null],
      ['createPerson', 'olga', 'ERROR', 'BAD_USER_INPUT'],
      ['deletePerson', 'olga', 'ERROR', 'FORBIDDEN'],
      ['PERSON_DELETED', null, 'OK', null],
      ['deletePerson', 'ada', 'OK', null],
    ]);
    expect(rows[0]).toMatchObject({ actorKind: 'token', requestId: 'req-42', targetIds: [id] });
    expect(rows[4]?.targetIds).toEqual([id]);
    expect(uuid).toMatch(/^[0-9a-f-]{36}$/);
    // No credential in the log.
    const all = JSON.stringify(rows);
    expect(all).not.toContain(operatorToken.split('.')[2]);
    expect(all).not.toContain(adminToken.split('.')[2]);
    // A viewer or an operator cannot read it.
    const viewer = { authorization: `Bearer ${await signToken({ tenant: 'audit', roles: ['viewer'] })}` };
    expect((await gql(app.url, '{ auditEvents(first: 1) { edges { cursor } } }', {}, viewer)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await gql(app.url, '{ auditEvents(first: 1) { edges { cursor } } }', {}, operator)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('without auth', () => {
  it('listens on 127.0.0.1 unless HOST says otherwise, and says why', async () => {
    const app = await startTestApp({ HOST: undefined });
    try {
      expect(new URL(app.url).hostname).toBe('127.0.0.1');
    } finally {
      await app.stop();
    }
  });
});
