import { PipelineError } from '../../src/pipeline/errors.ts';
import type { AnalyzeRequest, EngineEvent, StageResult } from '../../src/pipeline/results.ts';
import { decodeRgb, type RgbImage } from '../image/decode.ts';
import type { LoadedModels } from './loaded-models.ts';
import { stageModel, stageRunners, type ImageState } from './stage-runners.ts';

export { disposeModels, loadModels, type LoadedModels } from './loaded-models.ts';

async function decode(bytes: Uint8Array): Promise<RgbImage> {
  try {
    return await decodeRgb(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : 'unknown error';
    throw new PipelineError('BAD_IMAGE', `The image could not be decoded (${reason}).`);
  }
}

/**
 * Runs the requested stages (already planned in dependency order) on one image, reporting each
 * stage's start and its typed result as it ends, so the caller can persist and publish per stage.
 */
export async function runFacePipeline(models: LoadedModels, request: AnalyzeRequest, onEvent: (event: EngineEvent) => void): Promise<void> {
  const image = await decode(request.image);
  onEvent({ type: 'decoded', width: image.width, height: image.height });
  const state: ImageState = { image, faces: [], aligned: null, landmarks: null, quality: null };
  for (const stage of request.stages) {
    // The job handler runs its own stages (IDENTIFICATION) after these.
    if (stage === 'IDENTIFICATION') continue;
    if (!models.options.stages.includes(stage)) {
      throw new PipelineError('STAGE_UNAVAILABLE', `Stage ${stage} is not available on this server.`);
    }
    const model = stageModel(models, stage);
    onEvent({ type: 'stageStarted', stage, model });
    const started = performance.now();
    const result = await (stageRunners[stage] as (m: LoadedModels, s: ImageState) => Promise<StageResult['result']>)(models, state);
    onEvent({ type: 'stageFinished', stage, model, durationMs: performance.now() - started, result } as EngineEvent);
  }
}
