import { readFileSync } from 'node:fs';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYSIS_QUEUE } from '../../src/transport/bullmq-queue.ts';
import { analyzeMutation, upload } from '../support/graphql-client.ts';
import { fixture } from '../support/paths.ts';
import { queueServices, type QueueServices } from '../support/services.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { AUTH_ENV, bearer } from '../support/tokens.ts';

// MAX_QUEUED_SESSIONS_PER_TENANT in queue mode (PostgreSQL + Redis, an in-process API with no worker,
// so every session stays QUEUED): the upload past the cap is refused and leaves no row, no image in
// Redis and no job.
const services = await queueServices('queued_session_cap');

describe.skipIf(!services)('queued-session cap per tenant (queue mode)', () => {
  const s = services as QueueServices;
  let app: TestApp;
  let queue: Queue;
  let capped: Record<string, string>;
  let other: Record<string, string>;

  beforeAll(async () => {
    app = await startTestApp({ ...AUTH_ENV, DATABASE_URL: s.databaseUrl, REDIS_URL: s.redisUrl, REDIS_PREFIX: s.prefix, MAX_QUEUED_SESSIONS_PER_TENANT: 2 });
    queue = new Queue(ANALYSIS_QUEUE, { connection: s.redis, prefix: s.prefix });
    capped = await bearer({ tenant: 'capped', sub: 'uploader', roles: ['operator'] });
    other = await bearer({ tenant: 'other', sub: 'uploader', roles: ['operator'] });
  });
  afterAll(async () => {
    await queue?.close();
    await app?.stop();
    await s?.cleanup();
  });

  const submit = (auth: Record<string, string>) =>
    upload<{ analyzeImage: { id: string; status: string } | null }>(
      app.url,
      analyzeMutation,
      { image: { bytes: readFileSync(fixture('id_obama_1.jpg')), name: 'obama.jpg' } },
      { stages: ['DETECTION'] },
      auth,
    );
  const imageKeys = async (): Promise<number> => (await s.redis.keys(`${s.prefix}:image:*`)).length;

  it('accepts uploads up to the cap, refuses the next with RATE_LIMITED and stores nothing for it', async () => {
    for (let i = 0; i < 2; i++) {
      const { body } = await submit(capped);
      expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
      expect(body.data?.analyzeImage?.status).toBe('QUEUED');
    }
    expect(await imageKeys()).toBe(2);
    expect(await queue.getWaitingCount()).toBe(2);

    const { body } = await submit(capped);
    const error = body.errors?.[0];
    expect(error?.extensions?.code, JSON.stringify(body.errors)).toBe('RATE_LIMITED');
    expect(error?.extensions?.['limit']).toBe('queuedSessions');
    expect(error?.extensions?.['retryAfterSeconds']).toBe(5);
    expect(await app.app.services.sessions.countUnfinished('capped')).toBe(2);
    expect((await app.app.services.sessions.page({ tenantId: 'capped', limit: 10 })).length).toBe(2);
    expect(await imageKeys()).toBe(2);
    expect(await queue.getWaitingCount()).toBe(2);
  });

  it('counts per tenant: another tenant still uploads', async () => {
    const { body } = await submit(other);
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    expect(await app.app.services.sessions.countUnfinished('other')).toBe(1);
  });
});
