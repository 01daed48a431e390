import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AnalysisJob } from '../pipeline/job.ts';
import type { JobQueue } from './job-queue.ts';

export const ANALYSIS_QUEUE = 'analysis';

export interface BullQueueOptions {
  prefix: string;
  attempts: number;
  backoffMs: number;
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

export interface BullJobQueue extends JobQueue {
  /** Whether BullMQ still holds a job for the session (waiting, active, delayed or finished recently). */
  hasJob(sessionId: string): Promise<boolean>;
  queue: Queue<AnalysisJob>;
}

/** The API's side of queue mode: adds jobs (IDs only; the bytes are in the image store). The job ID is the session ID, so a session is never enqueued twice. */
export function createBullQueue(connection: Redis, options: BullQueueOptions): BullJobQueue {
  const queue = new Queue<AnalysisJob>(ANALYSIS_QUEUE, { connection, prefix: options.prefix, defaultJobOptions: jobOptions(options) });
  return {
    queue,
    async enqueue(job) {
      await queue.add('analyze', job, { jobId: job.sessionId });
    },
    async hasJob(sessionId) {
      return (await queue.getJob(sessionId)) !== undefined;
    },
    close: () => queue.close(),
  };
}
