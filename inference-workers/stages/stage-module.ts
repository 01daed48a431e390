import type { DetectedFace } from '../../src/pipeline/geometry.ts';
import type { GalleryPort } from '../../src/pipeline/identification.ts';
import type { DetectorKind } from '../../src/pipeline/detectors.ts';
import type { LandmarksResult, QualityResult, StageResults } from '../../src/pipeline/results.ts';
import type { Stage, StageDescriptor } from '../../src/pipeline/stages.ts';
import type { ThresholdPolicy } from '../../src/pipeline/thresholds.ts';
import type { EngineOptions } from '../engine/engine-options.ts';
import type { RgbImage } from '../image/decode.ts';
import type { SessionOptions } from '../onnx/session.ts';

/** What the stages of one image share: each is computed once and read by the stages after it. */
export interface ImageState {
  image: RgbImage;
  faces: DetectedFace[];
  aligned: RgbImage[] | null;
  landmarks: LandmarksResult[] | null;
  quality: QualityResult[] | null;
}

export interface LoadContext {
  options: EngineOptions;
  session: SessionOptions;
  /** Absolute paths of this stage's model files (its `files` with the configured detector), in that order. */
  modelFiles: readonly string[];
  /** The one model file of a single-model stage (the first of `modelFiles`). */
  modelFile: string;
}

/** A stage loaded in one inference thread: its model sessions bound to its runner. */
export interface LoadedStage<S extends Stage> {
  /** The model name it reports in stageRuns (null for stages that run no model). */
  model: string | null;
  run(state: ImageState): Promise<StageResults[S]>;
  /** One run on a blank image, so the first user's latency has no session set-up in it. */
  warmUp(): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * A stage that runs in an inference thread on the image's shared state. Its runner classes are
 * imported inside `load`, so reading the stage list (the API plans stages from it) never loads
 * onnxruntime into a process that runs no models.
 */
export interface InferenceStageModule<S extends Stage> extends StageDescriptor {
  readonly kind: 'inference';
  readonly name: S;
  load(ctx: LoadContext): Promise<LoadedStage<S>>;
}

/** What the runtime gives the stages that run beside the database instead of in a thread. */
export interface HostPorts {
  gallery: GalleryPort;
  thresholds: ThresholdPolicy;
}

/** What a host stage reads: the job's tenant and the results of the stages before it. */
export interface HostStageInput {
  tenantId: string;
  results: Partial<StageResults>;
}

/** A stage run by the job handler after the inference stages, with ports the runtime gives it (IDENTIFICATION: the gallery). */
export interface HostStageModule<S extends Stage> extends StageDescriptor {
  readonly kind: 'host';
  readonly name: S;
  run(ports: HostPorts, input: HostStageInput): Promise<StageResults[S]>;
}

export type StageModule<S extends Stage = Stage> = InferenceStageModule<S> | HostStageModule<S>;

/** A stage that has no model file. */
export const noFiles = (): readonly string[] => [];

/** Model files of a stage whose files do not depend on the detector. */
export const filesOf =
  (...files: string[]) =>
  (_detector: DetectorKind): readonly string[] =>
    files;

/** The stage plan orders every stage after its needs; a missing input is a bug in that order. */
export function need<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`${what} is missing: the stage plan is out of order`);
  return value;
}

export const boxesOf = (state: ImageState) => state.faces.map((f) => f.box);

/** A loaded stage whose model holds one ONNX session (or several) and exposes `dispose`. */
export function loadedStage<S extends Stage>(parts: {
  model: string | null;
  run: (state: ImageState) => Promise<StageResults[S]>;
  warmUp?: () => Promise<unknown>;
  dispose?: () => Promise<unknown>;
}): LoadedStage<S> {
  return {
    model: parts.model,
    run: parts.run,
    warmUp: async () => {
      await parts.warmUp?.();
    },
    dispose: async () => {
      await parts.dispose?.();
    },
  };
}

/** Blank inputs for warm-up runs. */
export const blankImage: RgbImage = { data: Buffer.alloc(128 * 128 * 3, 128), width: 128, height: 128 };
export const blankCrop: RgbImage = { data: Buffer.alloc(112 * 112 * 3, 128), width: 112, height: 112 };
export const blankBox = { x: 24, y: 24, width: 80, height: 80 };
