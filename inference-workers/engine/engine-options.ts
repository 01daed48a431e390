import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../src/config/config.ts';
import type { DetectorKind } from '../../src/pipeline/detectors.ts';
import { planModels, type ModelPlan } from '../../src/pipeline/model-profile.ts';
import type { Stage } from '../../src/pipeline/stages.ts';
import type { VerdictThresholds } from '../../src/pipeline/verdicts.ts';
import { stageModules } from '../stages/index.ts';

/** What an inference thread needs to load its models; plain data so it crosses to worker threads. */
export interface EngineOptions {
  modelsDir: string;
  detector: DetectorKind;
  /** Undefined: the detector's own default cut. */
  detectionScoreThreshold: number | undefined;
  detectionTiles: boolean;
  detectionTileSize: number;
  /** Stages whose models this engine loads. */
  stages: Stage[];
  /** Model files those stages load. */
  files: string[];
  thresholds: VerdictThresholds;
  recognitionFlip: boolean;
  intraOpThreads: number;
  executionProvider: 'cpu' | 'cuda';
}

/** The model plan of a configuration (which stages and files its profile allows and has installed). */
export function modelPlanOf(config: Config): ModelPlan {
  return planModels({
    profile: config.MODEL_PROFILE,
    detector: config.DETECTOR,
    stages: stageModules,
    fileExists: (file) => existsSync(join(config.MODELS_DIR, file)),
  });
}

export function engineOptionsOf(config: Config, plan: ModelPlan = modelPlanOf(config)): EngineOptions {
  return {
    modelsDir: config.MODELS_DIR,
    detector: plan.detector,
    detectionScoreThreshold: config.DETECTION_SCORE_THRESHOLD,
    // The accurate detector tiles large photos by default: that is what finds small faces in crowds.
    detectionTiles: config.DETECTION_TILES ?? plan.detector === 'scrfd_2.5g',
    detectionTileSize: config.DETECTION_TILE_SIZE,
    stages: plan.stages,
    files: plan.files,
    thresholds: {
      qualityGate: config.QUALITY_GATE,
      liveAt: config.LIVENESS_LIVE_AT,
      spoofBelow: config.LIVENESS_SPOOF_BELOW,
      fakeAt: config.DEEPFAKE_FAKE_AT,
      realBelow: config.DEEPFAKE_REAL_BELOW,
    },
    recognitionFlip: config.RECOGNITION_FLIP,
    intraOpThreads: config.ORT_INTRA_OP_THREADS,
    executionProvider: config.ORT_EXECUTION_PROVIDER,
  };
}
