/** One encoded frame through the in-process pipeline, keeping the results of some stages: shared by the liveness and video evals. */
import { engineOptionsOf, type EngineOptions } from '../inference-workers/engine/engine-options.ts';
import { runFacePipeline, type LoadedModels } from '../inference-workers/engine/face-pipeline.ts';
import { planStages, stageModules } from '../inference-workers/stages/index.ts';
import type { Config } from '../src/config/config.ts';
import { collectStageResults, type StageFinished } from '../inference-workers/engine/stage-results.ts';
import type { StageResults } from '../src/pipeline/results.ts';
import type { Stage } from '../src/pipeline/stages.ts';

/** The configured engine limited to `wanted` (and what those stages need, where available), so only their models load. */
export function engineOptionsFor(config: Config, wanted: readonly Stage[]): EngineOptions {
  const all = engineOptionsOf(config);
  const stages = planStages(wanted).filter((s) => stageModules[s].kind === 'inference' && all.stages.includes(s));
  return { ...all, stages, files: [...new Set(stages.flatMap((s) => stageModules[s].files(all.detector)))] };
}

/** Runs the models' planned stages on one image (JPEG, PNG, WebP); the results of `keep`, keyed by stage, and the decoded size. */
export async function analyzeFrameStages<K extends Stage>(
  models: LoadedModels,
  image: Uint8Array,
  keep: readonly K[],
  onStage?: (event: StageFinished) => void,
): Promise<{ width: number; height: number; results: Partial<Pick<StageResults, K>> }> {
  const { width, height, results } = await collectStageResults(
    (onEvent) => runFacePipeline(models, { image, stages: models.options.stages }, onEvent),
    onStage,
  );
  // The other stages' results are not needed.
  const kept = Object.fromEntries(Object.entries(results).filter(([stage]) => (keep as readonly string[]).includes(stage)));
  return { width, height, results: kept as Partial<Pick<StageResults, K>> };
}
