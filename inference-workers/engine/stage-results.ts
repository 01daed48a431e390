import type { EngineEvent, StageResults } from '../../src/pipeline/results.ts';

export type StageFinished = EngineEvent & { type: 'stageFinished' };

/** One image's run, gathered: its decoded size and each stage's result, keyed by stage. */
export interface CollectedStages {
  width: number;
  height: number;
  results: Partial<StageResults>;
}

/**
 * Runs `run` (the thread-pool engine, or the pipeline in this thread) and gathers its events for callers
 * that read a frame's results whole, once it is done: the video job and the evals. The union's stage and
 * result stay paired; `onStage` hears each finished stage as it comes (timers).
 */
export async function collectStageResults(
  run: (onEvent: (event: EngineEvent) => void) => Promise<void>,
  onStage: (event: StageFinished) => void = () => {},
): Promise<CollectedStages> {
  const out: CollectedStages = { width: 0, height: 0, results: {} };
  await run((event) => {
    if (event.type === 'decoded') {
      out.width = event.width;
      out.height = event.height;
    } else if (event.type === 'stageFinished') {
      onStage(event);
      Object.assign(out.results, { [event.stage]: event.result });
    }
  });
  return out;
}
