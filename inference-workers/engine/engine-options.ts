import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../src/config/config.ts';
import type { DetectorKind } from '../../src/pipeline/detectors.ts';
import { planModels, type ModelPlan } from '../../src/pipeline/model-profile.ts';
import type { Stage } from '../../src/pipeline/stages.ts';
import type { VerdictThresholds } from '../../src/pipeline/verdicts.ts';
import { stageModules } from '../stages/index.ts';

export type DetectionTiles = 'auto' | 'always' | 'off';

/** What an inference thread needs to load its models; plain data so it crosses to worker threads. */
export interface EngineOptions {
  modelsDir: string;
  detector: DetectorKind;
  /** Undefined: the detector's own default cut. */
  detectionScoreThreshold: number | undefined;
  detectionTiles: DetectionTiles;
  detectionTileSize: number;
  /** Undefined: the detector's own cut on tiles too. */
  detectionTileScoreThreshold: number | undefined;
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
    ...detectionTilesOf(config, plan.detector),
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

/**
 * auto mode's cut on tiles per detector (DETECTION_TILE_SCORE_THRESHOLD overrides): below the
 * whole-photo cut, as only photos already holding small faces are tiled and small faces score low.
 */
const AUTO_TILE_SCORE_THRESHOLD: Readonly<Record<DetectorKind, number | undefined>> = { scrfd_500m: 0.35, 'scrfd_2.5g': 0.35, yunet: undefined };

/** Tiling per detector: the accurate one always tiles at 320 px; the others tile at their input size when a photo seems to hold small faces. */
function detectionTilesOf(
  config: Pick<Config, 'DETECTION_TILES' | 'DETECTION_TILE_SIZE' | 'DETECTION_TILE_SCORE_THRESHOLD'>,
  detector: DetectorKind,
): Pick<EngineOptions, 'detectionTiles' | 'detectionTileSize' | 'detectionTileScoreThreshold'> {
  const tiles: DetectionTiles = config.DETECTION_TILES ?? (detector === 'scrfd_2.5g' ? 'always' : 'auto');
  return {
    detectionTiles: tiles,
    detectionTileSize: config.DETECTION_TILE_SIZE ?? (tiles === 'always' ? 320 : 640),
    detectionTileScoreThreshold:
      tiles === 'auto' ? (config.DETECTION_TILE_SCORE_THRESHOLD ?? AUTO_TILE_SCORE_THRESHOLD[detector]) : config.DETECTION_TILE_SCORE_THRESHOLD,
  };
}
