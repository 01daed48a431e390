import { join } from 'node:path';
import {
  AGE_GENDER_FILE,
  ANTI_SPOOFING_FILES,
  DEEPFAKE_FILE,
  DETECTOR_FILES,
  EMOTION_FILE,
  LANDMARKS_FILE,
  RECOGNITION_FILE,
} from '../src/pipeline/model-profile.ts';
import type { Stage } from '../src/pipeline/stages.ts';
import type { EngineOptions } from '../inference-workers/engine/engine-options.ts';
import { createOnnxSession, ort } from '../inference-workers/onnx/session.ts';
import { timeMedian } from './stats.ts';

export interface ModelTiming {
  stage: Stage;
  file: string;
  ms: number;
}

/** Input shape each model is run with in the pipeline (detector at its 640 letterbox, one face for the rest). */
function modelRuns(options: EngineOptions): { stage: Stage; file: string; dims: number[] }[] {
  const face = (side: number, channels = 3): number[] => [1, channels, side, side];
  const runs: { stage: Stage; file: string; dims: number[] }[] = [{ stage: 'DETECTION', file: DETECTOR_FILES[options.detector], dims: face(640) }];
  const has = (s: Stage): boolean => options.stages.includes(s);
  if (has('ANTI_SPOOFING')) for (const file of ANTI_SPOOFING_FILES) runs.push({ stage: 'ANTI_SPOOFING', file, dims: face(80) });
  if (has('LANDMARKS')) runs.push({ stage: 'LANDMARKS', file: LANDMARKS_FILE, dims: face(64, 1) });
  if (has('RECOGNITION')) {
    // Flip test-time augmentation runs the model twice per face.
    for (let i = 0; i < (options.recognitionFlip ? 2 : 1); i++) runs.push({ stage: 'RECOGNITION', file: RECOGNITION_FILE, dims: face(112) });
  }
  if (has('AGE_GENDER')) runs.push({ stage: 'AGE_GENDER', file: AGE_GENDER_FILE, dims: face(112) });
  if (has('DEEPFAKE')) runs.push({ stage: 'DEEPFAKE', file: DEEPFAKE_FILE, dims: face(256) });
  if (has('EMOTION')) runs.push({ stage: 'EMOTION', file: EMOTION_FILE, dims: face(224) });
  return runs;
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
