import { hostname } from 'node:os';
import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { AnalysisJob } from '../src/pipeline/job.ts';
import { ANALYSIS_QUEUE } from '../src/transport/bullmq-queue.ts';
import type { AnalysisJobHandler } from './analysis-job.handler.ts';

export interface QueueWorkerOptions {
  connection: Redis;
  prefix: string;
  concurrency: number;
  lockMs: number;
  handler: AnalysisJobHandler;
  logger: Logger;
}

/**
 * Takes analysis jobs from BullMQ. The CPU work runs on inference threads, so this event loop stays
 * free to renew job locks. Expected failures (BAD_IMAGE, ...) end the session inside `handle` and
 * complete the job: no retry. Anything unexpected throws, so BullMQ retries with backoff; after the
 * last attempt the session is FAILED with a readable reason. A job whose worker died is taken again
 * once its lock expires (BullMQ's stalled-job check); the handler's writes are idempotent.
 */
export function startQueueWorker(options: QueueWorkerOptions): Worker<AnalysisJob> {
  const { handler, logger } = options;
  const worker = new Worker<AnalysisJob>(
    ANALYSIS_QUEUE,
    async (job: Job<AnalysisJob>) => {
      const outcome = await handler.handle(job.data);
      logger.debug({ sessionId: job.data.sessionId, outcome, attempt: job.attemptsStarted }, 'job done');
      return outcome;
    },
    {
      connection: options.connection,
      prefix: options.prefix,
      // Recorded on each job it takes (job.processedBy): which process ran it.
      name: `${hostname()}:${process.pid}`,
      concurrency: options.concurrency,
      lockDuration: options.lockMs,
      stalledInterval: Math.max(1000, Math.floor(options.lockMs / 2)),
      maxStalledCount: 2,
    },
  );
  worker.on('failed', (job, error) => {
    if (!job) return;
    const attempts = job.opts.attempts ?? 1;
    if (job.attemptsMade >= attempts) void handler.failUnexpected(job.data, error);
    else logger.warn({ err: error, sessionId: job.data.sessionId, attempt: job.attemptsMade }, 'analysis job failed; it will be retried');
  });
  worker.on('error', (error) => logger.error({ err: error }, 'queue worker error'));
  return worker;
}
