/**
 * 3-D head or flat picture: a flat print or screen moves its landmarks by one homography however it
 * is held; a head's nose, in front of its eyes, moves differently from them (parallax) as it turns.
 */
import type { Point } from '../pipeline/geometry.ts';
import { apply, fitHomography, fitSimilarity, rmsResidual } from './homography.ts';
import { at, dist, median, mid } from './landmarks.ts';
import type { LivenessThresholds } from './thresholds.ts';

/**
 * iBUG points on the rigid skull at different depths: the nose bridge and tip (27-30), the nostrils
 * and subnasale (31, 33, 35) and the eye corners (36, 39, 42, 45). Brows, lips and jaw move with
 * expression and the outline is a silhouette, not a fixed point, so they stay out.
 */
const rigid68 = [27, 28, 29, 30, 31, 33, 35, 36, 39, 42, 45] as const;

const interocular = (points68: readonly Point[]): number => dist(mid(at(points68, 36), at(points68, 39)), mid(at(points68, 42), at(points68, 45)));

export interface PairResidual {
  /** Similarity-fit residual / interocular: how much the landmarks deformed beyond moving, turning in-plane and scaling. */
  deformation: number;
  /** Homography-fit residual / interocular: what a plane cannot explain. */
  residual: number;
}

/** Residuals of `to` against `from` (68 points each), in interocular distances of `to`. */
export function pairResidual(from: readonly Point[], to: readonly Point[]): PairResidual | null {
  if (from.length < 68 || to.length < 68) return null;
  const a = rigid68.map((i) => at(from, i)),
    b = rigid68.map((i) => at(to, i));
  const scale = interocular(to);
  const h = fitHomography(a, b);
  if (!h || !(scale > 0)) return null;
  return { deformation: rmsResidual(a, b, fitSimilarity(a, b)) / scale, residual: rmsResidual(a, b, (p) => apply(h, p)) / scale };
}

export interface ParallaxFrame {
  /** 68 points, or null. */
  points: readonly Point[] | null;
  /** The yaw proxy, for picking frontal reference frames. */
  yaw: number | null;
}

/** Landmark jitter: the median homography residual between consecutive frames (nearly the same pose, so nearly no parallax). */
export function landmarkJitter(frames: readonly ParallaxFrame[]): number | null {
  const consecutive: number[] = [];
  for (let i = 1; i < frames.length; i++) {
    const a = frames[i - 1]!.points,
      b = frames[i]!.points;
    const r = a && b ? pairResidual(a, b) : null;
    if (r) consecutive.push(r.residual);
  }
  return consecutive.length ? median(consecutive) : null;
}

/**
 * Up to `count` reference frames: the frontal ones (|yaw| ≤ maxYaw, else the most frontal), evenly
 * spread in time. Several references, so that one frame's landmark error, shared by every comparison
 * with it, cannot pass for parallax.
 */
function parallaxReferences(frames: readonly ParallaxFrame[], count: number, maxYaw: number): number[] {
  const withPoints = frames.flatMap((f, i) => (f.points && f.yaw !== null ? [{ i, yaw: Math.abs(f.yaw) }] : []));
  const frontal = withPoints.filter((f) => f.yaw <= maxYaw);
  const pool =
    frontal.length >= count
      ? frontal
      : [...withPoints]
          .sort((a, b) => a.yaw - b.yaw)
          .slice(0, count)
          .sort((a, b) => a.i - b.i);
  if (pool.length <= count) return pool.map((f) => f.i);
  return Array.from({ length: count }, (_, k) => pool[Math.floor(((k + 0.5) * pool.length) / count)]!.i);
}

export interface ParallaxResult {
  /** Median homography residual of the judged frames against the references; null when too few could be judged. */
  residual: number | null;
  /** Landmark jitter (landmarkJitter). */
  noise: number | null;
  /** residual / noise: about 1 for a plane, more the more the head turned. */
  ratio: number | null;
  judgedFrames: number;
  planar: boolean;
  nonPlanar: boolean;
}

type ParallaxThresholds = Pick<
  LivenessThresholds,
  | 'parallaxMinDeformation'
  | 'parallaxNoiseMultiple'
  | 'parallaxMinFrames'
  | 'parallaxReferences'
  | 'referenceMaxYaw'
  | 'planarMaxRatio'
  | 'nonPlanarMinRatio'
  | 'nonPlanarMinResidual'
>;

/**
 * Compares every frame with a few frontal reference frames. A pair is judged when its landmarks
 * deformed beyond a similarity by at least parallaxMinDeformation and parallaxNoiseMultiple times
 * the jitter: then a 3-D head leaves a homography residual well above the jitter (≈ 0.6 of the
 * deformation for a turn) and a plane leaves the jitter alone. Measuring the jitter in the session
 * itself keeps the test independent of how noisy the landmark model is on this camera.
 */
export function assessParallax(frames: readonly ParallaxFrame[], t: ParallaxThresholds): ParallaxResult {
  const none: ParallaxResult = { residual: null, noise: null, ratio: null, judgedFrames: 0, planar: false, nonPlanar: false };
  const noise = landmarkJitter(frames);
  const refs = parallaxReferences(frames, t.parallaxReferences, t.referenceMaxYaw);
  if (noise === null || refs.length === 0) return none;
  const minDeformation = Math.max(t.parallaxMinDeformation, t.parallaxNoiseMultiple * noise);
  const residuals: number[] = [];
  const judged = new Set<number>();
  for (const r of refs) {
    frames.forEach((f, i) => {
      const pair = i !== r && f.points ? pairResidual(frames[r]!.points!, f.points) : null;
      if (!pair || pair.deformation < minDeformation) return;
      residuals.push(pair.residual);
      judged.add(i);
    });
  }
  if (judged.size < t.parallaxMinFrames) return { ...none, noise, judgedFrames: judged.size };
  const residual = median(residuals);
  // A jitter of 0 (synthetic, noiseless points) makes any residual infinitely above it; the floor keeps the ratio finite.
  const ratio = residual / Math.max(noise, 1e-6);
  return {
    residual,
    noise,
    ratio,
    judgedFrames: judged.size,
    planar: ratio <= t.planarMaxRatio,
    nonPlanar: ratio >= t.nonPlanarMinRatio && residual >= t.nonPlanarMinResidual,
  };
}
