import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeMutation, upload, waitForSession } from '../support/graphql-client.ts';
import { fixture } from '../support/paths.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { AUTH_ENV, bearer } from '../support/tokens.ts';

// MAX_QUEUED_SESSIONS_PER_TENANT in embedded mode: a tenant with that many sessions QUEUED or RUNNING
// gets RATE_LIMITED for the next upload, and nothing is stored for it; other tenants are not affected.

const image = (): { image: { bytes: Buffer; name: string } } => ({ image: { bytes: readFileSync(fixture('id_obama_1.jpg')), name: 'obama.jpg' } });
const statusQuery = 'query($id: ID!) { analysisSession(id: $id) { id status } }';

describe('queued-session cap per tenant (embedded mode)', () => {
  let app: TestApp;
  let capped: Record<string, string>;
  let other: Record<string, string>;
  const placeholders: string[] = [];

  beforeAll(async () => {
    app = await startTestApp({ ...AUTH_ENV, MAX_QUEUED_SESSIONS_PER_TENANT: 2 });
    capped = await bearer({ tenant: 'capped', sub: 'uploader', roles: ['operator'] });
    other = await bearer({ tenant: 'other', sub: 'uploader', roles: ['operator'] });
    // Two sessions that stay QUEUED: rows as submitAnalysis writes them, with no job behind them.
    for (let i = 0; i < 2; i++) {
      const session = await app.app.services.sessions.create({
        tenantId: 'capped',
        stages: ['DETECTION'],
        image: { width: 1, height: 1, format: 'jpeg', bytes: 1, sha256: '0'.repeat(64) },
      });
      placeholders.push(session.id);
    }
  });
  afterAll(async () => app?.stop());

  it('refuses the upload past the cap with RATE_LIMITED and retryAfterSeconds, and stores no session for it', async () => {
    expect(await app.app.services.sessions.countUnfinished('capped')).toBe(2);
    const { body } = await upload<{ analyzeImage: { id: string } | null }>(app.url, analyzeMutation, image(), { stages: ['DETECTION'] }, capped);
    const error = body.errors?.[0];
    expect(error?.extensions?.code, JSON.stringify(body.errors)).toBe('RATE_LIMITED');
    expect(error?.extensions?.['limit']).toBe('queuedSessions');
    expect(error?.extensions?.['retryAfterSeconds']).toBe(5);
    expect(error?.message).toMatch(/2 analyses queued or running/);
    expect((await app.app.services.sessions.page({ tenantId: 'capped', limit: 10 })).map((s) => s.id).sort()).toEqual([...placeholders].sort());
    expect(await app.app.services.sessions.countUnfinished('capped')).toBe(2);
  });

  it('another tenant still uploads', async () => {
    const { body } = await upload<{ analyzeImage: { id: string } }>(app.url, analyzeMutation, image(), { stages: ['DETECTION'] }, other);
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    const id = body.data?.analyzeImage.id as string;
    expect((await waitForSession<{ status: string }>(app.url, statusQuery, id, 150_000, other)).status).toBe('COMPLETED');
  });

  it('once a session has ended the tenant is under the cap again', async () => {
    await app.app.services.sessions.markFailed(placeholders[0] as string, { code: 'INTERNAL', message: 'test placeholder' });
    const { body } = await upload<{ analyzeImage: { id: string } }>(app.url, analyzeMutation, image(), { stages: ['DETECTION'] }, capped);
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    const id = body.data?.analyzeImage.id as string;
    expect((await waitForSession<{ status: string }>(app.url, statusQuery, id, 150_000, capped)).status).toBe('COMPLETED');
  });
});
