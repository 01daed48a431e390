import type { StageResult } from './results.ts';

/**
 * What the job handler reports as it runs, for metrics: each stage's time and result, and how each
 * session ended. The pipeline knows no metrics library; observability/ implements this.
 */
export interface PipelineObserver {
  /** `livenessFrame`: a frame of a liveness session; its faces' verdicts are counted with the session's verdict, not one by one. */
  stageFinished(event: StageResult & { model: string | null; durationMs: number }, context?: { livenessFrame?: boolean }): void;
  sessionEnded(outcome: { status: 'COMPLETED' } | { status: 'FAILED'; code: string }): void;
  /** A job started, and ended (how): busy slots and jobs by outcome. `error` is a throw the queue retries. */
  jobStarted(): void;
  jobEnded(outcome: 'completed' | 'failed' | 'skipped' | 'error'): void;
}

export const silentObserver: PipelineObserver = {
  stageFinished: () => undefined,
  sessionEnded: () => undefined,
  jobStarted: () => undefined,
  jobEnded: () => undefined,
};
