import type { VideoJob } from '../pipeline/job.ts';

/** Dispatches video analyses to whoever runs them: this process (embedded mode) or a worker (BullMQ in queue mode). */
export interface VideoQueue {
  enqueue(job: VideoJob): Promise<void>;
  close(): Promise<void>;
}

export type VideoJobRunner = (job: VideoJob) => Promise<void>;

/**
 * Embedded mode: one video at a time in this process (each one keeps every inference thread busy for
 * its length), the others wait in order; after the caller's response is on its way.
 */
export function createMemoryVideoQueue(run: VideoJobRunner, onError: (error: unknown, job: VideoJob) => void): VideoQueue {
  let tail: Promise<void> = Promise.resolve();
  let closed = false;
  return {
    async enqueue(job) {
      if (closed) throw new Error('queue is closed');
      tail = tail
        .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
        .then(() => run(job))
        .catch((error: unknown) => onError(error, job));
    },
    async close() {
      closed = true;
      await tail;
    },
  };
}
