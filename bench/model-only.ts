import { join } from 'node:path';
import type { Stage } from '../src/pipeline/stages.ts';
import type { EngineOptions } from '../inference-workers/engine/engine-options.ts';
import { stageModules } from '../inference-workers/stages/index.ts';
import { createOnnxSession, ort } from '../inference-workers/onnx/session.ts';
import { timeMedian } from './stats.ts';

export interface ModelTiming {
  stage: Stage;
  file: string;
  ms: number;
}

/** Input shape each stage's models run with in the pipeline (detector at its 640 letterbox, one face for the rest). */
const inputDims: Partial<Record<Stage, number[]>> = {
  DETECTION: [1, 3, 640, 640],
  ANTI_SPOOFING: [1, 3, 80, 80],
  LANDMARKS: [1, 1, 64, 64],
  RECOGNITION: [1, 3, 112, 112],
  AGE_GENDER: [1, 3, 112, 112],
  DEEPFAKE: [1, 3, 256, 256],
  EMOTION: [1, 3, 224, 224],
};

/** Every model file of the planned stages (from their stage modules), with its input shape. */
function modelRuns(options: EngineOptions): { stage: Stage; file: string; dims: number[] }[] {
  return options.stages.flatMap((stage) => {
    const dims = inputDims[stage];
    if (!dims) return [];
    // Flip test-time augmentation runs the recognition model twice per face.
    const times = stage === 'RECOGNITION' && options.recognitionFlip ? 2 : 1;
    return stageModules[stage].files(options.detector).flatMap((file) => Array.from({ length: times }, () => ({ stage, file, dims })));
  });
}

/**
 * The model-only bound: median session.run per model on a ready-made input tensor (random values in
 * the normalised range), with the same session settings as the pipeline. No decode, crops or I/O.
 */
export async function timeModelsOnly(options: EngineOptions, runs: number): Promise<ModelTiming[]> {
  const out: ModelTiming[] = [];
  for (const { stage, file, dims } of modelRuns(options)) {
    const session = await createOnnxSession(join(options.modelsDir, file), options);
    const size = dims.reduce((a, b) => a * b, 1);
    const data = Float32Array.from({ length: size }, () => Math.random() * 2 - 1);
    const feeds = { [session.inputNames[0] as string]: new ort.Tensor('float32', data, dims) };
    out.push({ stage, file, ms: await timeMedian(() => session.run(feeds), runs) });
    await session.release();
  }
  return out;
}
