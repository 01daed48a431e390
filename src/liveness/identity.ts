/** Same person throughout: the frames' embeddings must all connect to the reference face. */
import { cosineSimilarity } from '../pipeline/similarity.ts';
import type { LivenessThresholds } from './thresholds.ts';

export interface IdentityFrame {
  timestampMs: number;
  embedding: readonly number[] | null;
}

export interface IdentityResult {
  /**
   * The weakest link: each frame's best similarity to the reference or to a frame within
   * identityLinkWindowMs of it (for a frame not connected to the reference, to any frame that is),
   * and the lowest of those. Null with no other embedding.
   */
  minSimilarity: number | null;
  /** Frames with an embedding that do not connect to the reference. */
  framesApart: number;
  /** Frames compared (those with an embedding, the reference left out). */
  framesCompared: number;
  switched: boolean;
}

type IdentityThresholds = Pick<LivenessThresholds, 'identityMinSimilarity' | 'identitySwitchMinFrames' | 'identityLinkWindowMs'>;

/**
 * Frames link when their similarity is at least identityMinSimilarity and they are within
 * identityLinkWindowMs of each other, or when one is the reference. A turned or down-looking face
 * can fall below the threshold against the frontal reference (0.31 looking down on clip 01) while
 * staying close to the frames just before it; two spliced people never link, whatever their pose.
 * IDENTITY_SWITCH when identitySwitchMinFrames or more frames do not connect to the reference.
 */
export function checkIdentity(frames: readonly IdentityFrame[], referenceIndex: number, t: IdentityThresholds): IdentityResult {
  const nodes = frames.map((f, i) => ({ ...f, i })).filter((f): f is { timestampMs: number; embedding: readonly number[]; i: number } => f.embedding !== null);
  const ref = nodes.findIndex((n) => n.i === referenceIndex);
  if (ref < 0 || nodes.length < 2) return { minSimilarity: null, framesApart: 0, framesCompared: 0, switched: false };
  const refEmbedding = nodes[ref]!.embedding;
  const best = nodes.map((_, i) => (i === ref ? 1 : Number.NEGATIVE_INFINITY));
  const links: number[][] = nodes.map(() => []);
  const compare = (i: number, j: number, s: number): void => {
    best[i] = Math.max(best[i]!, s);
    best[j] = Math.max(best[j]!, s);
    if (s >= t.identityMinSimilarity) {
      links[i]!.push(j);
      links[j]!.push(i);
    }
  };
  nodes.forEach((a, i) => {
    if (i !== ref) compare(i, ref, cosineSimilarity(refEmbedding, a.embedding));
    for (let j = i + 1; j < nodes.length && nodes[j]!.timestampMs - a.timestampMs <= t.identityLinkWindowMs; j++) {
      if (j !== ref && i !== ref) compare(i, j, cosineSimilarity(a.embedding, nodes[j]!.embedding));
    }
  });
  const reached = new Set([ref]);
  const queue = [ref];
  for (let k = queue.shift(); k !== undefined; k = queue.shift()) {
    for (const n of links[k]!) {
      if (reached.has(n)) continue;
      reached.add(n);
      queue.push(n);
    }
  }
  // A frame apart from the reference's group is only as close as its nearest member of that group.
  nodes.forEach((a, i) => {
    if (!reached.has(i)) best[i] = Math.max(...[...reached].map((k) => cosineSimilarity(a.embedding, nodes[k]!.embedding)));
  });
  const framesApart = nodes.length - reached.size;
  return {
    minSimilarity: Math.min(...best.filter((_, i) => i !== ref)),
    framesApart,
    framesCompared: nodes.length - 1,
    switched: framesApart >= t.identitySwitchMinFrames,
  };
}
