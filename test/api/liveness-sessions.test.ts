import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepLivenessSessions } from '../../src/analysis/liveness-sweep.ts';
import { collectWs, gql, subscribeWs, upload } from '../support/graphql-client.ts';
import { scrape } from '../support/prometheus.ts';
import { createSession, finishSession, heldPrintFrames, sendAll, sendFrames, splicedFrames, type SessionView } from '../support/liveness.ts';
import { fixture } from '../support/paths.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { AUTH_ENV, bearer } from '../support/tokens.ts';

const photo = (name: string): Uint8Array => readFileSync(fixture(name));

/** Opens a session and returns it (throws on errors). */
async function open(url: string, mode: 'ACTIVE' | 'PASSIVE'): Promise<SessionView> {
  const { data, errors } = await createSession(url, mode);
  if (errors || !data) throw new Error(JSON.stringify(errors));
  return data.createLivenessSession;
}

describe('liveness sessions (embedded mode, real models)', () => {
  let app: TestApp;
  let obamaPrint: Uint8Array[];
  beforeAll(async () => {
    app = await startTestApp();
    obamaPrint = await heldPrintFrames(photo('id_obama_1.jpg'), 30);
  }, 120_000);
  afterAll(async () => app?.stop());

  it('createLivenessSession: ACTIVE draws an ordered challenge of both turns and a blink, at least 10 fps, valid at most 180 s', async () => {
    const before = Date.now();
    const session = await open(app.url, 'ACTIVE');
    expect(session.status).toBe('OPEN');
    expect([...session.challenge.steps].sort()).toEqual(['BLINK', 'TURN_LEFT', 'TURN_RIGHT']);
    expect(session.challenge.minFps).toBeGreaterThanOrEqual(10);
    expect(new Date(session.expiresAt).getTime() - before).toBeLessThanOrEqual(181_000);
    expect(session.nonce.length).toBeGreaterThanOrEqual(20);
    // Random order: 20 draws of 6 possible orders are not all the same.
    const orders = new Set<string>();
    for (let i = 0; i < 20; i++) orders.add((await open(app.url, 'ACTIVE')).challenge.steps.join(','));
    expect(orders.size).toBeGreaterThan(1);
    const passive = await open(app.url, 'PASSIVE');
    expect(passive.challenge.steps).toEqual([]);
  });

  it('a held print (one photo moved, turned and tilted in perspective by hand over 30 frames) is SPOOF, with PLANAR_MOTION and/or NO_BLINK', async () => {
    const session = await open(app.url, 'PASSIVE');
    const last = await sendAll(app.url, session.id, obamaPrint, 15);
    expect(last?.progress.faceState).toBe('ONE');
    const { data, errors } = await finishSession(app.url, session.id);
    expect(errors, JSON.stringify(errors)).toBeUndefined();
    const decided = data?.finishLivenessSession;
    console.log(`held print: ${decided?.verdict} ${decided?.reasons.join(', ')} (score ${decided?.score})`);
    expect(decided?.status).toBe('DECIDED');
    expect(decided?.verdict).toBe('SPOOF');
    expect(decided?.reasons.filter((r) => r === 'PLANAR_MOTION' || r === 'NO_BLINK').length).toBeGreaterThan(0);
  }, 120_000);

  it("two people's photos spliced into one sequence are SPOOF with IDENTITY_SWITCH", async () => {
    const session = await open(app.url, 'PASSIVE');
    await sendAll(app.url, session.id, await splicedFrames(photo('id_obama_1.jpg'), photo('id_biden_2.jpg'), 30), 15);
    const decided = (await finishSession(app.url, session.id)).data?.finishLivenessSession;
    console.log(`spliced identities: ${decided?.verdict} ${decided?.reasons.join(', ')}`);
    expect(decided?.verdict).toBe('SPOOF');
    expect(decided?.reasons).toContain('IDENTITY_SWITCH');
  }, 120_000);

  it('refuses out-of-order, replayed and non-monotonic frames with their codes; the session then ends SPOOF (REPLAYED_FRAMES); a second finish and later frames are LIVENESS_SESSION_CLOSED', async () => {
    const session = await open(app.url, 'PASSIVE');
    const [f0, f1, f2] = obamaPrint;
    const ok = await sendFrames(app.url, session.id, [f0 as Uint8Array], 0, [0]);
    expect(ok.errors).toBeUndefined();
    expect(ok.data?.addLivenessFrames.session.framesReceived).toBe(1);
    const code = async (frames: Uint8Array[], firstSeq: number, ts: number[]) =>
      (await sendFrames(app.url, session.id, frames, firstSeq, ts)).errors?.[0]?.extensions?.code;
    expect(await code([f1 as Uint8Array], 5, [66])).toBe('FRAME_OUT_OF_ORDER');
    expect(await code([f0 as Uint8Array], 1, [66])).toBe('FRAME_REPLAYED');
    expect(await code([f1 as Uint8Array, f1 as Uint8Array], 1, [66, 133])).toBe('FRAME_REPLAYED');
    expect(await code([f1 as Uint8Array], 1, [0])).toBe('FRAME_TIMESTAMP_INVALID');
    expect(await code([f1 as Uint8Array, f2 as Uint8Array], 1, [66])).toBe('BAD_USER_INPUT');
    // Nothing refused was stored; the next frame in order is taken.
    expect((await sendFrames(app.url, session.id, [f1 as Uint8Array], 1, [66])).data?.addLivenessFrames.session.framesReceived).toBe(2);
    const decided = (await finishSession(app.url, session.id)).data?.finishLivenessSession;
    expect(decided?.verdict).toBe('SPOOF');
    expect(decided?.reasons).toContain('REPLAYED_FRAMES');
    expect((await finishSession(app.url, session.id)).errors?.[0]?.extensions?.code).toBe('LIVENESS_SESSION_CLOSED');
    expect(await code([f2 as Uint8Array], 2, [133])).toBe('LIVENESS_SESSION_CLOSED');
    expect((await sendFrames(app.url, 'TGl2ZW5lc3NTZXNzaW9uOm5vcGU=', [f2 as Uint8Array], 0, [0])).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  }, 120_000);

  it('livenessSessionProgress streams feedback as chunks arrive, then the verdict; enrollFace refuses a session that did not end LIVE', async () => {
    const session = await open(app.url, 'PASSIVE');
    const events = subscribeWs<{
      livenessSessionProgress: { type: string; framesReceived: number; progress: { faceState: string } | null; verdict: string | null };
    }>(
      app.url,
      'subscription($id: ID!) { livenessSessionProgress(sessionId: $id) { type framesReceived progress { faceState } verdict } }',
      { id: session.id },
      60_000,
    );
    await new Promise((r) => setTimeout(r, 300));
    await sendAll(app.url, session.id, obamaPrint.slice(0, 20), 15);
    await finishSession(app.url, session.id);
    const got = (await events).map((e) => e.livenessSessionProgress);
    expect(got[0]).toMatchObject({ type: 'PROGRESS', framesReceived: 0 });
    expect(got.filter((e) => e.type === 'PROGRESS').map((e) => e.framesReceived)).toEqual([0, 10, 20]);
    expect(got.at(-1)?.type).toBe('DECIDED');
    expect(got.at(-1)?.verdict).not.toBe('LIVE');
    const person = await gql<{ createPerson: { id: string } }>(app.url, 'mutation { createPerson(name: "Print") { id } }');
    const enroll = await gql(app.url, 'mutation($p: ID!, $s: ID!) { enrollFace(personId: $p, livenessSessionId: $s) { id } }', {
      p: person.data?.createPerson.id,
      s: session.id,
    });
    expect(enroll.errors?.[0]?.extensions?.code).toBe('LIVENESS_FAILED');
    const both = await upload(
      app.url,
      'mutation($p: ID!, $s: ID!, $image: File) { enrollFace(personId: $p, livenessSessionId: $s, image: $image) { id } }',
      { image: { bytes: photo('id_obama_1.jpg'), name: 'a.jpg' } },
      { p: person.data?.createPerson.id, s: session.id },
    );
    expect(both.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  }, 120_000);
});

describe('liveness session metrics', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  }, 120_000);
  afterAll(async () => app?.stop());

  it("count each session's verdict and reasons once, not its frames one by one; livenessVerdicts hears the session's verdict once, on its reference face", async () => {
    const base = app.url.replace(/\/graphql$/, '');
    const session = await open(app.url, 'PASSIVE');
    const heard = collectWs<{ livenessVerdicts: { verdict: string; face: { id: string }; livenessSession: { id: string; verdict: string } | null } }>(
      app.url,
      'subscription { livenessVerdicts { verdict face { id } livenessSession { id verdict } } }',
      1,
    );
    await new Promise((r) => setTimeout(r, 300));
    await sendAll(app.url, session.id, await heldPrintFrames(photo('id_obama_1.jpg'), 20), 15);
    const decided = (await finishSession(app.url, session.id)).data?.finishLivenessSession;
    // The first event on the tenant's stream is the session's (none came for its 20 frames).
    const [event] = (await heard).map((e) => e.livenessVerdicts);
    expect(event?.livenessSession).toEqual({ id: session.id, verdict: decided?.verdict });
    expect(event?.verdict).toBe(decided?.verdict === 'INCONCLUSIVE' ? 'UNCERTAIN' : decided?.verdict);
    const m = await scrape(`${base}/metrics`);
    expect(m.sum('liveness_sessions_total', { mode: 'PASSIVE', verdict: decided?.verdict ?? '?' })).toBe(1);
    for (const reason of decided?.reasons ?? []) expect(m.sum('liveness_session_reasons_total', { reason })).toBe(1);
    // 20 frames ran ANTI_SPOOFING (their stage durations are counted), none as a single-image check.
    expect(m.sum('facesocial_stage_duration_seconds_count', { stage: 'ANTI_SPOOFING' })).toBe(20);
    expect(m.sum('liveness_checks_total', {})).toBe(0);
  }, 60_000);
});

