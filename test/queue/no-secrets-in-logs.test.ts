import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeMutation, gql, upload, waitForSession } from '../support/graphql-client.ts';
import { fixture } from '../support/paths.ts';
import { openRawSocket } from '../support/raw-ws.ts';
import { startQueueCluster, type QueueCluster } from '../support/queue-cluster.ts';
import { queueServices, type QueueServices } from '../support/services.ts';
import { AUTH_ENV, signToken, TEST_SECRET } from '../support/tokens.ts';

// A whole run of queue mode at LOG_LEVEL=trace, as an attacker or a careless client would drive it:
// valid, forged and expired tokens, API keys (good, mistyped, revoked) over HTTP and graphql-ws,
// uploads, enrolment and embeddings read back. Then every log line of the API and the worker, and
// every audit row, is searched for each credential and each embedding value: none may be there.
const services = await queueServices('no_secrets');

describe.skipIf(!services)('no credential or embedding in logs or audit rows', () => {
  const s = services as QueueServices;
  let cluster: QueueCluster;
  beforeAll(async () => {
    cluster = await startQueueCluster(s, { apis: 1, workers: 1 }, { ...AUTH_ENV, AUTH_DISABLED: '0', LOG_LEVEL: 'trace', WS_CREDENTIAL_RECHECK_MS: '300' });
  }, 300_000);
  afterAll(async () => {
    await cluster?.stop();
    await s?.cleanup();
  });

  it('a run with tokens, keys, uploads and embeddings leaves none of them in any log line or audit row', async () => {
    const url = cluster.apis[0]?.url as string;
    const adminToken = await signToken({ tenant: 'leaks', sub: 'root', roles: ['admin'] });
    const expiredToken = await signToken({ tenant: 'leaks', roles: ['admin'] }, { expiresIn: '-1m' });
    const forgedToken = await signToken({ tenant: 'leaks', roles: ['admin'] }, { secret: 'x'.repeat(40) });
    const admin = { authorization: `Bearer ${adminToken}` };
    const secrets: string[] = [TEST_SECRET, adminToken, expiredToken, forgedToken];

    const created = await gql<{ createApiKey: { secret: string; apiKey: { id: string } } }>(
      url,
      'mutation { createApiKey(name: "ci", role: OPERATOR) { secret apiKey { id } } }',
      {},
      admin,
    );
    const key = created.data?.createApiKey.secret as string;
    expect(key).toMatch(/^fsk_/);
    secrets.push(key, key.slice(12));
    const mistyped = `${key.slice(0, -1)}${key.endsWith('a') ? 'b' : 'a'}`;
    const refused: Record<string, string>[] = [
      { authorization: `Bearer ${expiredToken}` },
      { authorization: `Bearer ${forgedToken}` },
      { 'x-api-key': mistyped },
    ];
    for (const headers of refused) {
      expect((await gql(url, '{ persons { edges { cursor } } }', {}, headers)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }

    // An operator key creates a person, enrolls a photo and analyses another; a user mistake on the way.
    const operator = { 'x-api-key': key };
    const person = await gql<{ createPerson: { id: string } }>(url, 'mutation { createPerson(name: "Barack Obama") { id } }', {}, operator);
    const personId = person.data?.createPerson.id as string;
    const enrolled = await upload(
      url,
      'mutation($p: ID!, $image: File!) { enrollFace(personId: $p, image: $image) { id } }',
      { image: { bytes: readFileSync(fixture('id_obama_1.jpg')), name: 'o1.jpg' } },
      { p: personId },
      { authorization: `Bearer ${key}` },
    );
    expect(enrolled.body.errors).toBeUndefined();
    expect((await gql(url, 'mutation { createPerson(name: "a\\u0000b") { id } }', {}, operator)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const analysed = await upload<{ analyzeImage: { id: string } }>(
      url,
      analyzeMutation,
      { image: { bytes: readFileSync(fixture('id_obama_2.jpg')), name: 'o2.jpg' } },
      { stages: ['RECOGNITION', 'IDENTIFICATION'] },
      operator,
    );
    const sessionId = analysed.body.data?.analyzeImage.id as string;
    const session = await waitForSession<{ status: string; faces: { recognition: { embedding: number[] } | null }[] }>(
      url,
      'query($id: ID!) { analysisSession(id: $id) { status faces { recognition { embedding } } } }',
      sessionId,
      120_000,
      admin,
    );
    expect(session.status).toBe('COMPLETED');
    const gallery = await gql<{ person: { faces: { recognition: { embedding: number[] } | null }[] } }>(
      url,
      'query($id: ID!) { person(id: $id) { faces { recognition { embedding } } } }',
      { id: personId },
      admin,
    );
    const embeddings = [...session.faces, ...(gallery.data?.person.faces ?? [])].map((f) => f.recognition?.embedding ?? []);
    expect(embeddings.every((e) => e.length === 512)).toBe(true);

    // graphql-ws with the token and with the key; the key revoked closes its socket.
    const byToken = await openRawSocket(url, { authorization: `Bearer ${adminToken}` });
    const byKey = await openRawSocket(url, { 'x-api-key': key });
    expect([byToken.acked, byKey.acked]).toEqual([true, true]);
    void byKey.socket.operation('v', 'subscription { livenessVerdicts { faceId } }');
    await gql(url, 'mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id: created.data?.createApiKey.apiKey.id }, admin);
    expect((await byKey.socket.closed).code).toBe(4403);
    byToken.socket.close();
    expect((await gql(url, '{ persons { edges { cursor } } }', {}, operator)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const sql = new pg.Client({ connectionString: s.databaseUrl });
    await sql.connect();
    const audit = await sql.query('SELECT * FROM "AuditEvent"').finally(() => sql.end());
    expect(audit.rows.length).toBeGreaterThanOrEqual(5);
    await new Promise((r) => setTimeout(r, 300)); // the last log lines
    const logs = [...cluster.apis, ...cluster.workers].flatMap((p) => [...p.lines, p.stderr()]).join('\n');
    // The run was logged, the worker's job included (debug: 'job done' with the session's ID).
    expect(logs).toContain(Buffer.from(sessionId, 'base64').toString().split(':')[1]);
    // Refused credentials are logged (code and address), as a security dashboard needs them.
    expect(logs.match(/request refused before parsing/g)?.length).toBeGreaterThanOrEqual(4);
    const haystacks = { logs, audit: JSON.stringify(audit.rows) };
    // A float of 10+ characters (almost all of them) appearing by chance is not a worry; any of 1536 would be a leak.
    const values = embeddings
      .flat()
      .map(String)
      .filter((v) => v.length >= 10);
    expect(values.length).toBeGreaterThan(1000);
    for (const [where, text] of Object.entries(haystacks)) {
      for (const secret of secrets) expect(text.includes(secret), `${where} holds a credential (${secret.slice(0, 12)}...)`).toBe(false);
      for (const secret of [adminToken, expiredToken, forgedToken])
        expect(text.includes(secret.split('.')[2] as string), `${where} holds a JWT signature`).toBe(false);
      const leaked = values.filter((v) => text.includes(v));
      expect(leaked, `${where} holds embedding values`).toEqual([]);
    }
    console.log(
      `[no-secrets] searched ${logs.split('\n').length} log lines and ${audit.rows.length} audit rows for ${secrets.length} credentials, 3 JWT signatures and ${values.length} embedding values: none found`,
    );
  });
});
