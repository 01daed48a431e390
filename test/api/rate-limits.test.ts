import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DocumentNode, ExecutionArgs, GraphQLError, GraphQLSchema, execute, subscribe } from 'graphql';
import { createClient } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { createSchema, createYoga } from 'graphql-yoga';
import { Redis } from 'ioredis';
import { pino, type Logger } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { effectiveRoles } from '../../src/auth/roles.ts';
import type { Caller } from '../../src/auth/caller.ts';
import { loadConfig, type Config } from '../../src/config/config.ts';
import { createRateLimits, type RateLimits } from '../../src/http/rate-limits.ts';
import { AppError } from '../../src/pipeline/errors.ts';
import { createMaskError, isAppError, toGraphQLError } from '../../src/schema/errors.ts';
import { startOwnRedis, type OwnRedis } from '../support/own-services.ts';
import { queueServices, type QueueServices } from '../support/services.ts';

// The rate-limit plugin on a small yoga server wired as src/server.ts wires the API (yoga for HTTP,
// graphql-ws through yoga.getEnveloped, the API's error masking), with the real limiters: in memory
// (embedded mode) and on a real Redis (queue mode), including a Redis of the test's own that is killed.

type LimitEnv = Partial<Record<keyof Config, string | number>>;

interface Harness {
  url: string;
  limits: RateLimits;
  close(): Promise<void>;
}

const callerFor = (credential: string, tenant: string): Caller => ({
  tenantId: tenant,
  subject: credential,
  kind: 'token',
  roles: effectiveRoles(['viewer']),
  credentialId: `token:${tenant}:${credential}`,
  expiresAt: null,
});

const typeDefs = /* GraphQL */ `
  scalar File
  type Query {
    ping: Int!
  }
  type Mutation {
    upload(files: [File!]!): Int!
  }
  type Subscription {
    ticks: Int!
  }
`;

/** A yoga + graphql-ws server whose caller comes from x-credential / x-tenant (or the same connection parameters); x-bad-auth fails authentication from x-address. */
async function startHarness(env: LimitEnv, options: { redisUrl?: string; logger?: Logger } = {}): Promise<Harness> {
  const config = loadConfig({ LOG_LEVEL: 'silent', ...env });
  const logger = options.logger ?? pino({ level: 'silent' });
  const limits = createRateLimits(config, { redisUrl: options.redisUrl }, logger);
  const schema: GraphQLSchema = createSchema({
    typeDefs,
    resolvers: {
      Query: { ping: () => 1 },
      Mutation: { upload: (_: unknown, args: { files: unknown[] }) => args.files.length },
      Subscription: {
        ticks: {
          subscribe: async function* () {
            yield { ticks: 1 };
          },
        },
      },
    },
  });
  const context = async (initial: { request?: Request; connectionParams?: Readonly<Record<string, unknown>> }): Promise<{ caller: Caller }> => {
    const read = (name: string): string | null => {
      const fromParams = initial.connectionParams?.[name];
      return initial.request?.headers.get(name) ?? (typeof fromParams === 'string' ? fromParams : null);
    };
    try {
      const address = read('x-address') ?? '127.0.0.1';
      await limits.refuseIfBlocked(address);
      if (read('x-bad-auth')) {
        await limits.consumeAuthFailure(address);
        throw new AppError('UNAUTHENTICATED', 'The token is invalid or has expired.');
      }
      return { caller: callerFor(read('x-credential') ?? 'someone', read('x-tenant') ?? 'tenant') };
    } catch (error) {
      throw isAppError(error) ? toGraphQLError(error) : error;
    }
  };
  const yoga = createYoga({
    schema,
    context,
    logging: false,
    maskedErrors: { isDev: false, maskError: createMaskError({ retryAfterSeconds: 5, logger }) },
    plugins: [limits.plugin],
  });
  const server = createServer((req, res) => void yoga(req, res));
  const wsServer = new WebSocketServer({ server, path: yoga.graphqlEndpoint });
  interface Enveloped {
    schema: GraphQLSchema;
    execute: (args: ExecutionArgs) => ReturnType<typeof execute>;
    subscribe: (args: ExecutionArgs) => ReturnType<typeof subscribe>;
    contextFactory: () => Promise<unknown>;
    parse: (source: string) => DocumentNode;
    validate: (schema: GraphQLSchema, document: DocumentNode) => readonly GraphQLError[];
  }
  useServer(
    {
      execute: (args) => (args.rootValue as Pick<Enveloped, 'execute'>).execute(args),
      subscribe: (args) => (args.rootValue as Pick<Enveloped, 'subscribe'>).subscribe(args),
      onSubscribe: async (ctx, _id, payload) => {
        const enveloped = yoga.getEnveloped({ ...ctx, req: ctx.extra.request, socket: ctx.extra.socket, params: payload }) as unknown as Enveloped;
        const document = enveloped.parse(payload.query);
        const errors = enveloped.validate(enveloped.schema, document);
        if (errors.length > 0) return errors;
        let contextValue: unknown;
        try {
          contextValue = await enveloped.contextFactory();
        } catch (error) {
          return [error as GraphQLError];
        }
        return {
          schema: enveloped.schema,
          operationName: payload.operationName,
          document,
          variableValues: payload.variables,
          contextValue,
          rootValue: { execute: enveloped.execute, subscribe: enveloped.subscribe },
        };
      },
    },
    wsServer,
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    limits,
    async close() {
      for (const client of wsServer.clients) client.terminate();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await limits.close();
    },
  };
}

