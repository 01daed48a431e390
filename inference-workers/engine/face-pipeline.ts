import { PipelineError } from '../../src/pipeline/errors.ts';
import type { AnalyzeRequest, EngineEvent } from '../../src/pipeline/results.ts';
import type { Stage } from '../../src/pipeline/stages.ts';
import { createDetector, type FaceDetector } from '../detection/detector.ts';
import { detectWithPaddingRetry } from '../detection/padding-retry.ts';
import { decodeRgb, type RgbImage } from '../image/decode.ts';
import type { EngineOptions } from './engine-options.ts';

/** The models one inference thread holds: one ONNX session each, created once. */
export interface LoadedModels {
  detector: FaceDetector;
}

export async function loadModels(options: EngineOptions): Promise<LoadedModels> {
  const sessionOptions = { intraOpThreads: options.intraOpThreads, executionProvider: options.executionProvider };
  const detector = await createDetector(options.detector, options.modelsDir, {
    ...sessionOptions,
    scoreThreshold: options.detectionScoreThreshold,
  });
  // Warm-up: the first run allocates and tunes; keep that out of the first user's latency.
  await detector.detect({ data: Buffer.alloc(64 * 64 * 3, 128), width: 64, height: 64 });
  return { detector };
}

async function decode(bytes: Uint8Array): Promise<RgbImage> {
  try {
    return await decodeRgb(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : 'unknown error';
    throw new PipelineError('BAD_IMAGE', `The image could not be decoded (${reason}).`);
  }
}

/** Runs the requested stages (already planned in dependency order) on one image. */
export async function runFacePipeline(models: LoadedModels, request: AnalyzeRequest, onEvent: (event: EngineEvent) => void): Promise<void> {
  const image = await decode(request.image);
  onEvent({ type: 'decoded', width: image.width, height: image.height });
  for (const stage of request.stages) await runStage(models, image, stage, onEvent);
}

async function runStage(models: LoadedModels, image: RgbImage, stage: Stage, onEvent: (event: EngineEvent) => void): Promise<void> {
  const started = performance.now();
  switch (stage) {
    case 'DETECTION': {
      const model = models.detector.modelName;
      onEvent({ type: 'stageStarted', stage, model });
      const { faces } = await detectWithPaddingRetry(models.detector, image);
      onEvent({ type: 'stageFinished', stage, model, durationMs: performance.now() - started, result: { faces } });
      return;
    }
  }
}
