/** What the face tracker reads (one sampled frame's faces) and what it produces (face tracks). */
import type { Box, Point } from '../pipeline/geometry.ts';
import type { DeepfakeVerdict, Gender } from '../pipeline/results.ts';

/** One detected face of a frame with the per-face results of the stages that ran (null: stage not run or face skipped). */
export interface VideoFace {
  box: Box;
  /** The detector's 5 points (eyes, nose tip, mouth corners). */
  landmarks5: Point[];
  /** Detector confidence. */
  score: number;
  /** QUALITY score 0..1. */
  quality: number | null;
  embedding: number[] | null;
  /** ANTI_SPOOFING p(real) 0..1. */
  liveScore: number | null;
  /** DEEPFAKE manipulation score 0..1. */
  deepfakeScore: number | null;
  age: number | null;
  gender: Gender | null;
  genderProbability: number | null;
}

export interface VideoFrameFaces {
  /** 0, 1, ... in presentation order. */
  index: number;
  /** Presentation time of the frame, ms. */
  timestampMs: number;
  width: number;
  height: number;
  faces: VideoFace[];
}

/** Where a track's face was in one frame. */
export interface TrackFaceEntry {
  frameIndex: number;
  timestampMs: number;
  box: Box;
  /** Index of the face in that frame's `faces`. */
  faceIndex: number;
}

/** Which branch of the DFDC confident strategy gave a score. */
export const confidentStrategies = ['CONFIDENT_FAKE', 'CONFIDENT_REAL', 'MEAN'] as const;
export type ConfidentStrategy = (typeof confidentStrategies)[number];

/** One value per track, each robust to a few odd frames (see aggregates.ts). */
export interface TrackAggregates {
  /** Manipulation score 0..1 by the confident strategy; null when no frame was scored. */
  deepfakeScore: number | null;
  deepfakeStrategy: ConfidentStrategy | null;
  /** Only when the caller passed verdict thresholds. */
  deepfakeVerdict?: DeepfakeVerdict | null;
  /** p(real) 0..1 by the same strategy. */
  liveScore: number | null;
  liveStrategy: ConfidentStrategy | null;
  /** Median over the frames. */
  age: number | null;
  gender: Gender | null;
  /** Median p(gender) of the chosen gender, 0.5..1. */
  genderProbability: number | null;
  /** L2-normalised mean of the frames' embeddings (outlier frames left out); null with none. */
  meanEmbedding: number[] | null;
}

export interface FaceTrack {
  /** 1, 2, ... in the order tracks formed. */
  trackId: number;
  /** Time of the first frame with this face, ms. */
  firstMs: number;
  /** Time of the last frame with this face, ms. */
  lastMs: number;
  /** Frames the face was found in. */
  frames: number;
  bestFrameIndex: number;
  /** The face with the highest quality (detector score breaks ties and stands in when quality is missing). */
  bestFace: VideoFace;
  aggregates: TrackAggregates;
  faces: TrackFaceEntry[];
}