describe('liveness session expiry and the failed-attempt limit', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ LIVENESS_SESSION_TTL_S: 10, LIVENESS_MAX_FAILED_ATTEMPTS: 3, LIVENESS_ATTEMPT_WINDOW_S: 60, LIVENESS_LOCKOUT_S: 600 });
  }, 120_000);
  afterAll(async () => app?.stop());

  it('an expired session takes no frames (LIVENESS_SESSION_EXPIRED) and finishes INCONCLUSIVE with TIMEOUT; after 3 failures the credential is RATE_LIMITED', async () => {
    const frame = (await heldPrintFrames(photo('id_obama_1.jpg'), 1))[0] as Uint8Array;
    const session = await open(app.url, 'PASSIVE');
    await new Promise((r) => setTimeout(r, 10_500));
    expect((await sendFrames(app.url, session.id, [frame], 0, [0])).errors?.[0]?.extensions?.code).toBe('LIVENESS_SESSION_EXPIRED');
    const expired = (await finishSession(app.url, session.id)).data?.finishLivenessSession;
    expect(expired).toMatchObject({ verdict: 'INCONCLUSIVE' });
    expect(expired?.reasons).toContain('TIMEOUT');
    for (let i = 0; i < 2; i++) {
      const failed = (await finishSession(app.url, (await open(app.url, 'PASSIVE')).id)).data?.finishLivenessSession;
      expect(failed?.verdict).toBe('INCONCLUSIVE');
    }
    const refused = await createSession(app.url, 'ACTIVE');
    expect(refused.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(refused.errors?.[0]?.extensions?.['retryAfterSeconds']).toBeGreaterThan(500);
  }, 60_000);

  it('housekeeping decides a session abandoned past its expiry (TIMEOUT), decides again one whose decision job was lost, and erases sessions past LIVENESS_RETENTION_DAYS', async () => {
    const { services } = app.app;
    const sessionInput = { tenantId: 'default', credentialId: 'sweep-test', mode: 'PASSIVE', challenge: [], nonce: 'n', minFps: 10, frameBudget: 10 };
    const abandoned = await services.liveness.create({ ...sessionInput, expiresAt: new Date(Date.now() + 10_000) });
    // Before its expiry (plus the grace) it is left alone.
    await sweepLivenessSessions(services, new Date(Date.now() + 12_000));
    expect((await services.liveness.find('default', abandoned.id))?.status).toBe('OPEN');
    await sweepLivenessSessions(services, new Date(Date.now() + 20_000));
    for (let i = 0; i < 50 && (await services.liveness.find('default', abandoned.id))?.status !== 'DECIDED'; i++) await new Promise((r) => setTimeout(r, 100));
    const decided = await services.liveness.find('default', abandoned.id);
    expect(decided).toMatchObject({ status: 'DECIDED', verdict: 'INCONCLUSIVE' });
    expect(decided?.reasons).toContain('TIMEOUT');
    // A session finished while its decision job could not be queued stays DECIDING: it is decided again, closed (TIMEOUT).
    const lost = await services.liveness.create({ ...sessionInput, expiresAt: new Date(Date.now() + 10_000) });
    expect(await services.liveness.startDeciding('default', lost.id)).toBe(true);
    await sweepLivenessSessions(services, new Date(Date.now() + 20_000));
    expect((await services.liveness.find('default', lost.id))?.status).toBe('DECIDING');
    await sweepLivenessSessions(services, new Date(Date.now() + 11 * 60_000));
    for (let i = 0; i < 50 && (await services.liveness.find('default', lost.id))?.status !== 'DECIDED'; i++) await new Promise((r) => setTimeout(r, 100));
    const relived = await services.liveness.find('default', lost.id);
    expect(relived).toMatchObject({ status: 'DECIDED', verdict: 'INCONCLUSIVE' });
    expect(relived?.reasons).toContain('TIMEOUT');
    await sweepLivenessSessions(services, new Date(Date.now() + (services.config.LIVENESS_RETENTION_DAYS + 1) * 86_400_000));
    expect(await services.liveness.find('default', abandoned.id)).toBeNull();
    expect(await services.liveness.find('default', lost.id)).toBeNull();
  }, 30_000);
});

