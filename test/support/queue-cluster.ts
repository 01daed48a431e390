import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { readFileSync } from 'node:fs';
import { ANALYSIS_QUEUE } from '../../src/transport/bullmq-queue.ts';
import { analyzeMutation, upload } from './graphql-client.ts';
import { fixture } from './paths.ts';
import { startApi, startWorker, type Spawned } from './processes.ts';
import type { QueueServices } from './services.ts';

/** Queue mode as separate processes (API replicas and workers) on a test database and Redis prefix. */
export interface QueueCluster {
  env: Record<string, string>;
  apis: (Spawned & { url: string })[];
  /** Each with its 'worker ready' log line (metricsUrl: its /metrics and probes). */
  workers: (Spawned & { readyLine: Record<string, unknown> })[];
  queue: Queue;
  submit(url: string, stages?: string[], file?: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startQueueCluster(
  s: Pick<QueueServices, 'databaseUrl' | 'redisUrl' | 'prefix'>,
  counts: { apis: number; workers: number },
  extraEnv: Record<string, string> = {},
): Promise<QueueCluster> {
  const env = {
    DATABASE_URL: s.databaseUrl,
    REDIS_URL: s.redisUrl,
    REDIS_PREFIX: s.prefix,
    WORKER_LOCK_MS: '4000',
    JOB_BACKOFF_MS: '200',
    INFERENCE_THREADS: '1',
    ORT_INTRA_OP_THREADS: '1',
    ...extraEnv,
  };
  // The first API migrates the fresh database; the others then find it up to date.
  const first = await startApi(env);
  const apis = [first, ...(await Promise.all(Array.from({ length: counts.apis - 1 }, () => startApi(env))))];
  const workers = await Promise.all(Array.from({ length: counts.workers }, () => startWorker(env)));
  // Its own connection: a test that stops Redis must not break the others' (errors are expected then).
  const connection = new Redis(s.redisUrl, { maxRetriesPerRequest: null });
  connection.on('error', () => undefined);
  const queue = new Queue(ANALYSIS_QUEUE, { connection, prefix: s.prefix });
  queue.on('error', () => undefined);
  return {
    env,
    apis,
    workers,
    queue,
    async submit(url, stages = ['DETECTION'], file = 'id_obama_1.jpg') {
      const { body } = await upload<{ analyzeImage: { id: string } }>(
        url,
        analyzeMutation,
        { image: { bytes: readFileSync(fixture(file)), name: file } },
        { stages },
      );
      if (body.errors || !body.data) throw new Error(JSON.stringify(body.errors));
      return body.data.analyzeImage.id;
    },
    async stop() {
      await queue.close();
      connection.disconnect();
      const all = [...apis, ...workers];
      for (const p of all) p.kill('SIGKILL');
      await Promise.all(all.map((p) => p.exited));
    },
  };
}
