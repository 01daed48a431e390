import { createStageGraph, type Stage } from '../../src/pipeline/stages.ts';
import { ageGenderStage } from './age-gender.stage.ts';
import { alignmentStage } from './alignment.stage.ts';
import { antiSpoofingStage } from './anti-spoofing.stage.ts';
import { deepfakeStage } from './deepfake.stage.ts';
import { detectionStage } from './detection.stage.ts';
import { emotionStage } from './emotion.stage.ts';
import { identificationStage } from './identification.stage.ts';
import { landmarksStage } from './landmarks.stage.ts';
import { qualityStage } from './quality.stage.ts';
import { recognitionStage } from './recognition.stage.ts';
import type { StageModule } from './stage-module.ts';

/**
 * Every stage module. The stage graph, model loading and file verification, the model names in
 * stageRuns and serverInfo's available stages all come from this list; execution follows stageNames.
 * Importing it loads no model runtime (each module imports its runners when it loads).
 */
export const stageModules: { readonly [S in Stage]: StageModule<S> } = {
  DETECTION: detectionStage,
  ANTI_SPOOFING: antiSpoofingStage,
  ALIGNMENT: alignmentStage,
  LANDMARKS: landmarksStage,
  QUALITY: qualityStage,
  RECOGNITION: recognitionStage,
  AGE_GENDER: ageGenderStage,
  DEEPFAKE: deepfakeStage,
  EMOTION: emotionStage,
  IDENTIFICATION: identificationStage,
};

export const stageGraph = createStageGraph(stageModules);

/** Requested stages plus what they need, in execution order. */
export const planStages = (requested: readonly Stage[] | null | undefined): Stage[] => stageGraph.plan(requested);