interface Answer {
  status: number;
  retryAfter: string | null;
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

async function ping(url: string, credential: string, tenant = 'tenant', headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-credential': credential, 'x-tenant': tenant, ...headers },
    body: JSON.stringify({ query: '{ ping }' }),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), ...((await response.json()) as Omit<Answer, 'status' | 'retryAfter'>) };
}

/** A multipart request with `count` files in `variables.files`, as a client of analyzeImages sends it. */
async function uploadFiles(url: string, credential: string, count: number, tenant = 'tenant'): Promise<Answer> {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query: 'mutation($files: [File!]!) { upload(files: $files) }', variables: { files: Array(count).fill(null) } }));
  form.append('map', JSON.stringify(Object.fromEntries(Array.from({ length: count }, (_, i) => [String(i), [`variables.files.${i}`]]))));
  for (let i = 0; i < count; i++) form.append(String(i), new Blob([new Uint8Array([1, 2, 3])], { type: 'image/jpeg' }), `${i}.jpg`);
  const response = await fetch(url, { method: 'POST', body: form, headers: { 'x-credential': credential, 'x-tenant': tenant, 'graphql-preflight': '1' } });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), ...((await response.json()) as Omit<Answer, 'status' | 'retryAfter'>) };
}

/** One operation over graphql-ws; resolves with its first result (data or errors). */
async function overWs(
  url: string,
  query: string,
  connectionParams: Record<string, string>,
): Promise<{ data?: unknown; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }> {
  const client = createClient({ url: url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams });
  try {
    for await (const result of client.iterate({ query })) return result;
    throw new Error('no result');
  } finally {
    await client.dispose();
  }
}

function expectRefused(answer: Answer, limit: string): number {
  expect(answer.status).toBe(429);
  const error = answer.errors?.[0];
  expect(error?.extensions?.['code'], JSON.stringify(answer.errors)).toBe('RATE_LIMITED');
  expect(error?.extensions?.['limit']).toBe(limit);
  const seconds = error?.extensions?.['retryAfterSeconds'];
  expect(typeof seconds).toBe('number');
  expect(seconds).toBeGreaterThanOrEqual(1);
  expect(seconds).toBeLessThanOrEqual(60);
  expect(answer.retryAfter).toBe(String(seconds));
  // The status and header are HTTP's; the body carries no `http` extension.
  expect(error?.extensions?.['http']).toBeUndefined();
  return seconds as number;
}

const expectPassed = (answer: Answer): void => {
  expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
  expect(answer.status).toBe(200);
};

const times = async <T>(n: number, fn: (i: number) => Promise<T>): Promise<T[]> => {
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(await fn(i));
  return out;
};

