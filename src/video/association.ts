/** Which detection continues which track: box overlap, a constant-velocity prediction, embedding similarity, greedy assignment. */
import type { Box } from '../pipeline/geometry.ts';
import { cosineSimilarity } from '../pipeline/similarity.ts';
import type { TrackerThresholds } from './thresholds.ts';

/** Intersection over union of two boxes, 0..1. */
export function iou(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / (a.width * a.height + b.width * b.height - inter);
}

/** Change of a box per ms (its centre and size), from two sightings. */
export interface BoxVelocity {
  cx: number;
  cy: number;
  width: number;
  height: number;
}

export function boxVelocity(from: Box, to: Box, dtMs: number): BoxVelocity | null {
  if (dtMs <= 0) return null;
  return {
    cx: (to.x + to.width / 2 - (from.x + from.width / 2)) / dtMs,
    cy: (to.y + to.height / 2 - (from.y + from.height / 2)) / dtMs,
    width: (to.width - from.width) / dtMs,
    height: (to.height - from.height) / dtMs,
  };
}

/** Where the box should be `dtMs` after `last`, moving as it did (extrapolated at most `maxMs`). */
export function predictBox(last: Box, velocity: BoxVelocity | null, dtMs: number, maxMs: number): Box {
  if (!velocity) return last;
  const t = Math.min(Math.max(dtMs, 0), maxMs);
  const width = Math.max(1, last.width + velocity.width * t);
  const height = Math.max(1, last.height + velocity.height * t);
  const cx = last.x + last.width / 2 + velocity.cx * t;
  const cy = last.y + last.height / 2 + velocity.cy * t;
  return { x: cx - width / 2, y: cy - height / 2, width, height };
}

/** What association knows about an open track at the time of the new frame. */
export interface TrackCue {
  lastBox: Box;
  predictedBox: Box;
  /** L2-normalised running mean of its embeddings. */
  meanEmbedding: number[] | null;
  latestEmbedding: number[] | null;
}

/** What association knows about a detection. */
export interface DetectionCue {
  box: Box;
  embedding: number[] | null;
}

/**
 * How well a detection continues a track (higher is better), or null when it may not. The
 * similarity is the better of the running mean and the latest face, so a head turning away slowly
 * (clip 01 looking down fell to 0.31 against its frontal face, src/liveness/identity.ts) stays linked,
 * while a cut to someone else falls below the threshold against both. Small faces' embeddings are
 * too weak to split a track (under identityMinFacePx) or to re-link one without overlap (under relinkMinFacePx).
 */
export function affinity(
  track: TrackCue,
  detection: DetectionCue,
  t: Pick<TrackerThresholds, 'minIou' | 'identityMinSimilarity' | 'identityMinFacePx' | 'relinkMinSimilarity' | 'relinkMinFacePx'>,
): number | null {
  const overlap = Math.max(iou(track.lastBox, detection.box), iou(track.predictedBox, detection.box));
  const similarity = embeddingSimilarity(track, detection.embedding);
  if (similarity === null) return overlap >= t.minIou ? overlap : null;
  const side = Math.min(detection.box.width, detection.box.height, track.lastBox.width, track.lastBox.height);
  if (side >= t.identityMinFacePx && similarity < t.identityMinSimilarity) return null;
  if (overlap >= t.minIou) return overlap + similarity;
  return side >= t.relinkMinFacePx && similarity >= t.relinkMinSimilarity ? similarity : null;
}

function embeddingSimilarity(track: TrackCue, embedding: number[] | null): number | null {
  if (!embedding) return null;
  const values = [track.meanEmbedding, track.latestEmbedding].filter((e): e is number[] => e !== null).map((e) => cosineSimilarity(e, embedding));
  return values.length ? Math.max(...values) : null;
}

/**
 * Pairs rows (tracks) with columns (detections) by descending affinity, each used once. With a few
 * faces per frame and embeddings that separate people, greedy gives the Hungarian optimum in practice
 * (the pairs that could be contested are the overlapping ones, which the embeddings tell apart).
 */
export function greedyAssign(scores: readonly (readonly (number | null)[])[]): [row: number, column: number][] {
  const candidates: { row: number; column: number; score: number }[] = [];
  scores.forEach((r, row) =>
    r.forEach((score, column) => {
      if (score !== null) candidates.push({ row, column, score });
    }),
  );
  // Ties fall to the earlier track, then the earlier detection, so results do not depend on sort stability.
  candidates.sort((a, b) => b.score - a.score || a.row - b.row || a.column - b.column);
  const rows = new Set<number>();
  const columns = new Set<number>();
  const pairs: [number, number][] = [];
  for (const c of candidates) {
    if (rows.has(c.row) || columns.has(c.column)) continue;
    rows.add(c.row);
    columns.add(c.column);
    pairs.push([c.row, c.column]);
  }
  return pairs;
}
