/** One analysed frame's stage results as liveness features (shared by the API's sessions and the eval). */
import type { StageResults } from '../pipeline/results.ts';
import type { LivenessFrameFeatures } from './types.ts';

export type LivenessStageResults = Partial<Pick<StageResults, 'DETECTION' | 'LANDMARKS' | 'QUALITY' | 'ANTI_SPOOFING' | 'RECOGNITION'>>;

export interface FrameFeaturesInput {
  seq: number;
  timestampMs: number;
  width: number;
  height: number;
  results: LivenessStageResults;
}

/**
 * Faces narrower than this share of the largest one are not counted: a poster or a far-off passer-by
 * in the background is no second subject, while anyone close enough to take part is at least a third
 * the width of the subject's face.
 */
const defaultMinFaceWidthRatio = 0.3;

/** The per-face stage arrays follow the detector's order, so face i of each stage is the same face. */
export function frameFeaturesFromResults(input: FrameFeaturesInput, minFaceWidthRatio = defaultMinFaceWidthRatio): LivenessFrameFeatures {
  const { seq, timestampMs, width, height, results } = input;
  const faces = results.DETECTION?.faces ?? [];
  const widest = Math.max(0, ...faces.map((f) => f.box.width));
  const counted = faces.map((f, i) => ({ f, i })).filter(({ f }) => f.box.width >= minFaceWidthRatio * widest);
  const only = counted.length === 1 ? counted[0] : undefined;
  if (!only) return { seq, timestampMs, width, height, faceCount: counted.length, face: null, brightness: null };
  const { f, i } = only;
  const quality = results.QUALITY?.faces[i];
  return {
    seq,
    timestampMs,
    width,
    height,
    faceCount: 1,
    face: {
      box: f.box,
      landmarks5: f.landmarks,
      landmarks68: results.LANDMARKS?.faces[i]?.points ?? null,
      liveScore: results.ANTI_SPOOFING?.faces[i]?.liveScore ?? null,
      embedding: results.RECOGNITION?.faces[i]?.embedding ?? null,
      quality: quality?.score ?? null,
    },
    brightness: quality?.brightness ?? null,
  };
}
