import type { AnalysisJob } from '../pipeline/job.ts';
import type { JobHandler, JobQueue } from './job-queue.ts';

/**
 * In-process FIFO for embedded mode. `concurrency` jobs run at once; the CPU work itself happens in
 * inference worker threads, so this only bounds how many images are in flight.
 */
export function createMemoryQueue(handler: JobHandler, options: { concurrency: number; onError: (error: unknown, job: AnalysisJob) => void }): JobQueue {
  const waiting: AnalysisJob[] = [];
  const running = new Set<Promise<void>>();
  let closed = false;

  const pump = (): void => {
    while (!closed && running.size < options.concurrency && waiting.length > 0) {
      const job = waiting.shift() as AnalysisJob;
      const run: Promise<void> = handler(job)
        .catch((error: unknown) => options.onError(error, job))
        .finally(() => {
          running.delete(run);
          pump();
        });
      running.add(run);
    }
  };

  return {
    async enqueue(job) {
      if (closed) throw new Error('queue is closed');
      waiting.push(job);
      // Let the caller return its response before the job starts.
      setImmediate(pump);
    },
    async close() {
      closed = true;
      await Promise.all(running);
    },
  };
}
