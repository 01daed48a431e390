import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOwnRedis, freePort, type OwnRedis } from '../support/own-services.ts';
import { startApi, startWorker, type Spawned } from '../support/processes.ts';
import { scrape } from '../support/prometheus.ts';
import { queueServices, type QueueServices } from '../support/services.ts';
import { analyzeMutation, upload, waitForSession } from '../support/graphql-client.ts';
import { readFileSync } from 'node:fs';
import { fixture } from '../support/paths.ts';
import { metricCatalog } from '../../src/observability/metric-catalog.ts';

// Queue mode on PostgreSQL and a Redis of this test's own (it is stopped here): the worker's probes
// answer while its models load (ready only once they are warm), both processes' /metrics carry the
// pipeline and queue metrics after one analysis, and readiness turns false while Redis is down and
// true again once it is back.
const services = await queueServices('metrics_health');

describe.skipIf(!services)('metrics and health (queue mode)', () => {
  const s = services as QueueServices;
  let redis: OwnRedis;
  let api: Spawned & { url: string };
  let worker: Spawned;
  let workerBase: string;
  const readyDuringStart: number[] = [];
  beforeAll(async () => {
    redis = await startOwnRedis({ persistence: false });
    const port = await freePort();
    workerBase = `http://127.0.0.1:${port}`;
    const env = { DATABASE_URL: s.databaseUrl, REDIS_URL: redis.url, REDIS_PREFIX: s.prefix, INFERENCE_THREADS: '1', ORT_INTRA_OP_THREADS: '1' };
    api = await startApi(env);
    // Poll the worker's readiness from the moment it starts until it says it is ready.
    let polling = true;
    const poll = (async () => {
      while (polling) {
        const status = await fetch(`${workerBase}/health/ready`).then(
          (r) => r.status,
          () => 0,
        );
        if (status) readyDuringStart.push(status);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    worker = await startWorker({ ...env, WORKER_METRICS_PORT: String(port) });
    polling = false;
    await poll;
  }, 300_000);
  afterAll(async () => {
    for (const p of [api, worker]) p?.kill('SIGKILL');
    await Promise.all([api?.exited, worker?.exited]);
    await redis?.stop();
    await s?.cleanup();
  });
  const apiBase = (): string => api.url.replace(/\/graphql$/, '');
  const ready = async (base: string) => {
    const response = await fetch(`${base}/health/ready`);
    return { status: response.status, body: (await response.json()) as { status: string; checks: Record<string, { ok: boolean }> } };
  };

  it('the worker is live but not ready while its models load, then ready', async () => {
    expect(readyDuringStart).toContain(503);
    expect(readyDuringStart.indexOf(503)).toBeLessThan(readyDuringStart.length);
    expect(await ready(workerBase)).toEqual({
      status: 200,
      body: { status: 'ready', checks: { models: { ok: true }, database: { ok: true }, redis: { ok: true } } },
    });
    expect(await (await fetch(`${workerBase}/health/live`)).json()).toEqual({ status: 'ok' });
  });

  it('after one analysis: the worker exports the pipeline metrics, the API the queue, event and GraphQL ones', async () => {
    const { body } = await upload<{ analyzeImage: { id: string } }>(
      api.url,
      analyzeMutation,
      { image: { bytes: readFileSync(fixture('spoof_real_T1.jpg')), name: 't1.jpg' } },
      { stages: ['ANTI_SPOOFING', 'DEEPFAKE'] },
    );
    const session = await waitForSession(api.url, 'query($id: ID!) { analysisSession(id: $id) { status } }', body.data?.analyzeImage.id as string, 60_000);
    expect(session.status).toBe('COMPLETED');
    const w = await scrape(`${workerBase}/metrics`);
    expect(w.sum('facesocial_stage_duration_seconds_count', { stage: 'ANTI_SPOOFING', role: 'worker' })).toBe(1);
    expect(w.sum('facesocial_sessions_total', { status: 'COMPLETED' })).toBe(1);
    expect(w.sum('facesocial_jobs_total', { outcome: 'completed' })).toBe(1);
    expect(w.sum('liveness_checks_total')).toBe(1);
    expect(w.sum('deepfake_detections_total')).toBe(1);
    expect(w.samples('facesocial_worker_busy_ratio')[0]?.value).toBe(0);
    expect(w.samples('process_cpu_user_seconds_total')).toHaveLength(1);
    const a = await scrape(`${apiBase()}/metrics`);
    for (const state of ['waiting', 'active', 'delayed', 'failed', 'prioritized']) expect(a.samples('facesocial_queue_jobs', { state })).toHaveLength(1);
    expect(a.sum('facesocial_event_bus_lag_seconds_count')).toBeGreaterThanOrEqual(4);
    expect(a.sum('graphql_envelop_phase_execute_count')).toBeGreaterThanOrEqual(1);
    // One verification (an API use case; its faces are analysed by the worker), then every metric of the catalog on both pages.
    const verified = await upload<{ verifyFaces: { match: boolean } }>(
      api.url,
      'mutation($imageA: File!, $imageB: File!) { verifyFaces(imageA: $imageA, imageB: $imageB) { match } }',
      {
        imageA: { bytes: readFileSync(fixture('id_obama_1.jpg')), name: 'a.jpg' },
        imageB: { bytes: readFileSync(fixture('id_obama_2.jpg')), name: 'b.jpg' },
      },
    );
    expect(verified.body.data?.verifyFaces.match).toBe(true);
    const [apiAfter, workerAfter] = await Promise.all([scrape(`${apiBase()}/metrics`), scrape(`${workerBase}/metrics`)]);
    expect(apiAfter.sum('verification_requests_total', { kind: 'faces', result: 'match' })).toBe(1);
    expect(apiAfter.sum('verification_confidence_score_count', { kind: 'faces' })).toBe(1);
    expect(workerAfter.sum('facesocial_stage_duration_seconds_count', { stage: 'RECOGNITION' })).toBe(2);
    for (const name of Object.keys(metricCatalog)) {
      expect(apiAfter.types.has(name), `API /metrics declares ${name}`).toBe(true);
      expect(workerAfter.types.has(name), `worker /metrics declares ${name}`).toBe(true);
    }
  });

  it("one request's ID is echoed, stored on its session and on the API's and the worker's log lines", async () => {
    const { body } = await upload<{ analyzeImage: { id: string } }>(
      api.url,
      analyzeMutation,
      { image: { bytes: readFileSync(fixture('id_obama_1.jpg')), name: 'o.jpg' } },
      { stages: ['DETECTION'] },
      { 'x-request-id': 'req-trace-0042' },
    );
    const id = body.data?.analyzeImage.id as string;
    const session = await waitForSession<{ status: string; requestId: string }>(
      api.url,
      'query($id: ID!) { analysisSession(id: $id) { status requestId } }',
      id,
      60_000,
    );
    expect(session).toEqual({ status: 'COMPLETED', requestId: 'req-trace-0042' });
    const uuid = Buffer.from(id, 'base64').toString().split(':')[1];
    const logged = (lines: string[]) =>
      lines.map((l) => JSON.parse(l) as { requestId?: string; sessionId?: string; msg: string }).filter((l) => l.requestId === 'req-trace-0042');
    await new Promise((r) => setTimeout(r, 200));
    expect(logged(api.lines).map((l) => [l.msg, l.sessionId])).toEqual([['analysis queued', uuid]]);
    expect(logged(worker.lines).map((l) => [l.msg, l.sessionId])).toEqual([['analysis completed', uuid]]);
    // Echoed when it is a sane token; replaced by a fresh UUID otherwise.
    const echo = async (sent: string) =>
      (
        await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': sent }, body: '{"query":"{ __typename }"}' })
      ).headers.get('x-request-id');
    expect(await echo('abc-123')).toBe('abc-123');
    expect(await echo('has spaces in it')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('readiness is false on both while Redis is down and true again once it is back', async () => {
    await redis.kill();
    const deadline = Date.now() + 15_000;
    let apiReady = await ready(apiBase());
    let workerReady = await ready(workerBase);
    while ((apiReady.status !== 503 || workerReady.status !== 503) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      [apiReady, workerReady] = await Promise.all([ready(apiBase()), ready(workerBase)]);
    }
    expect(apiReady.status).toBe(503);
    // The public port says which check failed, not the driver's message (it names hosts); the worker's internal port says why.
    expect(apiReady.body.checks['redis']).toEqual({ ok: false });
    expect(apiReady.body.checks['database']?.ok).toBe(true);
    expect(workerReady.status).toBe(503);
    expect(workerReady.body.checks['redis']?.ok).toBe(false);
    expect((workerReady.body.checks['redis'] as { error?: string } | undefined)?.error).toBeTruthy();
    expect((await fetch(`${apiBase()}/health/live`)).status).toBe(200);

    await redis.start();
    const back = Date.now() + 30_000;
    while (((await ready(apiBase())).status !== 200 || (await ready(workerBase)).status !== 200) && Date.now() < back) {
      await new Promise((r) => setTimeout(r, 250));
    }
    expect((await ready(apiBase())).status).toBe(200);
    expect((await ready(workerBase)).status).toBe(200);
  }, 60_000);
});
