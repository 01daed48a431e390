import { afterAll, describe, expect, it } from 'vitest';
import type { AnalysisJobHandler } from '../../inference-workers/analysis-job.handler.ts';
import { startQueueWorker } from '../../inference-workers/queue-worker.ts';
import { loadConfig } from '../../src/config/config.ts';
import { createLogger } from '../../src/observability/logger.ts';
import type { AnalysisJob } from '../../src/pipeline/job.ts';
import { createBullQueue } from '../../src/transport/bullmq-queue.ts';
import { createRedis } from '../../src/transport/redis.ts';
import { queueServices, type QueueServices } from '../support/services.ts';

// The BullMQ wiring of a worker: unexpected failures are retried with backoff, a bounded number of
// times, and then (only then) the session is failed. The handler here stands in for the pipeline so
// that a failure can be made to happen on purpose; the queue, Redis and BullMQ are real.
const services = await queueServices('queue_worker');

describe.skipIf(!services)('queue worker retries', () => {
  const s = services as QueueServices;
  afterAll(async () => s?.cleanup());

  it('retries an unexpected failure with exponential backoff, then fails the session once, after the last attempt', async () => {
    const connection = createRedis(s.redisUrl, 'test', createLogger(loadConfig({ LOG_LEVEL: 'silent' })));
    const queue = createBullQueue(connection, { prefix: s.prefix, attempts: 3, backoffMs: 100 }, createLogger(loadConfig({ LOG_LEVEL: 'silent' })));
    const attempts: number[] = [];
    const failed: string[] = [];
    let succeedOn = Number.POSITIVE_INFINITY;
    const handler: AnalysisJobHandler = {
      handle: async (job) => {
        attempts.push(Date.now());
        if (attempts.length >= succeedOn) return { status: 'completed' };
        throw new Error(`transient failure ${attempts.length} of ${job.sessionId}`);
      },
      failUnexpected: async (job) => {
        failed.push(job.sessionId);
      },
    };
    const worker = startQueueWorker({
      connection,
      prefix: s.prefix,
      concurrency: 1,
      lockMs: 5000,
      handler,
      logger: createLogger(loadConfig({ LOG_LEVEL: 'silent' })),
    });
    try {
      const job = (id: string): AnalysisJob => ({ sessionId: id, tenantId: 't', stages: ['DETECTION'], imageRef: id });
      await queue.enqueue(job('always-fails'));
      for (let i = 0; i < 100 && failed.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
      expect(failed).toEqual(['always-fails']);
      expect(attempts).toHaveLength(3);
      // Exponential: the second wait is about twice the first (100 ms, then 200 ms).
      const [a = 0, b = 0, c = 0] = attempts;
      expect(b - a).toBeGreaterThanOrEqual(90);
      expect(c - b).toBeGreaterThanOrEqual(180);

      attempts.length = 0;
      succeedOn = 2;
      await queue.enqueue(job('fails-once'));
      for (let i = 0; i < 100 && attempts.length < 2; i++) await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 300));
      expect(attempts).toHaveLength(2);
      expect(failed).toEqual(['always-fails']);
      expect(await (await queue.queue.getJob('fails-once'))?.isCompleted()).toBe(true);
    } finally {
      await worker.close();
      await queue.close();
      connection.disconnect();
    }
  });
});
