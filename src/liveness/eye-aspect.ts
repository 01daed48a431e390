/** Blinks from the 68-point eyes: the eye aspect ratio against a rolling per-session open-eye baseline. */
import type { Point } from '../pipeline/geometry.ts';
import { at, dist, eye68, eyeFrame, inEyeFrame, median, mid, subnasale68 } from './landmarks.ts';
import type { LivenessThresholds } from './thresholds.ts';
import type { BlinkEvent } from './types.ts';

/** Soukupová & Čech's EAR of one eye, (|p2−p6| + |p3−p5|) / (2·|p1−p4|); about 0.25-0.35 open, near 0 shut. */
export function eyeAspectRatio(points68: readonly Point[], eye: readonly number[]): number | null {
  const [p1, p2, p3, p4, p5, p6] = eye.map((i) => at(points68, i)) as [Point, Point, Point, Point, Point, Point];
  const width = dist(p1, p4);
  return width > 0 ? (dist(p2, p6) + dist(p3, p5)) / (2 * width) : null;
}

/**
 * Eye openness with the head's pitch and a tilted picture divided out: the mean EAR of both eyes
 * over the face's vertical scale (subnasale below the eye-corner line, in eye-corner distances).
 * Foreshortening shrinks both alike, so tilting a photo or looking down does not read as a closing
 * eye, while a blink moves only the lids (the corners and the subnasale stay put).
 */
export function eyeOpenness(points68: readonly Point[]): number | null {
  if (points68.length < 68) return null;
  const left = eyeAspectRatio(points68, eye68.imageLeft);
  const right = eyeAspectRatio(points68, eye68.imageRight);
  const frame = eyeFrame(mid(at(points68, 36), at(points68, 39)), mid(at(points68, 42), at(points68, 45)));
  if (left === null || right === null || !frame) return null;
  const vertical = inEyeFrame(frame, at(points68, subnasale68)).y;
  return vertical > 0 ? (left + right) / 2 / vertical : null;
}

/** One frame's openness; null when the frame has no usable 68 points (it breaks a blink, as its recovery cannot be seen). */
export interface OpennessSample {
  timestampMs: number;
  openness: number | null;
}

/**
 * Each sample's openness over the median openness within ±window/2 around it. A rolling median
 * rather than one session median: openness drifts with expression and pose (a smile narrows the
 * eyes for seconds) while a blink lasts 100-400 ms, too short to move a median over a 2-s window.
 */
export function opennessRatios(samples: readonly OpennessSample[], windowMs: number): (number | null)[] {
  return samples.map((s) => {
    if (s.openness === null) return null;
    const near = samples.filter((o) => o.openness !== null && Math.abs(o.timestampMs - s.timestampMs) <= windowMs / 2).map((o) => o.openness as number);
    const base = median(near);
    return base > 0 ? s.openness / base : null;
  });
}

type BlinkThresholds = Pick<LivenessThresholds, 'blinkCloseRatio' | 'blinkOpenRatio' | 'blinkMaxClosedMs' | 'blinkBaselineWindowMs' | 'blinkNoiseMultiple'>;

/**
 * The level a frame's ratio must fall under to count as shut: blinkCloseRatio, or lower when the
 * landmarks jitter so much that an open eye dips that far by chance (blinkNoiseMultiple robust
 * standard deviations of the session's ratios below 1).
 */
export function shutLevel(ratios: readonly (number | null)[], t: Pick<LivenessThresholds, 'blinkCloseRatio' | 'blinkNoiseMultiple'>): number {
  const values = ratios.filter((r): r is number => r !== null);
  const m = median(values);
  const sigma = 1.4826 * median(values.map((r) => Math.abs(r - m)));
  return Number.isFinite(sigma) ? Math.min(t.blinkCloseRatio, 1 - t.blinkNoiseMultiple * sigma) : t.blinkCloseRatio;
}

/** How far the face's rigid points moved between two samples (by index), and how far they may during a blink. */
export interface BlinkStillness {
  deformation: (from: number, to: number) => number;
  maxDeformation: number;
}

/**
 * Blinks: open (ratio ≥ blinkOpenRatio), then frames below the shut level lasting at most
 * blinkMaxClosedMs, then open again, with no frame missing in between. The ratio may dwell between
 * the two levels on the way down and up (half-shut lids at 30 fps). Start and end are the first and
 * last shut frames (what "both eyes closed" labels mark). With `stillness`, the shut frames and the
 * reopened one must also stay within maxDeformation of the last open frame: the head holds still for
 * the 100-400 ms of a blink, while a photo tilted or waved so that its eye points distort moves its
 * nose and eye corners with them.
 */
export function detectBlinks(samples: readonly OpennessSample[], t: BlinkThresholds, stillness?: BlinkStillness): BlinkEvent[] {
  const ratios = opennessRatios(samples, t.blinkBaselineWindowMs);
  const shut = shutLevel(ratios, t);
  const out: BlinkEvent[] = [];
  // State: the index of the last open frame, and the closed frames seen since.
  let open = -1;
  let closed: number[] = [];
  ratios.forEach((r, i) => {
    if (r === null) {
      open = -1;
      closed = [];
      return;
    }
    if (r >= t.blinkOpenRatio) {
      const first = closed[0],
        last = closed[closed.length - 1];
      if (open >= 0 && first !== undefined && last !== undefined) {
        const startMs = samples[first]!.timestampMs,
          endMs = samples[last]!.timestampMs;
        const still = !stillness || [...closed, i].every((k) => stillness.deformation(open, k) <= stillness.maxDeformation);
        if (endMs - startMs <= t.blinkMaxClosedMs && still) out.push({ startMs, endMs });
      }
      open = i;
      closed = [];
    } else if (r < shut && open >= 0) closed.push(i);
  });
  return out;
}
