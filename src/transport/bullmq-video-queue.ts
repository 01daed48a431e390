import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { outageReporter } from '../observability/outage.ts';
import type { VideoJob } from '../pipeline/job.ts';
import { STALL_LIMIT_REASON, workerOptions } from './bullmq-queue.ts';
import type { VideoQueue } from './video-queue.ts';

export const VIDEO_QUEUE = 'video-analyses';

/**
 * Queue mode's video analyses: the API adds one job per upload (its ID is the analysis ID, so an
 * analysis is never queued twice); workers take them. A worker killed mid-video leaves its job to
 * another once the lock expires (BullMQ's stalled check), which starts again from the first frame.
 */
export function createBullVideoQueue(
  connection: Redis,
  options: { prefix: string; attempts: number; backoffMs: number },
  logger: Logger,
): VideoQueue & { counts(): Promise<Record<string, number>> } {
  const queue = new Queue<VideoJob>(VIDEO_QUEUE, {
    connection,
    prefix: options.prefix,
    defaultJobOptions: {
      attempts: options.attempts,
      backoff: { type: 'exponential', delay: options.backoffMs },
      removeOnComplete: { age: 3600, count: 1000 },
      removeOnFail: { age: 24 * 3600, count: 1000 },
    },
  });
  const report = outageReporter(logger, 'bullmq video queue');
  queue.on('error', (error) => report.error(error));
  return {
    async enqueue(job) {
      await queue.add('analyze-video', job, { jobId: job.videoAnalysisId });
      report.ready();
    },
    counts: () => queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized'),
    close: () => queue.close(),
  };
}

export interface VideoWorkerOptions {
  connection: Redis;
  prefix: string;
  /** Videos one worker process runs at once (each keeps its inference threads busy). */
  concurrency: number;
  lockMs: number;
  handle: (job: VideoJob) => Promise<unknown>;
  /** After the last attempt, or when the job crashed its worker more often than the stall limit allows. */
  failUnexpected: (job: VideoJob, error: Error) => Promise<void>;
  logger: Logger;
}

/** A worker process's side: takes video analyses next to the image jobs. */
export function startVideoWorker(options: VideoWorkerOptions): Worker<VideoJob> {
  const { logger } = options;
  const worker = new Worker<VideoJob>(VIDEO_QUEUE, async (job: Job<VideoJob>) => options.handle(job.data), workerOptions(options));
  worker.on('failed', (job, error) => {
    if (!job) return;
    const last = job.attemptsMade >= (job.opts.attempts ?? 1) || error.message === STALL_LIMIT_REASON;
    if (!last) {
      logger.warn({ err: error, videoAnalysisId: job.data.videoAnalysisId, attempt: job.attemptsMade }, 'video analysis failed; it will be retried');
      return;
    }
    void options
      .failUnexpected(job.data, error)
      .then(() => job.remove())
      .catch((failError: unknown) => logger.warn({ err: failError, videoAnalysisId: job.data.videoAnalysisId }, 'could not end a failed video job'));
  });
  const report = outageReporter(logger, 'bullmq video worker');
  worker.on('error', (error) => report.error(error));
  worker.on('ready', () => report.ready());
  return worker;
}
