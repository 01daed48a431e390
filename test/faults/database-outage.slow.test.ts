import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from '../support/graphql-client.ts';
import { startOwnPostgres, startOwnRedis, type OwnPostgres, type OwnRedis } from '../support/own-services.ts';
import { startApi, type Spawned } from '../support/processes.ts';
import { requireFaultTools } from '../support/fault-tools.ts';

// A database outage answers as an outage: SERVICE_UNAVAILABLE with HTTP 503 and Retry-After for every
// read, never INTERNAL "Unexpected error.", and the first read once it is back succeeds. On a
// PostgreSQL cluster and a Redis of the test's own (the machine's services are never stopped).
const tools = requireFaultTools('database outage');

describe.skipIf(!tools)('database outage', () => {
  let pg: OwnPostgres;
  let redis: OwnRedis;
  let api: Spawned & { url: string };
  beforeAll(async () => {
    pg = await startOwnPostgres();
    redis = await startOwnRedis();
    api = await startApi({ DATABASE_URL: pg.url, REDIS_URL: redis.url, REDIS_PREFIX: 'dbout', RETRY_AFTER_SECONDS: '7' });
  }, 180_000);
  afterAll(async () => {
    api?.kill('SIGKILL');
    await api?.exited;
    pg?.destroy();
    await redis?.stop();
  });

  const post = async (
    query: string,
  ): Promise<{
    status: number;
    retryAfter: string | null;
    text: string;
    body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
  }> => {
    const response = await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    const text = await response.text();
    return { status: response.status, retryAfter: response.headers.get('retry-after'), text, body: JSON.parse(text) as never };
  };
  const reads = [
    '{ analysisSessions(first: 5) { edges { node { id status } } } }',
    '{ persons(first: 5) { edges { node { name } } } }',
    '{ recognitionSettings { verification { threshold } } }',
  ];

  it('every read answers SERVICE_UNAVAILABLE (503, Retry-After) while it is down; the first read after it is back succeeds', async () => {
    const created = await gql<{ createPerson: { id: string } }>(api.url, 'mutation { createPerson(name: "Ada") { id } }');
    expect(created.errors).toBeUndefined();

    pg.stop();
    for (const query of reads) {
      const answer = await post(query);
      expect(answer.status, `${query}: ${answer.text}`).toBe(503);
      expect(answer.retryAfter).toBe('7');
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(answer.body.errors?.[0]?.message).toMatch(/database is unavailable/);
      expect(answer.text).not.toMatch(/Unexpected error|at .*\.ts:\d+|stack/);
    }
    // A write is refused the same way, and stores nothing half-made.
    const write = await post('mutation { createPerson(name: "Bob") { id } }');
    expect(write.status).toBe(503);
    expect(write.body.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    // serverInfo needs no database and still answers.
    expect((await post('{ serverInfo { mode } }')).body.data).toEqual({ serverInfo: { mode: 'queue' } });

    pg.start();
    const first = await post('{ persons(first: 5) { edges { node { name } } } }');
    expect(first.status, first.text).toBe(200);
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data).toEqual({ persons: { edges: [{ node: { name: 'Ada' } }] } });
    for (const query of reads) expect((await post(query)).status).toBe(200);
    // The pool logged the outage through pino, once, and no raw driver line reached stderr.
    expect(api.lines.filter((l) => l.includes('postgres: connection lost')).length).toBeGreaterThanOrEqual(1);
    expect(api.stderr()).not.toMatch(/ECONNREFUSED|Unhandled|Error:/);
  });
});
