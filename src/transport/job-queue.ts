import type { AnalysisJob } from '../pipeline/job.ts';

/** Dispatches analysis jobs to whatever runs them (in-process now, BullMQ in queue mode). */
export interface JobQueue {
  enqueue(job: AnalysisJob): Promise<void>;
  /** Stops taking jobs and waits for the ones in flight. */
  close(): Promise<void>;
}

export type JobHandler = (job: AnalysisJob) => Promise<void>;