describe('liveness sessions with auth: the score and audit frames are for admins; attempts count per credential; tenants are apart', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ ...AUTH_ENV, LIVENESS_MAX_FAILED_ATTEMPTS: 1, LIVENESS_LOCKOUT_S: 600 });
  }, 120_000);
  afterAll(async () => app?.stop());

  it('an operator sees the verdict without the score; an admin of the tenant sees both and the audit frames; another tenant sees nothing', async () => {
    const operator = await bearer({ sub: 'kiosk-1', tenant: 'acme', roles: ['operator'] });
    const admin = await bearer({ sub: 'boss', tenant: 'acme', roles: ['admin'] });
    const other = await bearer({ sub: 'x', tenant: 'globex', roles: ['admin'] });
    const created = await createSession(app.url, 'PASSIVE', operator);
    const id = created.data?.createLivenessSession.id as string;
    await sendAll(app.url, id, await heldPrintFrames(photo('id_obama_1.jpg'), 10), 15, 10, operator);
    const finished = (await finishSession(app.url, id, operator)).data?.finishLivenessSession;
    expect(finished?.verdict).not.toBe('LIVE');
    expect(finished?.score).toBeNull();
    const query = 'query($id: ID!) { livenessSession(id: $id) { verdict score auditFrames { seq dataUrl } } }';
    const asAdmin = await gql<{ livenessSession: { score: number | null; auditFrames: { seq: number; dataUrl: string }[] } }>(app.url, query, { id }, admin);
    expect(asAdmin.errors).toBeUndefined();
    expect(typeof asAdmin.data?.livenessSession.score).toBe('number');
    expect(asAdmin.data?.livenessSession.auditFrames.length).toBeGreaterThan(0);
    expect(asAdmin.data?.livenessSession.auditFrames[0]?.dataUrl).toMatch(/^data:image\/jpeg;base64,\/9j\//);
    const asOperator = await gql(app.url, query, { id }, operator);
    expect(asOperator.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const elsewhere = await gql<{ livenessSession: unknown }>(app.url, 'query($id: ID!) { livenessSession(id: $id) { verdict } }', { id }, other);
    expect(elsewhere.data?.livenessSession).toBeNull();
    expect((await finishSession(app.url, id, other)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // The same over graphql-ws: another tenant's session cannot be followed.
    const followed = await collectWs(
      app.url,
      'subscription($id: ID!) { livenessSessionProgress(sessionId: $id) { type } }',
      1,
      { id },
      { authorization: other.authorization },
    ).catch((e: unknown) => (e instanceof Error ? e.message : JSON.stringify(e)));
    expect(followed).toContain('NOT_FOUND');
    // One failure locks this credential (LIVENESS_MAX_FAILED_ATTEMPTS=1), not another one of the same tenant.
    expect((await createSession(app.url, 'ACTIVE', operator)).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    const kiosk2 = await bearer({ sub: 'kiosk-2', tenant: 'acme', roles: ['operator'] });
    expect((await createSession(app.url, 'ACTIVE', kiosk2)).errors).toBeUndefined();
  }, 60_000);
});
