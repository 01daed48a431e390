import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateApiKey } from '../../src/auth/api-key-format.ts';
import { gql } from '../support/graphql-client.ts';
import { openRawSocket } from '../support/raw-ws.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { AUTH_ENV, bearer } from '../support/tokens.ts';

// API keys end to end: created once by an admin, used as x-api-key or a bearer, refused the same way
// whether malformed, unknown, revoked or expired, rotated without downtime, and closing their sockets
// when revoked.
const RECHECK_MS = 500;

interface Created {
  createApiKey: { secret: string; apiKey: { id: string; prefix: string; role: string; expiresAt: string } };
}
const create = /* GraphQL */ `
  mutation ($name: String!, $role: Role!, $expiresAt: DateTime) {
    createApiKey(name: $name, role: $role, expiresAt: $expiresAt) {
      secret
      apiKey {
        id
        prefix
        role
        expiresAt
      }
    }
  }
`;

describe('API keys', () => {
  let app: TestApp;
  let admin: Record<string, string>;
  beforeAll(async () => {
    app = await startTestApp({ ...AUTH_ENV, WS_CREDENTIAL_RECHECK_MS: RECHECK_MS });
    admin = await bearer({ tenant: 'keys', sub: 'alice', roles: ['admin'] });
  });
  afterAll(async () => {
    await app?.stop();
  });

  const newKey = async (role: string, extra: Record<string, unknown> = {}, headers = admin) => {
    const { data, errors } = await gql<Created>(app.url, create, { name: `${role} key`, role, ...extra }, headers);
    expect(errors, JSON.stringify(errors)).toBeUndefined();
    return data?.createApiKey as Created['createApiKey'];
  };
  /** Status and error code of a read sent with these headers. */
  const ask = async (headers: Record<string, string>, query = '{ persons { edges { cursor } } }') => {
    const response = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
    const body = (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
    return { status: response.status, code: body.errors?.[0]?.extensions?.code, message: body.errors?.[0]?.message, data: body.data };
  };

  it('an admin creates a key: the secret once (fsk_, prefix, checksum), then only its prefix; it works as x-api-key and as a bearer', async () => {
    const key = await newKey('OPERATOR');
    expect(key.secret).toMatch(/^fsk_[0-9A-Za-z]{46}$/);
    expect(key.apiKey.prefix).toBe(key.secret.slice(0, 12));
    expect(key.apiKey.role).toBe('OPERATOR');
    // Default lifetime: API_KEY_DEFAULT_TTL_DAYS (90).
    expect(Math.round((Date.parse(key.apiKey.expiresAt) - Date.now()) / 86_400_000)).toBe(90);
    expect(await ask({ 'x-api-key': key.secret })).toMatchObject({ status: 200, code: undefined });
    expect(await ask({ authorization: `Bearer ${key.secret}` })).toMatchObject({ status: 200, code: undefined });

    const listed = await gql<{ apiKeys: { edges: { node: Record<string, unknown> }[] } }>(
      app.url,
      '{ apiKeys { edges { node { id name prefix role createdBy lastUsedAt revokedAt } } } }',
      {},
      admin,
    );
    const node = listed.data?.apiKeys.edges.find((e) => e.node['id'] === key.apiKey.id)?.node;
    expect(node).toMatchObject({ prefix: key.apiKey.prefix, role: 'OPERATOR', createdBy: 'alice', revokedAt: null });
    expect(node?.['lastUsedAt']).not.toBeNull();
    expect(JSON.stringify(listed)).not.toContain(key.secret.slice(12));
    // The key acts in its own tenant, with its role: an operator may create a person there.
    const person = await gql<{ createPerson: { id: string } }>(app.url, 'mutation { createPerson(name: "By key") { id } }', {}, { 'x-api-key': key.secret });
    expect(person.errors).toBeUndefined();
    const seen = await gql<{ persons: { edges: { node: { name: string } }[] } }>(app.url, '{ persons { edges { node { name } } } }', {}, admin);
    expect(seen.data?.persons.edges.map((e) => e.node.name)).toContain('By key');
  });

  it('malformed, bad-checksum, unknown, revoked and expired keys all get the same 401; a bad checksum is refused without a lookup', async () => {
    const good = await newKey('VIEWER');
    const last = good.secret.at(-1) === 'a' ? 'b' : 'a';
    const badChecksum = good.secret.slice(0, -1) + last;
    const unknown = generateApiKey().secret;
    const refusals: Record<string, Record<string, string>> = {
      malformed: { 'x-api-key': 'fsk_short' },
      'bad checksum': { 'x-api-key': badChecksum },
      'bad checksum as bearer': { authorization: `Bearer ${badChecksum}` },
      unknown: { 'x-api-key': unknown },
      'empty x-api-key': { 'x-api-key': '' },
    };
    const before = app.app.queryCount();
    const answers = await Promise.all(Object.values(refusals).map((h) => ask(h)));
    expect(app.app.queryCount() - before).toBe(1); // the unknown key's lookup, and nothing else
    const revoked = await newKey('VIEWER');
    expect((await gql(app.url, 'mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }', { id: revoked.apiKey.id }, admin)).errors).toBeUndefined();
    const expiring = await newKey('VIEWER', { expiresAt: new Date(Date.now() + 1500).toISOString() });
    expect(await ask({ 'x-api-key': expiring.secret })).toMatchObject({ status: 200 });
    await new Promise((r) => setTimeout(r, 1600));
    answers.push(await ask({ 'x-api-key': revoked.secret }), await ask({ 'x-api-key': expiring.secret }));
    for (const answer of answers) {
      expect(answer).toMatchObject({
        status: 401,
        code: 'UNAUTHENTICATED',
      });
      expect(answer.message).toBe('The API key is invalid, expired or revoked.');
      expect(answer.data).toBeUndefined();
    }
    expect(await ask({ 'x-api-key': good.secret })).toMatchObject({ status: 200 });
  });

  it('rotation: the successor works at once, the old key stops on the next request after its revocation', async () => {
    const old = await newKey('VIEWER');
    const successor = await newKey('VIEWER');
    expect(await ask({ 'x-api-key': old.secret })).toMatchObject({ status: 200 });
    expect(await ask({ 'x-api-key': successor.secret })).toMatchObject({ status: 200 });
    const revoked = await gql<{ revokeApiKey: { revokedAt: string } }>(
      app.url,
      'mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }',
      { id: old.apiKey.id },
      admin,
    );
    const firstRevocation = revoked.data?.revokeApiKey.revokedAt;
    expect(firstRevocation).toBeTruthy();
    expect(await ask({ 'x-api-key': old.secret })).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(await ask({ 'x-api-key': successor.secret })).toMatchObject({ status: 200 });
    // Revoking twice keeps the first time; listings leave revoked keys out unless asked.
    const again = await gql<{ revokeApiKey: { revokedAt: string } }>(
      app.url,
      'mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }',
      { id: old.apiKey.id },
      admin,
    );
    expect(again.data?.revokeApiKey.revokedAt).toBe(firstRevocation);
    const list = async (includeRevoked: boolean) =>
      (
        await gql<{ apiKeys: { edges: { node: { id: string } }[] } }>(
          app.url,
          'query($r: Boolean) { apiKeys(first: 100, includeRevoked: $r) { edges { node { id } } } }',
          { r: includeRevoked },
          admin,
        )
      ).data?.apiKeys.edges.map((e) => e.node.id);
    expect(await list(false)).not.toContain(old.apiKey.id);
    expect(await list(true)).toContain(old.apiKey.id);
  });

  it('roles: an operator (token or key) cannot manage keys; a viewer key cannot write; keys stay in their tenant', async () => {
    const operatorToken = await bearer({ tenant: 'keys', roles: ['operator'] });
    const operatorKey = { 'x-api-key': (await newKey('OPERATOR')).secret };
    const viewerKey = { 'x-api-key': (await newKey('VIEWER')).secret };
    const victim = await newKey('VIEWER');
    for (const headers of [operatorToken, operatorKey, viewerKey]) {
      expect((await gql(app.url, create, { name: 'escalate', role: 'ADMIN' }, headers)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((await gql(app.url, '{ apiKeys { edges { cursor } } }', {}, headers)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((await gql(app.url, 'mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id: victim.apiKey.id }, headers)).errors?.[0]?.extensions?.code).toBe(
        'FORBIDDEN',
      );
    }
    expect((await gql(app.url, 'mutation { createPerson(name: "V") { id } }', {}, viewerKey)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // An admin of another tenant neither sees nor revokes this tenant's keys.
    const otherAdmin = await bearer({ tenant: 'other', roles: ['admin'] });
    const theirs = await gql<{ apiKeys: { edges: unknown[] } }>(app.url, '{ apiKeys { edges { cursor } } }', {}, otherAdmin);
    expect(theirs.data?.apiKeys.edges).toEqual([]);
    expect(
      (await gql(app.url, 'mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id: victim.apiKey.id }, otherAdmin)).errors?.[0]?.extensions?.code,
    ).toBe('NOT_FOUND');
    expect(await ask({ 'x-api-key': victim.secret })).toMatchObject({ status: 200 });
  });

  it('refuses a bad name or lifetime with BAD_USER_INPUT and an unknown ID with NOT_FOUND', async () => {
    const code = async (vars: Record<string, unknown>) =>
      (await gql(app.url, create, { name: 'k', role: 'VIEWER', ...vars }, admin)).errors?.[0]?.extensions?.code;
    expect(await code({ name: 'a\u0000b' })).toBe('BAD_USER_INPUT');
    expect(await code({ name: '   ' })).toBe('BAD_USER_INPUT');
    expect(await code({ name: 'x'.repeat(10_000) })).toBe('BAD_USER_INPUT');
    expect(await code({ expiresAt: new Date(Date.now() - 1000).toISOString() })).toBe('BAD_USER_INPUT');
    expect(await code({ expiresAt: new Date(Date.now() + 400 * 86_400_000).toISOString() })).toBe('BAD_USER_INPUT');
    const revoke = async (id: string) =>
      (await gql(app.url, 'mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id }, admin)).errors?.[0]?.extensions?.code;
    expect(await revoke('00000000-0000-4000-8000-000000000000')).toBe('NOT_FOUND');
    expect(await revoke('not-an-id\u0000')).toBe('NOT_FOUND');
    // Crafted cursors: a date PostgreSQL cannot hold, a non-UUID, garbage: BAD_USER_INPUT, never a database error.
    for (const raw of ['275760-09-13T00:00:00.000Z|00000000-0000-4000-8000-000000000000', '2026-01-01T00:00:00.000Z|x', 'garbage']) {
      const after = Buffer.from(raw).toString('base64url');
      for (const field of ['apiKeys', 'auditEvents']) {
        const answer = await gql(app.url, `query($after: String) { ${field}(first: 5, after: $after) { edges { cursor } } }`, { after }, admin);
        expect(answer.errors?.[0]?.extensions?.code, `${field} ${raw}`).toBe('BAD_USER_INPUT');
      }
    }
  });

  it(`graphql-ws: a key authenticates in connectionParams; revoking it closes the socket with 4403 within ${RECHECK_MS} ms (+1 s)`, async () => {
    const key = await newKey('VIEWER');
    const { socket, acked } = await openRawSocket(app.url, { 'x-api-key': key.secret });
    expect(acked).toBe(true);
    void socket.operation('live', 'subscription { livenessVerdicts { faceId } }');
    await new Promise((r) => setTimeout(r, 200));
    expect(socket.isOpen()).toBe(true);
    const revokedAt = Date.now();
    await gql(app.url, 'mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id: key.apiKey.id }, admin);
    const closed = await socket.closed;
    const after = Date.now() - revokedAt;
    expect(closed.code).toBe(4403);
    expect(closed.reason).toMatch(/revoked/);
    expect(after).toBeLessThan(RECHECK_MS + 1000);
    // A revoked key cannot open a new socket either.
    const refused = await openRawSocket(app.url, { 'x-api-key': key.secret });
    expect(refused.acked).toBe(false);
    expect((await refused.socket.closed).code).toBe(4403);
  });

  it('audit rows name the key by its prefix and hold no secret', async () => {
    const key = await newKey('OPERATOR');
    await gql(app.url, 'mutation { createPerson(name: "Audited") { id } }', {}, { 'x-api-key': key.secret });
    const { data } = await gql<{ auditEvents: { edges: { node: { action: string; actorKind: string; actorId: string | null; targetIds: string[] } }[] } }>(
      app.url,
      '{ auditEvents(first: 100) { edges { node { action actorKind actorId targetIds } } } }',
      {},
      admin,
    );
    const rows = data?.auditEvents.edges.map((e) => e.node) ?? [];
    expect(rows.find((r) => r.action === 'createPerson' && r.actorKind === 'apiKey')?.actorId).toBe(key.apiKey.prefix);
    expect(rows.find((r) => r.action === 'createApiKey' && r.targetIds.includes(key.apiKey.id))).toMatchObject({ actorKind: 'token', actorId: 'alice' });
    expect(JSON.stringify(rows)).not.toContain(key.secret.slice(12));
  });
});
