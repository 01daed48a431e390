/** The contract of multi-frame liveness sessions: per-frame features in, a session decision and live progress out. */
import type { Box, Point } from '../pipeline/geometry.ts';

export const livenessModes = ['ACTIVE', 'PASSIVE'] as const;
export type LivenessMode = (typeof livenessModes)[number];

/** TURN_LEFT / TURN_RIGHT are the person's own left / right (see head-turn.ts for what that is in raw frames). */
export const livenessSteps = ['TURN_LEFT', 'TURN_RIGHT', 'BLINK', 'NOD'] as const;
export type LivenessStep = (typeof livenessSteps)[number];

/** A stored session's mode and challenge (plain strings in the database) as the types the decision takes. */
export const livenessModeOf = (mode: string): LivenessMode => livenessModes.find((m) => m === mode) ?? 'ACTIVE';
export const livenessStepsOf = (steps: readonly string[]): LivenessStep[] => steps.flatMap((step) => livenessSteps.filter((k) => k === step));

export const livenessSessionVerdicts = ['LIVE', 'SPOOF', 'INCONCLUSIVE'] as const;
export type LivenessSessionVerdict = (typeof livenessSessionVerdicts)[number];

export const livenessReasons = [
  'NO_BLINK',
  'CHALLENGE_NOT_MET',
  'PLANAR_MOTION',
  'IDENTITY_SWITCH',
  'PAD_FAILED',
  'PAD_UNCERTAIN',
  'PARALLAX_UNCERTAIN',
  'REPLAYED_FRAMES',
  'TOO_FEW_FRAMES',
  'TIMEOUT',
  'MULTIPLE_FACES',
  'NO_FACE',
  'LOW_FRAME_RATE',
  'LOW_QUALITY',
] as const;
export type LivenessReason = (typeof livenessReasons)[number];

export const livenessReasonDescriptions: Record<LivenessReason, string> = {
  NO_BLINK: 'No blink was seen (eyes closing and reopening within a blink duration).',
  CHALLENGE_NOT_MET: 'The challenge steps were not all done, or not in the order asked.',
  PLANAR_MOTION: 'The face moved like a flat picture (a print or a screen): one homography explains its landmarks.',
  IDENTITY_SWITCH: 'Some frames show a different person than the reference frame.',
  PAD_FAILED: 'The per-frame anti-spoofing model found the frames confidently fake.',
  PAD_UNCERTAIN: 'The anti-spoofing scores were neither clearly live nor clearly fake.',
  PARALLAX_UNCERTAIN: 'The head moved too little (or too noisily) to tell a 3-D head from a flat picture.',
  REPLAYED_FRAMES: 'Frames were sent twice (the same content), as a replay would.',
  TOO_FEW_FRAMES: 'Too few frames with exactly one face to decide.',
  TIMEOUT: 'The session expired before it was finished.',
  MULTIPLE_FACES: 'Several faces were in view in too many frames.',
  NO_FACE: 'No face was found in most frames.',
  LOW_FRAME_RATE: 'The frames came too far apart to see a blink (below the minimum frame rate).',
  LOW_QUALITY: 'No frame was good enough to serve as the reference face (no embedding passed the quality gate).',
};

export const livenessHints = ['MOVE_CLOSER', 'MOVE_BACK', 'MORE_LIGHT', 'HOLD_STILL', 'TURN_FURTHER', 'FACE_THE_CAMERA', 'ONE_FACE_ONLY', 'NO_FACE'] as const;
export type LivenessHint = (typeof livenessHints)[number];

export const livenessHintDescriptions: Record<LivenessHint, string> = {
  MOVE_CLOSER: 'The face is small in the frame: move closer to the camera.',
  MOVE_BACK: 'The face fills or leaves the frame: move back.',
  MORE_LIGHT: 'The face is dark: add light or face a light source.',
  HOLD_STILL: 'The face moves fast (motion blur): hold the camera and the head steadier.',
  TURN_FURTHER: 'The head turns the right way but not far enough yet.',
  FACE_THE_CAMERA: 'The head is turned away: look straight at the camera.',
  ONE_FACE_ONLY: 'Several faces are in view: only the person being checked should be.',
  NO_FACE: 'No face is in view.',
};

export interface LivenessFace {
  box: Box;
  /** The detector's 5 points: eye (image-left), eye (image-right), nose tip, mouth corner (image-left), mouth corner (image-right). */
  landmarks5: Point[];
  /** iBUG 68 points, or null when the LANDMARKS stage gave none. */
  landmarks68: Point[] | null;
  /** MiniFASNet p(real), 0..1. */
  liveScore: number | null;
  /** L2-normalised embedding; null when the quality gate stopped the face. */
  embedding: number[] | null;
  /** QUALITY score, 0..1. */
  quality: number | null;
}

export interface LivenessFrameFeatures {
  seq: number;
  timestampMs: number;
  width: number;
  height: number;
  faceCount: number;
  /** The face when faceCount === 1, else null. */
  face: LivenessFace | null;
  /** Mean luma of the face crop, 0..1 (QUALITY's brightness). */
  brightness?: number | null;
}

export interface BlinkEvent {
  startMs: number;
  endMs: number;
}

export type TurnDirection = 'LEFT' | 'RIGHT';

export interface TurnEvent {
  /** The person's own left / right. */
  direction: TurnDirection;
  startMs: number;
  endMs: number;
  /** Signed yaw proxy at the peak (> 0: nose toward the image right). */
  peakYaw: number;
}

export interface NodEvent {
  startMs: number;
  endMs: number;
  /** Signed pitch proxy change from the session's baseline at the peak (> 0: chin down). */
  peakPitch: number;
}

export interface LivenessDecision {
  verdict: LivenessSessionVerdict;
  reasons: LivenessReason[];
  /** 0..1, the weakest piece of evidence (0.5 at its threshold); for admins only. */
  score: number;
  /** The best-quality frontal frame with an embedding (the session's reference face). */
  referenceSeq: number | null;
  /** A few frames for review, spread over the session and its events. */
  auditSeqs: number[];
  blinks: BlinkEvent[];
  turns: TurnEvent[];
  nods: NodEvent[];
  stepsCompleted: LivenessStep[];
  /** Median homography residual / interocular distance of the frames that moved enough to judge; null if none did. */
  parallaxResidual: number | null;
  /** parallaxResidual over the session's landmark jitter: about 1 for a flat picture, 2 and more for a turning head. */
  parallaxRatio: number | null;
  minIdentitySimilarity: number | null;
  /** Aggregated MiniFASNet p(real). */
  padScore: number | null;
  /** Frames with exactly one face. */
  framesUsed: number;
  /** From the median interval between frames. */
  fps: number;
}
