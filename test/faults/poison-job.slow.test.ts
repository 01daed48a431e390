import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_STALLED_COUNT } from '../../src/transport/bullmq-queue.ts';
import { ANALYSIS_QUEUE } from '../../src/transport/bullmq-queue.ts';
import { analyzeMutation, upload, waitForSession } from '../support/graphql-client.ts';
import { requireFaultTools } from '../support/fault-tools.ts';
import { startOwnPostgres, startOwnRedis, type OwnPostgres, type OwnRedis } from '../support/own-services.ts';
import { fixture } from '../support/paths.ts';
import { startApi, type Spawned } from '../support/processes.ts';
import { superviseWorkers, type WorkerSupervisor } from '../support/worker-supervisor.ts';

// A poison job: an image that kills its worker process every time a worker takes it (the test's fault
// injection, FAULT_KILL_ON_IMAGE_SHA256, does what a native crash in the decoder or ONNX Runtime would).
// BullMQ fails it by its stall limit; the session must end FAILED with WORKER_CRASHED, its image gone,
// nothing left in the queue, and the other images still complete.
const tools = requireFaultTools('poison job');
const LOCK_MS = 2000;
const RECONCILE_MS = 2000;

describe.skipIf(!tools)('a job that kills its worker every time', () => {
  let pg: OwnPostgres;
  let redis: OwnRedis;
  let api: Spawned & { url: string };
  let workers: WorkerSupervisor;
  const poison = readFileSync(fixture('id_biden_1.jpg'));
  const env = (): Record<string, string> => ({
    DATABASE_URL: pg.url,
    REDIS_URL: redis.url,
    REDIS_PREFIX: 'poison',
    WORKER_LOCK_MS: String(LOCK_MS),
    RECONCILE_INTERVAL_MS: String(RECONCILE_MS),
    JOB_BACKOFF_MS: '200',
    INFERENCE_THREADS: '1',
    ORT_INTRA_OP_THREADS: '1',
    FAULT_KILL_ON_IMAGE_SHA256: createHash('sha256').update(poison).digest('hex'),
  });
  beforeAll(async () => {
    pg = await startOwnPostgres();
    redis = await startOwnRedis();
    api = await startApi(env());
    workers = await superviseWorkers(2, env());
  }, 300_000);
  afterAll(async () => {
    await workers?.stop();
    api?.kill('SIGKILL');
    await api?.exited;
    pg?.destroy();
    await redis?.stop();
  });

  const submit = async (bytes: Uint8Array): Promise<string> => {
    const { body } = await upload<{ analyzeImage: { id: string } }>(api.url, analyzeMutation, { image: { bytes, name: 'x.jpg' } }, { stages: ['DETECTION'] });
    if (!body.data) throw new Error(JSON.stringify(body.errors));
    return body.data.analyzeImage.id;
  };

  it(`ends FAILED with WORKER_CRASHED after ${MAX_STALLED_COUNT + 1} crashes, deletes its image and leaves no job; later images complete`, async () => {
    const started = Date.now();
    const id = await submit(poison);
    const query = 'query($id: ID!) { analysisSession(id: $id) { status error { code message } } }';
    const ended = await waitForSession<{ status: string; error: { code: string; message: string } | null }>(api.url, query, id, 240_000);
    const elapsed = Date.now() - started;
    expect(ended.status).toBe('FAILED');
    expect(ended.error?.code).toBe('WORKER_CRASHED');
    expect(ended.error?.message).toMatch(/crashed the inference worker/);
    const bound = LOCK_MS * (MAX_STALLED_COUNT + 1) + RECONCILE_MS;
    console.log(
      `[poison-job] ended after ${(elapsed / 1000).toFixed(1)} s and ${workers.deaths()} worker deaths; WORKER_LOCK_MS x (limit + 1) + one reconcile interval = ${(bound / 1000).toFixed(1)} s, plus each restarted worker's start-up (at most ${(workers.slowestStartMs() / 1000).toFixed(1)} s: models load again)`,
    );
    expect(workers.deaths()).toBeGreaterThanOrEqual(MAX_STALLED_COUNT + 1);
    // A worker must be running to take the job again: each crash also costs a restarted worker's start-up.
    expect(elapsed).toBeLessThanOrEqual(bound + workers.deaths() * workers.slowestStartMs() + 1000);

    // The workers are healthy again: other images complete. (Submitted after, on purpose: a job running
    // beside the poison one on the same worker is cut off with it, and counts a stall too.)
    const healthy = await Promise.all(Array.from({ length: 3 }, () => submit(readFileSync(fixture('id_obama_1.jpg')))));
    for (const other of healthy) {
      expect((await waitForSession<{ status: string }>(api.url, query, other, 120_000)).status).toBe('COMPLETED');
    }
    const client = new Redis(redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue(ANALYSIS_QUEUE, { connection: client, prefix: 'poison' });
    try {
      expect(await client.exists(`poison:image:${id}`)).toBe(0);
      // The failed job was removed once its session held the reason.
      for (let i = 0; i < 50 && (await queue.getJob(id)); i++) await new Promise((r) => setTimeout(r, 100));
      expect(await queue.getJob(id)).toBeUndefined();
      const counts = await queue.getJobCounts('wait', 'active', 'delayed', 'failed', 'prioritized');
      expect(counts).toEqual({ wait: 0, active: 0, delayed: 0, failed: 0, prioritized: 0 });
    } finally {
      await queue.close();
      client.disconnect();
    }
    // The end was logged as what it is.
    const logged = [...api.lines, ...workers.all().flatMap((w) => w.lines)].filter((l) => /stall limit|had failed without ending it/.test(l));
    expect(logged.length).toBeGreaterThanOrEqual(1);
  });
});
