import type { DetectedFace } from './geometry.ts';
import type { Stage } from './stages.ts';

/** What each stage produces, keyed by stage; GraphQL types mirror these. */
export interface StageResults {
  DETECTION: { faces: DetectedFace[] };
}

export type StageResult<S extends Stage = Stage> = { [K in S]: { stage: K; result: StageResults[K] } }[S];

/** Events an inference engine reports while it runs one image. */
export type EngineEvent =
  | { type: 'decoded'; width: number; height: number }
  | { type: 'stageStarted'; stage: Stage; model: string | null }
  | ({ type: 'stageFinished'; model: string | null; durationMs: number } & StageResult);

export interface AnalyzeRequest {
  image: Uint8Array;
  stages: readonly Stage[];
}

/** Runs the face pipeline on one image. Implemented by inference-workers (worker threads). */
export interface InferenceEngine {
  analyze(request: AnalyzeRequest, onEvent: (event: EngineEvent) => void): Promise<void>;
  close(): Promise<void>;
}
