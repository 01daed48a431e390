import type { LivenessDecisionJob } from '../pipeline/job.ts';

/** Dispatches liveness decisions to whoever runs them: this process (embedded mode) or a worker (BullMQ in queue mode). */
export interface DecisionQueue {
  enqueue(job: LivenessDecisionJob): Promise<void>;
  close(): Promise<void>;
}

export type DecisionHandler = (job: LivenessDecisionJob) => Promise<void>;

/** Embedded mode: runs each decision in this process, after the caller's response is on its way. */
export function createMemoryDecisionQueue(handler: DecisionHandler, onError: (error: unknown, job: LivenessDecisionJob) => void): DecisionQueue {
  const running = new Set<Promise<void>>();
  let closed = false;
  return {
    async enqueue(job) {
      if (closed) throw new Error('queue is closed');
      const run: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => handler(job))
        .catch((error: unknown) => onError(error, job))
        .finally(() => running.delete(run));
      running.add(run);
    },
    async close() {
      closed = true;
      await Promise.all(running);
    },
  };
}