describe('rate limits in memory (embedded mode)', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({
      RATE_LIMIT_CREDENTIAL_PER_MINUTE: 5,
      RATE_LIMIT_TENANT_PER_MINUTE: 8,
      RATE_LIMIT_UPLOAD_COST: 2,
      RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: 3,
    });
  });
  afterAll(async () => harness?.close());

  it('refuses the request after the per-credential limit with RATE_LIMITED, retryAfterSeconds, 429 and Retry-After; another credential still passes', async () => {
    for (const answer of await times(5, () => ping(harness.url, 'alice', 'acme'))) expectPassed(answer);
    expectRefused(await ping(harness.url, 'alice', 'acme'), 'credential');
    expectPassed(await ping(harness.url, 'bob', 'acme'));
  });

  it('limits the tenant in all: credentials under their own limit are refused once the tenant has used its points', async () => {
    for (const answer of await times(5, () => ping(harness.url, 'carol', 'globex'))) expectPassed(answer);
    for (const answer of await times(3, () => ping(harness.url, 'dave', 'globex'))) expectPassed(answer);
    expectRefused(await ping(harness.url, 'erin', 'globex'), 'tenant');
    // Refused requests cost nothing: another tenant is untouched, and erin's own count did not grow.
    expectPassed(await ping(harness.url, 'erin', 'initech'));
  });

  it('an upload costs RATE_LIMIT_UPLOAD_COST per file, a read 1: the upload past the limit is refused while a read still passes', async () => {
    expectPassed(await uploadFiles(harness.url, 'frank', 1, 'umbrella')); // 2 of 5
    expectPassed(await uploadFiles(harness.url, 'frank', 1, 'umbrella')); // 4 of 5
    expectRefused(await uploadFiles(harness.url, 'frank', 1, 'umbrella'), 'credential'); // 6 > 5, given back
    expectPassed(await ping(harness.url, 'frank', 'umbrella')); // 5 of 5
    expectRefused(await ping(harness.url, 'frank', 'umbrella'), 'credential');
    // Two files cost twice: 4 points, then one more file (2) is too many, a read is not.
    expectPassed(await uploadFiles(harness.url, 'grace', 2, 'umbrella2'));
    expectRefused(await uploadFiles(harness.url, 'grace', 1, 'umbrella2'), 'credential');
    expectPassed(await ping(harness.url, 'grace', 'umbrella2'));
  });

  it('counts graphql-ws operations with HTTP ones and refuses a query and a subscription over the socket', async () => {
    const params = { 'x-credential': 'heidi', 'x-tenant': 'hooli' };
    for (const answer of await times(3, () => ping(harness.url, 'heidi', 'hooli'))) expectPassed(answer);
    expect((await overWs(harness.url, '{ ping }', params)).data).toEqual({ ping: 1 });
    expect((await overWs(harness.url, 'subscription { ticks }', params)).data).toEqual({ ticks: 1 });
    for (const query of ['{ ping }', 'subscription { ticks }']) {
      const refused = await overWs(harness.url, query, params);
      expect(refused.errors?.[0]?.extensions?.['code']).toBe('RATE_LIMITED');
      expect(refused.errors?.[0]?.extensions?.['retryAfterSeconds']).toBeGreaterThanOrEqual(1);
    }
    expectRefused(await ping(harness.url, 'heidi', 'hooli'), 'credential');
  });

  it('consumeAuthFailure blocks an address after N failures; isBlocked says so; other addresses are not affected', async () => {
    const { limits } = harness;
    for (let i = 1; i <= 3; i++) {
      expect(await limits.isBlocked('10.0.0.1')).toBe(false);
      await limits.consumeAuthFailure('10.0.0.1');
    }
    expect(await limits.isBlocked('10.0.0.1')).toBe(true);
    const refused = await limits.consumeAuthFailure('10.0.0.1').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('RATE_LIMITED');
    expect((refused as AppError).details['retryAfterSeconds']).toBeGreaterThanOrEqual(1);
    expect((refused as AppError).details['retryAfterSeconds']).toBeLessThanOrEqual(60);
    await expect(limits.refuseIfBlocked('10.0.0.1')).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(await limits.isBlocked('10.0.0.2')).toBe(false);
    await expect(limits.refuseIfBlocked('10.0.0.2')).resolves.toBeUndefined();
  });

  it('a blocked address is answered RATE_LIMITED with 429 and Retry-After from the context factory, even with good credentials', async () => {
    const from = { 'x-address': '10.0.0.9' };
    for (let i = 0; i < 3; i++) {
      const failed = await ping(harness.url, 'ivan', 'acme-auth', { ...from, 'x-bad-auth': '1' });
      expect(failed.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    }
    const blocked = await ping(harness.url, 'ivan', 'acme-auth', from);
    expectRefused(blocked, 'authFailures');
    expectPassed(await ping(harness.url, 'ivan', 'acme-auth', { 'x-address': '10.0.0.10' }));
  });
});

const services = await queueServices('rate_limits');

/** Open connections with this name (ioredis's connectionName) on a Redis server. */
async function connectionsNamed(redis: Redis, name: string): Promise<number> {
  const list = (await redis.client('LIST')) as string;
  return list.split('\n').filter((line) => line.includes(` name=${name} `)).length;
}

