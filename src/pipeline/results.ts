import type { DetectedFace, Point } from './geometry.ts';
import type { Stage } from './stages.ts';

// Each label set is one `as const` array: the pipeline produces these values, the database mapper
// checks them on the way back, and the GraphQL enums are built from the same arrays.
export const livenessVerdicts = ['LIVE', 'SPOOF', 'UNCERTAIN'] as const;
export type LivenessVerdict = (typeof livenessVerdicts)[number];
export const deepfakeVerdicts = ['FAKE', 'REAL', 'UNCERTAIN'] as const;
export type DeepfakeVerdict = (typeof deepfakeVerdicts)[number];
export const genders = ['FEMALE', 'MALE'] as const;
export type Gender = (typeof genders)[number];
export const qualityIssues = ['SMALL_FACE', 'BLURRY', 'TOO_DARK', 'TOO_BRIGHT', 'LOW_DETECTOR_SCORE', 'EXTREME_POSE'] as const;
export type QualityIssue = (typeof qualityIssues)[number];
/** FER2013 order, the emotion model's output order. */
export const emotionLabels = ['ANGRY', 'DISGUST', 'FEAR', 'HAPPY', 'SAD', 'SURPRISE', 'NEUTRAL'] as const;
export type Emotion = (typeof emotionLabels)[number];
export const recognitionSkipReasons = ['LOW_QUALITY'] as const;
export type RecognitionSkipReason = (typeof recognitionSkipReasons)[number];
export const identificationDecisions = ['MATCH', 'UNKNOWN', 'NOT_SEARCHED'] as const;
export type IdentificationDecision = (typeof identificationDecisions)[number];

export interface HeadPose {
  yaw: number;
  pitch: number;
  roll: number;
}

export interface LandmarksResult {
  points: Point[];
  pose: HeadPose;
}

/** The measurements behind a quality score. */
export interface QualityReasons {
  detectorScore: number;
  faceSizePx: number;
  blur: number | null;
  brightness: number | null;
  poseYaw: number | null;
  posePitch: number | null;
}

export interface QualityResult extends QualityReasons {
  /** 0..1, the weakest factor. */
  score: number;
  /** score >= the configured gate; later stages (recognition, enrollment) skip faces that fail it. */
  passed: boolean;
  issues: QualityIssue[];
}

/** A face the quality gate stopped gets no embedding, and says so. */
export type RecognitionResult = { embedding: number[]; skipped: null } | { embedding: null; skipped: RecognitionSkipReason };

export interface LivenessResult {
  /** Averaged p(real) of the models, 0..1. */
  liveScore: number;
  verdict: LivenessVerdict;
  perModel: { model: string; liveScore: number }[];
}

export interface AgeGenderResult {
  age: number;
  gender: Gender;
  genderProbability: number;
}

export interface DeepfakeResult {
  /** Manipulation score 0..1 (1 - p(real)). */
  fakeScore: number;
  verdict: DeepfakeVerdict;
}

export interface EmotionResult {
  emotion: Emotion;
  probability: number;
  scores: { emotion: Emotion; probability: number }[];
}

/** One face against the tenant's gallery: the nearest persons and MATCH only at or above the threshold. */
export interface IdentificationResult {
  decision: IdentificationDecision;
  personId: string | null;
  similarity: number | null;
  /** Best minus second-best similarity (null with fewer than two candidates). */
  margin: number | null;
  candidates: { personId: string; similarity: number }[];
}

/** What each stage produces, keyed by stage; per-face arrays follow the detector's face order. GraphQL types mirror these. */
export interface StageResults {
  DETECTION: { faces: DetectedFace[]; /** faces came from the retry on a padded copy (face-filling crops) */ padded: boolean };
  ALIGNMENT: { faces: number };
  LANDMARKS: { faces: LandmarksResult[] };
  QUALITY: { faces: QualityResult[] };
  RECOGNITION: { model: string; faces: RecognitionResult[] };
  ANTI_SPOOFING: { faces: LivenessResult[] };
  AGE_GENDER: { faces: AgeGenderResult[] };
  DEEPFAKE: { faces: DeepfakeResult[] };
  EMOTION: { faces: EmotionResult[] };
  IDENTIFICATION: { faces: IdentificationResult[] };
}

export type StageResult<S extends Stage = Stage> = { [K in S]: { stage: K; result: StageResults[K] } }[S];

/** Events an inference engine reports while it runs one image. */
export type EngineEvent =
  | { type: 'decoded'; width: number; height: number }
  | { type: 'stageStarted'; stage: Stage; model: string | null }
  | ({ type: 'stageFinished'; model: string | null; durationMs: number } & StageResult);

export interface AnalyzeRequest {
  image: Uint8Array;
  stages: readonly Stage[];
}

/** Runs the face pipeline on one image. Implemented by inference-workers (worker threads). */
export interface InferenceEngine {
  analyze(request: AnalyzeRequest, onEvent: (event: EngineEvent) => void): Promise<void>;
  close(): Promise<void>;
}
