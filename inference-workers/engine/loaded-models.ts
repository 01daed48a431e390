import { join } from 'node:path';
import {
  AGE_GENDER_FILE,
  ANTI_SPOOFING_FILES,
  DEEPFAKE_FILE,
  EMOTION_FILE,
  LANDMARKS_FILE,
  RECOGNITION_FILE,
} from '../../src/pipeline/model-profile.ts';
import { createDetector, type FaceDetector } from '../detection/detector.ts';
import { AgeGenderEstimator } from '../face/age-gender.ts';
import { AntiSpoofDetector } from '../face/antispoof.ts';
import { DeepfakeDetector } from '../face/deepfake.ts';
import { EmotionClassifier } from '../face/emotion.ts';
import { Landmarks68Detector } from '../face/landmarks68.ts';
import { FaceRecognizer } from '../face/recognition.ts';
import type { RgbImage } from '../image/decode.ts';
import type { EngineOptions } from './engine-options.ts';

/** The models one inference thread holds: one ONNX session each, created once; absent when its stage is not available. */
export interface LoadedModels {
  options: EngineOptions;
  detector: FaceDetector;
  landmarks?: Landmarks68Detector;
  recognizer?: FaceRecognizer;
  antiSpoof?: AntiSpoofDetector;
  ageGender?: AgeGenderEstimator;
  deepfake?: DeepfakeDetector;
  emotion?: EmotionClassifier;
}

export async function loadModels(options: EngineOptions): Promise<LoadedModels> {
  const session = { intraOpThreads: options.intraOpThreads, executionProvider: options.executionProvider };
  const path = (file: string): string => join(options.modelsDir, file);
  const has = (stage: EngineOptions['stages'][number]): boolean => options.stages.includes(stage);
  const models: LoadedModels = {
    options,
    detector: await createDetector(options.detector, options.modelsDir, {
      ...session,
      ...(options.detectionScoreThreshold === undefined ? {} : { scoreThreshold: options.detectionScoreThreshold }),
      tiles: options.detectionTiles ? { tileSize: options.detectionTileSize } : false,
    }),
  };
  if (has('LANDMARKS')) models.landmarks = await Landmarks68Detector.create(path(LANDMARKS_FILE), session);
  if (has('RECOGNITION')) models.recognizer = await FaceRecognizer.create(path(RECOGNITION_FILE), { ...session, flipAugment: options.recognitionFlip });
  if (has('ANTI_SPOOFING')) models.antiSpoof = await AntiSpoofDetector.create(ANTI_SPOOFING_FILES.map(path), session);
  if (has('AGE_GENDER')) models.ageGender = await AgeGenderEstimator.create(path(AGE_GENDER_FILE), session);
  if (has('DEEPFAKE')) models.deepfake = await DeepfakeDetector.create(path(DEEPFAKE_FILE), session);
  if (has('EMOTION')) models.emotion = await EmotionClassifier.create(path(EMOTION_FILE), session);
  await warmUp(models);
  return models;
}

/** The first run of a session allocates and tunes; keep that out of the first user's latency. */
async function warmUp(models: LoadedModels): Promise<void> {
  const image: RgbImage = { data: Buffer.alloc(128 * 128 * 3, 128), width: 128, height: 128 };
  const crop: RgbImage = { data: Buffer.alloc(112 * 112 * 3, 128), width: 112, height: 112 };
  const box = { x: 24, y: 24, width: 80, height: 80 };
  await models.detector.detect(image);
  await models.landmarks?.predict(image, [box]);
  await models.recognizer?.embed([crop]);
  await models.antiSpoof?.predict(image, [box]);
  await models.ageGender?.predict([crop]);
  await models.deepfake?.predict(image, [box]);
  await models.emotion?.predict(image, [box]);
}

export async function disposeModels(models: LoadedModels): Promise<void> {
  await models.detector.dispose?.();
  for (const m of [models.landmarks, models.recognizer, models.antiSpoof, models.ageGender, models.deepfake, models.emotion]) await m?.dispose();
}
