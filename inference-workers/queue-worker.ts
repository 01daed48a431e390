import { Worker, type Job, type Telemetry } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { outageReporter } from '../src/observability/outage.ts';
import type { AnalysisJob } from '../src/pipeline/job.ts';
import { ANALYSIS_QUEUE, STALL_LIMIT_REASON, workerOptions } from '../src/transport/bullmq-queue.ts';
import type { AnalysisJobHandler } from './analysis-job.handler.ts';

export interface QueueWorkerOptions {
  connection: Redis;
  prefix: string;
  concurrency: number;
  lockMs: number;
  handler: AnalysisJobHandler;
  logger: Logger;
  /** Tracing (bullmq-otel): the job runs in a CONSUMER span of the trace that enqueued it. */
  telemetry?: Telemetry | undefined;
}

/**
 * Takes analysis jobs from BullMQ. The CPU work runs on inference threads, so this event loop stays
 * free to renew job locks. Expected failures (BAD_IMAGE, ...) end the session inside `handle` and
 * complete the job: no retry. Anything unexpected throws, so BullMQ retries with backoff; after the
 * last attempt the session is FAILED with a readable reason. A job whose worker died is taken again
 * once its lock expires (BullMQ's stalled-job check); the handler's writes are idempotent. A job that
 * kills its worker every time (a poison image) is failed by BullMQ's stall limit whatever attemptsMade
 * says: its session ends WORKER_CRASHED here (or, if this worker dies too, by the API's reconciler).
 */
export function startQueueWorker(options: QueueWorkerOptions): Worker<AnalysisJob> {
  const { handler, logger } = options;
  let stallLimitFailures = 0;
  const worker = new Worker<AnalysisJob>(
    ANALYSIS_QUEUE,
    async (job: Job<AnalysisJob>) => {
      const outcome = await handler.handle(job.data);
      logger.debug({ sessionId: job.data.sessionId, requestId: job.data.requestId ?? null, outcome, attempt: job.attemptsStarted }, 'job done');
      return outcome;
    },
    {
      ...workerOptions(options),
      ...(options.telemetry ? { telemetry: options.telemetry } : {}),
    },
  );
  const endSession = async (job: Job<AnalysisJob>, error: Error): Promise<void> => {
    await handler.failUnexpected(job.data, error);
    // The session holds the reason now; leave nothing behind in the failed set.
    await job.remove().catch((removeError: unknown) => logger.warn({ err: removeError, sessionId: job.data.sessionId }, 'could not remove a failed job'));
  };
  worker.on('failed', (job, error) => {
    if (!job) return;
    const sessionId = job.data.sessionId;
    if (error.message === STALL_LIMIT_REASON) {
      stallLimitFailures++;
      logger.error(
        { sessionId, stalledCount: job.stalledCounter, stallLimitFailures },
        'job failed by the stall limit: it crashed its worker every time it ran',
      );
      void endSession(job, error);
      return;
    }
    const attempts = job.opts.attempts ?? 1;
    if (job.attemptsMade >= attempts) void endSession(job, error);
    else logger.warn({ err: error, sessionId, attempt: job.attemptsMade }, 'analysis job failed; it will be retried');
  });
  // BullMQ forwards its connections' errors here; the connection itself already logs each outage once.
  const report = outageReporter(logger, 'bullmq worker');
  worker.on('error', (error) => report.error(error));
  worker.on('ready', () => report.ready());
  return worker;
}
