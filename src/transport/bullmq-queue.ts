import { hostname } from 'node:os';
import { Queue, type Telemetry } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { outageReporter } from '../observability/outage.ts';
import type { AnalysisJob } from '../pipeline/job.ts';
import type { JobQueue } from './job-queue.ts';

export const ANALYSIS_QUEUE = 'analysis';

/** Times a job may be taken again after its worker died before BullMQ fails it ("stalled more than allowable limit"). */
export const MAX_STALLED_COUNT = 2;

/** BullMQ's reason for a job whose worker died more often than `maxStalledCount` allows. */
export const STALL_LIMIT_REASON = 'job stalled more than allowable limit';

export interface BullQueueOptions {
  prefix: string;
  attempts: number;
  backoffMs: number;
  /** Tracing (bullmq-otel) when it is on. */
  telemetry?: Telemetry | undefined;
}

/** BullMQ job options: retries with exponential backoff; finished jobs removed by age and count so Redis stays flat. */
function jobOptions(options: BullQueueOptions) {
  return {
    attempts: options.attempts,
    backoff: { type: 'exponential', delay: options.backoffMs },
    removeOnComplete: { age: 3600, count: 1000 },
    removeOnFail: { age: 24 * 3600, count: 5000 },
  } as const;
}

/**
 * A worker's BullMQ options, the same for every queue: its name (recorded on each job it takes,
 * job.processedBy, says which process ran it), the lock and the stalled-job check that hands a dead
 * worker's job to another once its lock expires.
 */
export function workerOptions(options: { connection: Redis; prefix: string; concurrency: number; lockMs: number }) {
  return {
    connection: options.connection,
    prefix: options.prefix,
    name: `${hostname()}:${process.pid}`,
    concurrency: options.concurrency,
    lockDuration: options.lockMs,
    stalledInterval: Math.max(1000, Math.floor(options.lockMs / 2)),
    maxStalledCount: MAX_STALLED_COUNT,
  };
}

/** Where BullMQ holds a session's job, and why it failed when it did. */
export type JobState =
  { state: 'waiting' | 'active' | 'delayed' | 'prioritized' | 'waiting-children' | 'completed' } | { state: 'failed'; failedReason: string };

export interface FailedJob {
  job: AnalysisJob;
  failedReason: string;
}

export interface BullJobQueue extends JobQueue {
  /** The session's job as BullMQ holds it now, or null when it holds none (lost, removed, trimmed). */
  jobState(sessionId: string): Promise<JobState | null>;
  /** Removes a finished job (its session has ended): nothing is left in the failed set. */
  removeJob(sessionId: string): Promise<void>;
  /** The oldest `limit` jobs of the failed set, with why each failed. */
  failedJobs(limit: number): Promise<FailedJob[]>;
  queue: Queue<AnalysisJob>;
}

/** The API's side of queue mode: adds jobs (IDs only; the bytes are in the image store). The job ID is the session ID, so a session is never enqueued twice. */
export function createBullQueue(connection: Redis, options: BullQueueOptions, logger: Logger): BullJobQueue {
  const queue = new Queue<AnalysisJob>(ANALYSIS_QUEUE, {
    connection,
    prefix: options.prefix,
    defaultJobOptions: jobOptions(options),
    ...(options.telemetry ? { telemetry: options.telemetry } : {}),
  });
  // The connection logs its own outages; BullMQ re-emits them here, where an unheard 'error' would throw.
  const report = outageReporter(logger, 'bullmq queue');
  queue.on('error', (error) => report.error(error));
  return {
    queue,
    async enqueue(job) {
      await queue.add('analyze', job, { jobId: job.sessionId });
      report.ready();
    },
    async jobState(sessionId) {
      const job = await queue.getJob(sessionId);
      if (!job) return null;
      const state = await job.getState();
      if (state === 'unknown') return null;
      return state === 'failed' ? { state, failedReason: job.failedReason } : { state };
    },
    async removeJob(sessionId) {
      await queue.remove(sessionId);
    },
    async failedJobs(limit) {
      const jobs = await queue.getFailed(0, limit - 1);
      return jobs.flatMap((job) => (job?.data ? [{ job: job.data, failedReason: job.failedReason }] : []));
    },
    close: () => queue.close(),
  };
}
