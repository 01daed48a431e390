import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeMutation } from '../support/graphql-client.ts';
import { fixture } from '../support/paths.ts';
import { queueServices, type QueueServices } from '../support/services.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { AUTH_ENV, bearer } from '../support/tokens.ts';

// Rate limits on the real app in queue mode: two API replicas on one PostgreSQL and Redis prefix
// count in Redis, so they share each limit. No worker runs, so uploads stay QUEUED (the queued-session cap).
const services = await queueServices('rate_limits_app');

interface Answer {
  status: number;
  retryAfter: string | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

const read = async (url: string, headers: Record<string, string>): Promise<Answer> => {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: '{ serverInfo { version } }' }),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), ...((await response.json()) as Omit<Answer, 'status' | 'retryAfter'>) };
};

function expectRefused(answer: Answer, limit: string): number {
  expect(answer.status, JSON.stringify(answer)).toBe(429);
  const extensions = answer.errors?.[0]?.extensions;
  expect(extensions?.['code']).toBe('RATE_LIMITED');
  expect(extensions?.['limit']).toBe(limit);
  const seconds = extensions?.['retryAfterSeconds'] as number;
  expect(seconds).toBeGreaterThanOrEqual(1);
  expect(answer.retryAfter).toBe(String(seconds));
  return seconds;
}

describe.skipIf(!services)('rate limits on the API (queue mode, Redis)', () => {
  const s = services as QueueServices;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    const env = {
      ...AUTH_ENV,
      DATABASE_URL: s.databaseUrl,
      REDIS_URL: s.redisUrl,
      REDIS_PREFIX: s.prefix,
      RATE_LIMIT_CREDENTIAL_PER_MINUTE: 5,
      RATE_LIMIT_TENANT_PER_MINUTE: 100,
      RATE_LIMIT_UPLOAD_COST: 1,
      MAX_QUEUED_SESSIONS_PER_TENANT: 2,
    };
    // One after the other: the first migrates the fresh database.
    a = await startTestApp(env);
    b = await startTestApp(env);
    // Both limiters' Redis connections are up (until then a replica counts in memory).
    const named = async (): Promise<number> =>
      ((await s.redis.client('LIST')) as string).split('\n').filter((l) => l.includes(` name=${s.prefix}:api:rate-limits `)).length;
    for (const deadline = Date.now() + 10_000; (await named()) < 2;) {
      if (Date.now() > deadline) throw new Error('the rate limiters did not connect to Redis');
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await s?.cleanup();
  });

  it('two replicas share the per-credential limit: the sixth request is refused on either', async () => {
    const judy = await bearer({ tenant: 'wayne', sub: 'judy', roles: ['viewer'] });
    for (let i = 0; i < 5; i++) {
      const answer = await read((i % 2 ? b : a).url, judy);
      expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
    }
    expectRefused(await read(b.url, judy), 'credential');
    expectRefused(await read(a.url, judy), 'credential');
    expect(await s.redis.get(`${s.prefix}:rl:credential:token:wayne:judy`)).toBe('5');
  });

  it('the queued-session cap answers RATE_LIMITED with 429 and Retry-After, on either replica, and stores nothing', async () => {
    const operator = await bearer({ tenant: 'capped', sub: 'uploader', roles: ['operator'] });
    const submit = async (url: string): Promise<Answer> => {
      const form = new FormData();
      form.append('operations', JSON.stringify({ query: analyzeMutation, variables: { image: null, stages: ['DETECTION'] } }));
      form.append('map', JSON.stringify({ 0: ['variables.image'] }));
      form.append('0', new Blob([readFileSync(fixture('id_obama_1.jpg'))], { type: 'image/jpeg' }), 'o.jpg');
      const response = await fetch(url, { method: 'POST', body: form, headers: { 'graphql-preflight': '1', ...operator } });
      return {
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        ...((await response.json()) as Omit<Answer, 'status' | 'retryAfter'>),
      };
    };
    for (const app of [a, b]) expect((await submit(app.url)).errors).toBeUndefined();
    for (const app of [a, b]) {
      const seconds = expectRefused(await submit(app.url), 'queuedSessions');
      expect(seconds).toBe(5);
    }
    expect(await a.app.services.sessions.countUnfinished('capped')).toBe(2);
    expect((await s.redis.keys(`${s.prefix}:image:*`)).length).toBe(2);
  });
});
