import { hostname } from 'node:os';
import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { outageReporter } from '../observability/outage.ts';
import type { LivenessDecisionJob } from '../pipeline/job.ts';
import type { DecisionHandler, DecisionQueue } from './decision-queue.ts';

export const LIVENESS_DECISION_QUEUE = 'liveness-decisions';

/**
 * Queue mode's liveness decisions: the API adds one job per finished session (its ID is the job ID, so
 * a session is never decided twice at once); workers take them. Retried with backoff: the decision
 * reads and writes the database, and its store is conditional (DECIDING -> DECIDED), so a retry is safe.
 */
export function createBullDecisionQueue(connection: Redis, prefix: string, logger: Logger): DecisionQueue {
  const queue = new Queue<LivenessDecisionJob>(LIVENESS_DECISION_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: {
      attempts: 3,
      backoff: { type: 'exponential', delay: 500 },
      removeOnComplete: { age: 3600, count: 1000 },
      removeOnFail: { age: 24 * 3600 },
    },
  });
  const report = outageReporter(logger, 'bullmq liveness queue');
  queue.on('error', (error) => report.error(error));
  return {
    async enqueue(job) {
      await queue.add('decide', job, { jobId: job.livenessSessionId });
      report.ready();
    },
    close: () => queue.close(),
  };
}

/** A worker process's side: takes liveness decisions (cheap arithmetic over stored frame features) next to analysis jobs. */
export function startDecisionWorker(options: { connection: Redis; prefix: string; handler: DecisionHandler; logger: Logger }): Worker<LivenessDecisionJob> {
  const worker = new Worker<LivenessDecisionJob>(LIVENESS_DECISION_QUEUE, async (job: Job<LivenessDecisionJob>) => options.handler(job.data), {
    connection: options.connection,
    prefix: options.prefix,
    // Recorded on each job it takes (job.processedBy): which process decided it.
    name: `${hostname()}:${process.pid}`,
    concurrency: 2,
  });
  const report = outageReporter(options.logger, 'bullmq liveness worker');
  worker.on('error', (error) => report.error(error));
  worker.on('failed', (job, error) => options.logger.warn({ err: error, livenessSessionId: job?.data.livenessSessionId }, 'liveness decision failed'));
  return worker;
}
