import { join } from 'node:path';
import { AppError } from '../../src/pipeline/errors.ts';
import type { AnalyzeRequest, EngineEvent, StageResults } from '../../src/pipeline/results.ts';
import type { Stage } from '../../src/pipeline/stages.ts';
import { decodeRgb, type RgbImage } from '../image/decode.ts';
import { stageModules } from '../stages/index.ts';
import type { ImageState, LoadedStage } from '../stages/stage-module.ts';
import type { EngineOptions } from './engine-options.ts';

/** The stages one inference thread holds: one set of ONNX sessions each, created once. */
export interface LoadedModels {
  options: EngineOptions;
  stages: ReadonlyMap<Stage, LoadedStage<Stage>>;
}

/** Loads every inference stage the options allow, in execution order, and warms each up. */
export async function loadModels(options: EngineOptions): Promise<LoadedModels> {
  const session = { intraOpThreads: options.intraOpThreads, executionProvider: options.executionProvider };

  const stages = new Map<Stage, LoadedStage<Stage>>();
  for (const stage of options.stages) {
    const module = stageModules[stage];
    if (module.kind !== 'inference') continue;
    const modelFiles = module.files(options.detector).map((file) => join(options.modelsDir, file));
    stages.set(stage, await module.load({ options, session, modelFiles, modelFile: modelFiles[0] ?? '' }));
  }
  // The first run of a session allocates and tunes; keep that out of the first user's latency.
  for (const loaded of stages.values()) await loaded.warmUp();
  return { options, stages };
}

export async function disposeModels(models: LoadedModels): Promise<void> {
  for (const loaded of models.stages.values()) await loaded.dispose();
}

async function decode(bytes: Uint8Array): Promise<RgbImage> {
  try {
    return await decodeRgb(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : 'unknown error';
    throw new AppError('BAD_IMAGE', `The image could not be decoded (${reason}).`);
  }
}

/** A stage's finished event; the result type follows the stage (one place where the map's values meet their keys). */
const finished = <S extends Stage>(stage: S, model: string | null, durationMs: number, result: StageResults[S]): EngineEvent =>
  ({ type: 'stageFinished', stage, model, durationMs, result }) as EngineEvent;

/**
 * Runs the requested inference stages (already planned in dependency order) on one image, reporting
 * each stage's start and its typed result as it ends, so the caller can persist and publish per stage.
 * Host stages (IDENTIFICATION) are the job handler's.
 */
export async function runFacePipeline(models: LoadedModels, request: AnalyzeRequest, onEvent: (event: EngineEvent) => void): Promise<void> {
  const image = await decode(request.image);
  onEvent({ type: 'decoded', width: image.width, height: image.height });
  const state: ImageState = { image, faces: [], aligned: null, landmarks: null, quality: null };
  for (const stage of request.stages) {
    if (stageModules[stage].kind === 'host') continue;
    const loaded = models.stages.get(stage);
    if (!loaded) throw new AppError('STAGE_UNAVAILABLE', `Stage ${stage} is not available on this server.`);
    onEvent({ type: 'stageStarted', stage, model: loaded.model });
    const started = performance.now();
    const result = await loaded.run(state);
    onEvent(finished(stage, loaded.model, performance.now() - started, result));
  }
}
