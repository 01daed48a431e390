import { readFileSync } from 'node:fs';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { analyzeMutation } from '../support/graphql-client.ts';
import { fixture } from '../support/paths.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { AUTH_ENV, bearer } from '../support/tokens.ts';

// Rate limits on the real app in embedded mode (in memory): per credential, per tenant, uploads at
// RATE_LIMIT_UPLOAD_COST, HTTP and graphql-ws alike, failed authentications per client address.
// Every refusal is RATE_LIMITED with extensions.retryAfterSeconds and, over HTTP, 429 with Retry-After.

interface Answer {
  status: number;
  retryAfter: string | null;
  data?: Record<string, unknown> | null;
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

const analyze = async (url: string, headers: Record<string, string>): Promise<Answer> => {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query: analyzeMutation, variables: { image: null, stages: ['DETECTION'] } }));
  form.append('map', JSON.stringify({ 0: ['variables.image'] }));
  form.append('0', new Blob([readFileSync(fixture('id_obama_1.jpg'))], { type: 'image/jpeg' }), 'obama.jpg');
  const response = await fetch(url, { method: 'POST', body: form, headers: { 'graphql-preflight': '1', ...headers } });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), ...((await response.json()) as Omit<Answer, 'status' | 'retryAfter'>) };
};

function expectRefused(answer: Answer, limit: string): void {
  expect(answer.status, JSON.stringify(answer)).toBe(429);
  const extensions = answer.errors?.[0]?.extensions;
  expect(extensions?.['code']).toBe('RATE_LIMITED');
  expect(extensions?.['limit']).toBe(limit);
  const seconds = extensions?.['retryAfterSeconds'] as number;
  expect(seconds).toBeGreaterThanOrEqual(1);
  expect(seconds).toBeLessThanOrEqual(60);
  expect(answer.retryAfter).toBe(String(seconds));
}

const expectPassed = (answer: Answer): void => {
  expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
  expect(answer.status).toBe(200);
};

describe('rate limits on the API (embedded mode, in memory)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({
      ...AUTH_ENV,
      RATE_LIMIT_CREDENTIAL_PER_MINUTE: 5,
      RATE_LIMIT_TENANT_PER_MINUTE: 8,
      RATE_LIMIT_UPLOAD_COST: 2,
      RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: 3,
    });
  });
  afterAll(async () => app?.stop());

  it('the request after the per-credential limit is RATE_LIMITED with retryAfterSeconds, 429 and Retry-After', async () => {
    const alice = await bearer({ tenant: 'acme', sub: 'alice', roles: ['viewer'] });
    for (let i = 0; i < 5; i++) expectPassed(await read(app.url, alice));
    expectRefused(await read(app.url, alice), 'credential');
    // Another credential of the same tenant has its own count, within the tenant's 8.
    expectPassed(await read(app.url, await bearer({ tenant: 'acme', sub: 'bob', roles: ['viewer'] })));
  });

  it('the tenant is limited in all, whichever credential asks', async () => {
    const carol = await bearer({ tenant: 'globex', sub: 'carol', roles: ['viewer'] });
    const dave = await bearer({ tenant: 'globex', sub: 'dave', roles: ['viewer'] });
    for (let i = 0; i < 5; i++) expectPassed(await read(app.url, carol));
    for (let i = 0; i < 3; i++) expectPassed(await read(app.url, dave));
    expectRefused(await read(app.url, dave), 'tenant');
  });

  it('an upload costs more than a read: the third upload is refused, a read still passes', async () => {
    const erin = await bearer({ tenant: 'umbrella', sub: 'erin', roles: ['operator'] });
    expectPassed(await analyze(app.url, erin)); // 2 of 5
    expectPassed(await analyze(app.url, erin)); // 4 of 5
    expectRefused(await analyze(app.url, erin), 'credential'); // 6 > 5: refused, its points given back
    expectPassed(await read(app.url, erin)); // 5 of 5
    expectRefused(await read(app.url, erin), 'credential');
  });

  it('graphql-ws operations count with HTTP ones and are refused with RATE_LIMITED and retryAfterSeconds', async () => {
    const frank = await bearer({ tenant: 'hooli', sub: 'frank', roles: ['viewer'] });
    for (let i = 0; i < 5; i++) expectPassed(await read(app.url, frank));
    const client = createClient({ url: app.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: frank });
    try {
      for (const query of ['{ serverInfo { version } }', 'subscription { galleryEvents { type } }']) {
        let first: { errors?: readonly { extensions?: Record<string, unknown> }[] } | undefined;
        for await (const result of client.iterate({ query })) {
          first = result;
          break;
        }
        expect(first?.errors?.[0]?.extensions?.['code'], JSON.stringify(first)).toBe('RATE_LIMITED');
        expect(first?.errors?.[0]?.extensions?.['retryAfterSeconds']).toBeGreaterThanOrEqual(1);
      }
    } finally {
      await client.dispose();
    }
  });

  // Last: it blocks this test's address (127.0.0.1) for a minute.
  it('failed authentications from one address: after RATE_LIMIT_AUTH_FAILURES_PER_MINUTE the address is refused, even with a good token', async () => {
    const forged = { authorization: 'Bearer not-a-token' };
    for (let i = 0; i < 3; i++) expect((await read(app.url, forged)).errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    expectRefused(await read(app.url, forged), 'authFailures');
    expectRefused(await read(app.url, await bearer({ tenant: 'acme', sub: 'grace', roles: ['viewer'] })), 'authFailures');
  });
});
