import type { DetectedFace, Point } from './geometry.ts';
import type { Stage } from './stages.ts';

export type LivenessVerdict = 'LIVE' | 'SPOOF' | 'UNCERTAIN';
export type DeepfakeVerdict = 'FAKE' | 'REAL' | 'UNCERTAIN';
export type Gender = 'FEMALE' | 'MALE';
export type QualityIssue = 'SMALL_FACE' | 'BLURRY' | 'TOO_DARK' | 'TOO_BRIGHT' | 'LOW_DETECTOR_SCORE' | 'EXTREME_POSE';
export const emotionLabels = ['ANGRY', 'DISGUST', 'FEAR', 'HAPPY', 'SAD', 'SURPRISE', 'NEUTRAL'] as const;
export type Emotion = (typeof emotionLabels)[number];

export interface HeadPose {
  yaw: number;
  pitch: number;
  roll: number;
}

export interface LandmarksResult {
  points: Point[];
  pose: HeadPose;
}

export interface QualityResult {
  /** 0..1, the weakest factor. */
  score: number;
  /** score >= the configured gate; later stages (recognition, enrollment) skip faces that fail it. */
  passed: boolean;
  issues: QualityIssue[];
  detectorScore: number;
  faceSizePx: number;
  blur: number | null;
  brightness: number | null;
  poseYaw: number | null;
  posePitch: number | null;
}

/** A face the quality gate stopped gets no embedding, and says so. */
export type RecognitionResult = { embedding: number[]; skipped: null } | { embedding: null; skipped: 'LOW_QUALITY' };

export interface LivenessResult {
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
  fakeScore: number;
  verdict: DeepfakeVerdict;
}

export interface IdentificationResult {
  decision: 'MATCH' | 'UNKNOWN' | 'NOT_SEARCHED';
  personId: string | null;
  similarity: number | null;
}

export interface EmotionResult {
  emotion: Emotion;
  probability: number;
  scores: { emotion: Emotion; probability: number }[];
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

