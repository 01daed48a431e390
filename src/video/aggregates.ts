/** One value per track from its frames' per-face results, robust to a few odd frames (blur, a hand, a turned head). */
import { aggregatePad } from '../liveness/pad.ts';
import type { DeepfakeVerdict, Gender } from '../pipeline/results.ts';
import { cosineSimilarity } from '../pipeline/similarity.ts';
import { deepfakeVerdict, type VerdictThresholds } from '../pipeline/verdicts.ts';
import type { ConfidentThresholds } from './thresholds.ts';
import type { TrackAggregates, VideoFace } from './types.ts';

export interface AggregateOptions {
  confident: ConfidentThresholds;
  /** Frames whose embedding is below this cosine to the first-pass mean are left out of the mean. */
  embeddingOutlierSimilarity: number;
  /** When given, the deepfake score gets a verdict, as a single image's does. */
  verdict?: Pick<VerdictThresholds, 'fakeAt' | 'realBelow'>;
}

const present = <T>(values: readonly (T | null)[]): T[] => values.filter((v): v is T => v !== null);

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function normalised(v: readonly number[]): number[] | null {
  const n = Math.hypot(...v);
  return n > 0 ? v.map((x) => x / n) : null;
}

/** L2-normalised mean of L2-normalised vectors; null with none. */
function unitMean(embeddings: readonly (readonly number[])[]): number[] | null {
  const first = embeddings[0];
  if (!first) return null;
  const sum = new Array<number>(first.length).fill(0);
  for (const e of embeddings) {
    const u = normalised(e);
    if (u) u.forEach((x, i) => (sum[i]! += x));
  }
  return normalised(sum);
}

/** The mean, then the mean again without the frames far from it (another face caught by the box, a blurred frame). */
function robustMeanEmbedding(embeddings: readonly (readonly number[])[], outlierSimilarity: number): number[] | null {
  const first = unitMean(embeddings);
  if (!first) return null;
  const kept = embeddings.filter((e) => cosineSimilarity(e, first) >= outlierSimilarity);
  return kept.length ? unitMean(kept) : first;
}

/** Confident strategy on manipulation scores: flipped to p(real) for aggregatePad and back. */
function deepfakeAggregate(scores: readonly number[], t: ConfidentThresholds): Pick<TrackAggregates, 'deepfakeScore' | 'deepfakeStrategy'> {
  const r = aggregatePad(
    scores.map((s) => 1 - s),
    t,
  );
  return { deepfakeScore: r.score === null ? null : 1 - r.score, deepfakeStrategy: r.strategy };
}

/** Median p(male) decides; the median is untouched by a few frames the model reads the other way. */
function genderAggregate(faces: readonly VideoFace[]): { gender: Gender | null; genderProbability: number | null } {
  const pMale = present(
    faces.map((f) => (f.gender && f.genderProbability !== null ? (f.gender === 'MALE' ? f.genderProbability : 1 - f.genderProbability) : null)),
  );
  const m = median(pMale);
  if (m === null) return { gender: null, genderProbability: null };
  return m >= 0.5 ? { gender: 'MALE', genderProbability: m } : { gender: 'FEMALE', genderProbability: 1 - m };
}

export function aggregateFaces(faces: readonly VideoFace[], options: AggregateOptions): TrackAggregates {
  const deepfake = deepfakeAggregate(present(faces.map((f) => f.deepfakeScore)), options.confident);
  const live = aggregatePad(present(faces.map((f) => f.liveScore)), options.confident);
  const verdict: { deepfakeVerdict?: DeepfakeVerdict | null } = options.verdict
    ? { deepfakeVerdict: deepfake.deepfakeScore === null ? null : deepfakeVerdict(deepfake.deepfakeScore, options.verdict) }
    : {};
  return {
    ...deepfake,
    ...verdict,
    liveScore: live.score,
    liveStrategy: live.strategy,
    age: median(present(faces.map((f) => f.age))),
    ...genderAggregate(faces),
    meanEmbedding: robustMeanEmbedding(present(faces.map((f) => f.embedding)), options.embeddingOutlierSimilarity),
  };
}

/** Index of the best face: highest quality, the detector score breaking ties (and standing in when no face has a quality). */
export function bestFaceIndex(faces: readonly VideoFace[]): number {
  let best = -1;
  faces.forEach((f, i) => {
    const b = faces[best];
    const q = f.quality ?? Number.NEGATIVE_INFINITY;
    const bq = b?.quality ?? Number.NEGATIVE_INFINITY;
    if (!b || q > bq || (q === bq && f.score > b.score)) best = i;
  });
  return best;
}
