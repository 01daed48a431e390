/**
 * Head turns and nods from the detector's 5 points. Frames are raw (unmirrored) camera frames, so
 * the person's own left is the image right: TURN_LEFT moves the nose toward the image-right edge
 * and makes the yaw proxy positive.
 */
import type { Point } from '../pipeline/geometry.ts';
import { excursions, type Sample } from './excursions.ts';
import { at, eyeFrame, five, inEyeFrame, median, mid } from './landmarks.ts';
import type { LivenessThresholds } from './thresholds.ts';
import type { NodEvent, TurnEvent } from './types.ts';

/**
 * (nose − eye midpoint) along the eye line / interocular distance. Under an orthographic view of a
 * head turned by θ this is (D/W)·tan θ, D the nose's depth in front of the eyes and W the
 * interocular distance (D/W ≈ 0.3-0.6 on adult faces), so it is 0 frontal and grows with the turn
 * whatever the face's size, position or roll. Null for a degenerate point set.
 */
export function yawProxy(landmarks5: readonly Point[]): number | null {
  if (landmarks5.length < 5) return null;
  const frame = eyeFrame(at(landmarks5, five.eyeImageLeft), at(landmarks5, five.eyeImageRight));
  return frame && inEyeFrame(frame, at(landmarks5, five.nose)).x;
}

/**
 * Where the nose sits between the eye line (0) and the mouth-corner line (1), measured across the
 * eye line. Pitching the chin down brings the nose tip (the point nearest the camera) toward the
 * mouth, so it rises; a pure turn leaves it unchanged. Its neutral value varies per person and
 * camera height, so nods are measured from the session's median.
 */
export function pitchProxy(landmarks5: readonly Point[]): number | null {
  if (landmarks5.length < 5) return null;
  const frame = eyeFrame(at(landmarks5, five.eyeImageLeft), at(landmarks5, five.eyeImageRight));
  if (!frame) return null;
  const mouth = inEyeFrame(frame, mid(at(landmarks5, five.mouthImageLeft), at(landmarks5, five.mouthImageRight))).y;
  return mouth > 0 ? inEyeFrame(frame, at(landmarks5, five.nose)).y / mouth : null;
}

type TurnThresholds = Pick<LivenessThresholds, 'turnYaw' | 'turnExitYaw' | 'turnMinFrames'>;

/** Turns in time order: runs of at least turnMinFrames frames with |yaw| ≥ turnYaw on one side. */
export function detectTurns(samples: readonly Sample[], t: TurnThresholds): TurnEvent[] {
  const left = excursions(samples, 1, t.turnYaw, t.turnExitYaw, t.turnMinFrames).map((e) => ({ direction: 'LEFT' as const, ...e }));
  const right = excursions(samples, -1, t.turnYaw, t.turnExitYaw, t.turnMinFrames).map((e) => ({ direction: 'RIGHT' as const, ...e }));
  return [...left, ...right]
    .sort((a, b) => a.startMs - b.startMs)
    .map((e) => ({ direction: e.direction, startMs: e.startMs, endMs: e.endMs, peakYaw: e.peak }));
}

type NodThresholds = Pick<LivenessThresholds, 'nodPitch' | 'nodExitPitch' | 'nodMinFrames'>;

/** Nods in time order: the pitch proxy away from its session median by nodPitch (either way) for nodMinFrames frames. */
export function detectNods(samples: readonly Sample[], t: NodThresholds): NodEvent[] {
  const base = median(samples.map((s) => s.value));
  const relative = samples.map((s) => ({ timestampMs: s.timestampMs, value: s.value - base }));
  return [1 as const, -1 as const]
    .flatMap((sign) => excursions(relative, sign, t.nodPitch, t.nodExitPitch, t.nodMinFrames))
    .sort((a, b) => a.startMs - b.startMs)
    .map((e) => ({ startMs: e.startMs, endMs: e.endMs, peakPitch: e.peak }));
}
