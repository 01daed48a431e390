/** Per-frame MiniFASNet scores into one session score, robust to a few odd frames. */
import type { LivenessThresholds } from './thresholds.ts';

export interface PadResult {
  /** Aggregated p(real), 0..1; null with no scored frame. */
  score: number | null;
  /** Which branch of the confident strategy gave it. */
  strategy: 'CONFIDENT_FAKE' | 'CONFIDENT_REAL' | 'MEAN' | null;
  frames: number;
}

const mean = (values: readonly number[]): number => values.reduce((s, v) => s + v, 0) / values.length;

/**
 * The DFDC winner's "confident strategy" (Seferbekov, 2020), on p(real): when enough frames are
 * confidently fake (at least padConfidentFakeFraction of them and padConfidentFakeMinFrames), the
 * score is the mean of those, so a few good-looking frames cannot dilute a replay; when nearly all
 * frames are confidently real, the mean of those; else the plain mean.
 */
export function aggregatePad(
  scores: readonly number[],
  t: Pick<LivenessThresholds, 'padConfidentFake' | 'padConfidentFakeFraction' | 'padConfidentFakeMinFrames' | 'padConfidentReal' | 'padConfidentRealFraction'>,
): PadResult {
  if (scores.length === 0) return { score: null, strategy: null, frames: 0 };
  const fakes = scores.filter((s) => s < t.padConfidentFake);
  if (fakes.length >= t.padConfidentFakeMinFrames && fakes.length >= t.padConfidentFakeFraction * scores.length) {
    return { score: mean(fakes), strategy: 'CONFIDENT_FAKE', frames: scores.length };
  }
  const reals = scores.filter((s) => s > t.padConfidentReal);
  if (reals.length > t.padConfidentRealFraction * scores.length) return { score: mean(reals), strategy: 'CONFIDENT_REAL', frames: scores.length };
  return { score: mean(scores), strategy: 'MEAN', frames: scores.length };
}
