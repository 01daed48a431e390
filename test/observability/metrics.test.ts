import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricCatalog } from '../../src/observability/metric-catalog.ts';
import { analyzeMutation, gql, upload, waitForSession } from '../support/graphql-client.ts';
import { fixture } from '../support/paths.ts';
import { scrape } from '../support/prometheus.ts';
import { openRawSocket } from '../support/raw-ws.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { AUTH_ENV, bearer } from '../support/tokens.ts';

// Embedded mode, auth on: after analyses and verifications, /metrics shows every metric of the
// catalog, the GraphQL ones and the process defaults, with the labels dashboards select on; a
// reported false accept moves false_accept_total and the live FAR. Health endpoints answer probes.
describe('metrics and health (embedded)', () => {
  let app: TestApp;
  let admin: Record<string, string>;
  let base: string;
  beforeAll(async () => {
    app = await startTestApp({ ...AUTH_ENV });
    admin = await bearer({ tenant: 'metrics', sub: 'ops', roles: ['admin'] });
    base = app.url.replace(/\/graphql$/, '');
  });
  afterAll(async () => {
    await app?.stop();
  });

  const photo = (name: string) => ({ bytes: readFileSync(fixture(name)), name });
  const verify = async (a: string, b: string) => {
    const { body } = await upload<{ verifyFaces: { id: string; match: boolean; similarity: number } }>(
      app.url,
      'mutation($imageA: File!, $imageB: File!) { verifyFaces(imageA: $imageA, imageB: $imageB) { id match similarity } }',
      { imageA: photo(a), imageB: photo(b) },
      {},
      admin,
    );
    expect(body.errors).toBeUndefined();
    return body.data?.verifyFaces as { id: string; match: boolean; similarity: number };
  };
  const report = (id: string, correct: boolean) =>
    gql<{ reportVerificationOutcome: { falseAccept: boolean; falseReject: boolean; severity: string | null } }>(
      app.url,
      'mutation($id: ID!, $c: Boolean!) { reportVerificationOutcome(verificationId: $id, correct: $c) { falseAccept falseReject severity } }',
      { id, c: correct },
      admin,
    );

  it('probes: /health/live and /health/ready answer without credentials; /health/detailed needs an admin', async () => {
    expect(await (await fetch(`${base}/health/live`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: { ok: true } } });
    expect((await fetch(`${base}/health/detailed`)).status).toBe(401);
    expect((await fetch(`${base}/health/detailed`, { headers: await bearer({ tenant: 'metrics', roles: ['viewer'] }) })).status).toBe(403);
    const detailed = (await (await fetch(`${base}/health/detailed`, { headers: admin })).json()) as Record<string, unknown>;
    expect(detailed).toMatchObject({ status: 'ready', mode: 'embedded', database: 'pglite', version: expect.any(String) as unknown });
    const models = detailed['models'] as { file: string; sha256: string }[];
    expect(models.length).toBeGreaterThanOrEqual(5);
    for (const model of models) expect(model.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((detailed['process'] as { memory: { rssBytes: number } }).memory.rssBytes).toBeGreaterThan(0);
  });

  it('after analyses, verifications and a reported false accept, /metrics shows each metric with its labels', async () => {
    const before = await scrape(`${base}/metrics`);
    for (const name of Object.keys(metricCatalog)) expect(before.types.has(name), `${name} is registered`).toBe(true);
    expect(before.sum('false_accept_total')).toBe(0);

    const socket = await openRawSocket(app.url, admin);
    void socket.socket.operation('s1', 'subscription { livenessVerdicts { faceId verdict } }');
    for (const file of ['spoof_fake_F1.jpg', 'spoof_real_T1.jpg']) {
      const { body } = await upload<{ analyzeImage: { id: string } }>(
        app.url,
        analyzeMutation,
        { image: photo(file) },
        { stages: ['ANTI_SPOOFING', 'DEEPFAKE', 'IDENTIFICATION'] },
        admin,
      );
      await waitForSession(app.url, 'query($id: ID!) { analysisSession(id: $id) { status } }', body.data?.analyzeImage.id as string, 60_000, admin);
    }
    const same = await verify('id_obama_1.jpg', 'id_obama_2.jpg');
    const different = await verify('id_obama_1.jpg', 'id_biden_1.jpg');
    expect([same.match, different.match]).toEqual([true, false]);
    expect((await gql(app.url, 'mutation { createPerson(name: "a\\u0000") { id } }', {}, admin)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    const m = await scrape(`${base}/metrics`);
    expect(m.sum('facesocial_stage_duration_seconds_count', { stage: 'DETECTION', model: 'SCRFD-500M+auto-tiles' })).toBeGreaterThanOrEqual(2);
    expect(m.sum('facesocial_stage_duration_seconds_count', { stage: 'ANTI_SPOOFING' })).toBeGreaterThanOrEqual(2);
    expect(m.sum('facesocial_sessions_total', { status: 'COMPLETED' })).toBeGreaterThanOrEqual(4); // 2 analyses + 4 verification images
    expect(m.sum('liveness_checks_total')).toBeGreaterThanOrEqual(2);
    expect(m.sum('liveness_checks_total', { result: 'SPOOF' })).toBeGreaterThanOrEqual(1);
    expect(m.sum('spoofing_attacks_detected', { type: 'presentation' })).toBe(m.sum('liveness_checks_total', { result: 'SPOOF' }));
    expect(m.sum('deepfake_detections_total')).toBeGreaterThanOrEqual(2);
    expect(m.sum('identification_decisions_total')).toBeGreaterThanOrEqual(2);
    expect(m.sum('verification_requests_total', { kind: 'faces', result: 'match' })).toBe(1);
    expect(m.sum('verification_requests_total', { kind: 'faces', result: 'no_match' })).toBe(1);
    expect(m.sum('verification_duration_seconds_count', { kind: 'faces' })).toBe(2);
    expect(m.sum('verification_confidence_score_count', { kind: 'faces' })).toBe(2);
    expect(m.sum('facesocial_errors_total', { code: 'BAD_USER_INPUT', source: 'graphql' })).toBe(1);
    expect(m.sum('facesocial_active_subscriptions', { field: 'livenessVerdicts' })).toBe(1);
    expect(m.sum('facesocial_event_bus_lag_seconds_count')).toBeGreaterThan(10);
    expect(m.samples('facesocial_worker_busy_ratio')).toHaveLength(1);
    expect(m.samples('false_accept_rate', { source: 'calibration', tenant: '*' })[0]?.value).toBeLessThanOrEqual(0.1);
    expect(m.samples('equal_error_rate', { source: 'calibration', tenant: '*' })[0]?.value).toBeGreaterThan(0);
    expect(m.samples('false_accept_rate', { source: 'live' })).toEqual([]);
    // GraphQL (yoga's prometheus plugin) and process defaults, on the same page.
    expect(m.sum('graphql_envelop_phase_execute_count')).toBeGreaterThan(0);
    expect(m.sum('graphql_yoga_http_duration_count')).toBeGreaterThan(0);
    expect(m.samples('process_resident_memory_bytes')).toHaveLength(1);
    // No label a client chooses (operation name, URL, error path): they would grow the registry without bound.
    for (const name of ['graphql_yoga_http_duration_count', 'graphql_envelop_request_duration_count', 'graphql_envelop_error_result']) {
      for (const sample of m.samples(name))
        expect(Object.keys(sample.labels).filter((l) => ['operationName', 'url', 'path', 'fieldName'].includes(l))).toEqual([]);
    }
    socket.socket.close();

    // The Obama pair was a match: the reviewer says it was wrong, a false accept. The other, a right no-match.
    const wrong = await report(same.id, false);
    expect(wrong.data?.reportVerificationOutcome).toMatchObject({ falseAccept: true, falseReject: false });
    expect(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']).toContain(wrong.data?.reportVerificationOutcome.severity);
    expect((await report(different.id, true)).data?.reportVerificationOutcome).toEqual({ falseAccept: false, falseReject: false, severity: null });
    expect((await report(same.id, true)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const elsewhere = await bearer({ tenant: 'other', roles: ['admin'] });
    const foreign = await gql(
      app.url,
      'mutation($id: ID!) { reportVerificationOutcome(verificationId: $id, correct: true) { correct } }',
      { id: different.id },
      elsewhere,
    );
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    await new Promise((r) => setTimeout(r, 1100)); // the rate gauges read once per second at most
    const after = await scrape(`${base}/metrics`);
    const severity = (wrong.data?.reportVerificationOutcome.severity ?? '').toLowerCase();
    expect(after.sum('false_accept_total', { severity })).toBe(1);
    expect(after.sum('false_reject_total')).toBe(0);
    expect(after.sum('verification_outcomes_total', { correct: 'false' })).toBe(1);
    // Two impostor pairs by the reports (the wrong match, the right no-match), one accepted: 50 %.
    expect(after.samples('false_accept_rate', { source: 'live', tenant: 'metrics' })[0]?.value).toBe(50);
    expect(after.samples('false_reject_rate', { source: 'live', tenant: 'metrics' })).toEqual([]);
  });
});

// /health/detailed checks credentials like any request: failed attempts count against the address.
describe('/health/detailed and failed authentications', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ ...AUTH_ENV, RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: 3 });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('answers 401 to bad credentials, then 429 once the address is over its failures', async () => {
    const detailed = `${app.url.replace(/\/graphql$/, '')}/health/detailed`;
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await fetch(detailed, { headers: { authorization: 'Bearer forged' } })).status);
    expect(statuses.slice(0, 2)).toEqual([401, 401]);
    expect(statuses.at(-1)).toBe(429);
  });
});