describe.skipIf(!services)('rate limits on Redis (queue mode)', () => {
  const s = services as QueueServices;
  afterAll(async () => s?.cleanup());

  it('two API replicas on one Redis share the per-credential, per-tenant and auth-failure limits', async () => {
    const env = { REDIS_PREFIX: s.prefix, RATE_LIMIT_CREDENTIAL_PER_MINUTE: 5, RATE_LIMIT_TENANT_PER_MINUTE: 7, RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: 2 };
    const [a, b] = [await startHarness(env, { redisUrl: s.redisUrl }), await startHarness(env, { redisUrl: s.redisUrl })] as [Harness, Harness];
    try {
      const replicas = [a, b];
      // Both limiters on Redis (until their connection is ready they count in memory).
      await expect.poll(() => connectionsNamed(s.redis, `${s.prefix}:api:rate-limits`), { timeout: 10_000 }).toBe(2);
      for (const answer of await times(5, (i) => ping((replicas[i % 2] as Harness).url, 'judy', 'wayne'))) expectPassed(answer);
      expectRefused(await ping(b.url, 'judy', 'wayne'), 'credential');
      expectRefused(await ping(a.url, 'judy', 'wayne'), 'credential');
      expect(await s.redis.get(`${s.prefix}:rl:credential:token:wayne:judy`)).toBe('5');
      expectPassed(await ping(a.url, 'karl', 'wayne'));
      expectPassed(await ping(b.url, 'karl', 'wayne'));
      expectRefused(await ping(a.url, 'karl', 'wayne'), 'tenant');

      await a.limits.consumeAuthFailure('192.0.2.1');
      await b.limits.consumeAuthFailure('192.0.2.1');
      expect(await a.limits.isBlocked('192.0.2.1')).toBe(true);
      await expect(a.limits.consumeAuthFailure('192.0.2.1')).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    } finally {
      await a.close();
      await b.close();
    }
  });

  describe('Redis down', () => {
    let redis: OwnRedis;
    const unhandled: unknown[] = [];
    const onUnhandled = (error: unknown): void => void unhandled.push(error);
    beforeAll(async () => {
      redis = await startOwnRedis({ persistence: false });
      process.on('unhandledRejection', onUnhandled);
      process.on('uncaughtException', onUnhandled);
    });
    afterEach(() => expect(unhandled).toEqual([]));
    afterAll(async () => {
      process.off('unhandledRejection', onUnhandled);
      process.off('uncaughtException', onUnhandled);
      await redis?.stop();
    });

    it('the in-memory insurance limiter keeps limiting while Redis is away; the outage is logged once and its end too', async () => {
      const lines: Record<string, unknown>[] = [];
      const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
      const harness = await startHarness(
        { REDIS_PREFIX: 'own', RATE_LIMIT_CREDENTIAL_PER_MINUTE: 3, RATE_LIMIT_TENANT_PER_MINUTE: 1000 },
        { redisUrl: redis.url, logger },
      );
      const probe = new Redis(redis.url, { retryStrategy: () => null, maxRetriesPerRequest: 0 });
      probe.on('error', () => undefined);
      try {
        await expect.poll(() => connectionsNamed(probe, 'own:api:rate-limits'), { timeout: 10_000 }).toBe(1);
        probe.disconnect();
        // Counted in Redis: the key is there.
        expectPassed(await ping(harness.url, 'probe', 'lab'));
        const first = new Redis(redis.url, { retryStrategy: () => null, maxRetriesPerRequest: 0 });
        first.on('error', () => undefined);
        expect(await first.get('own:rl:credential:token:lab:probe')).toBe('1');
        first.disconnect();
        for (const answer of await times(3, () => ping(harness.url, 'lena', 'lab'))) expectPassed(answer);
        expectRefused(await ping(harness.url, 'lena', 'lab'), 'credential');

        await redis.kill();
        // Let ioredis notice and retry a few times (each retry fails with ECONNREFUSED).
        await new Promise((r) => setTimeout(r, 2500));
        const started = Date.now();
        for (const answer of await times(3, () => ping(harness.url, 'mallory', 'lab'))) expectPassed(answer);
        expectRefused(await ping(harness.url, 'mallory', 'lab'), 'credential');
        // No request waited for Redis.
        expect(Date.now() - started).toBeLessThan(2000);
        const lost = lines.filter((l) => typeof l['msg'] === 'string' && l['msg'].includes('rate-limits: connection lost'));
        expect(lost).toHaveLength(1);
        expect(lost[0]?.['level']).toBe(50);

        await redis.start();
        await expect
          .poll(() => lines.filter((l) => typeof l['msg'] === 'string' && l['msg'].includes('rate-limits: connection restored')).length, {
            timeout: 15_000,
          })
          .toBe(1);
        // Back on Redis (which kept nothing): counted there again.
        expectPassed(await ping(harness.url, 'nina', 'lab'));
        const check = new Redis(redis.url, { retryStrategy: () => null, maxRetriesPerRequest: 0 });
        check.on('error', () => undefined);
        expect(await check.get('own:rl:credential:token:lab:nina')).toBe('1');
        check.disconnect();
      } finally {
        probe.disconnect();
        await harness.close();
      }
    });
  });
});
