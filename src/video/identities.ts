/** Tracks of one person: a face that left for longer than maxMissedMs, or came back after a cut, starts a new track of the same identity. */
import { cosineSimilarity } from '../pipeline/similarity.ts';
import type { FaceTrack } from './types.ts';

/**
 * Groups tracks by agglomerative clustering with complete linkage: two groups merge (most similar
 * first) only while every track of one is at least `minSimilarity` to every track of the other.
 * Single linkage would chain: small faces' weak embeddings sit close to many others (on the crowd
 * clip it put 16 tracks, most of them background faces under 50 px, into one). A track without an embedding is
 * its own group. Groups of trackIds, each and all in trackId order.
 */
export function groupTracksByIdentity(tracks: readonly FaceTrack[], minSimilarity: number): number[][] {
  const similarity = tracks.map((a) =>
    tracks.map((b) => {
      const ea = a.aggregates.meanEmbedding,
        eb = b.aggregates.meanEmbedding;
      return ea && eb ? cosineSimilarity(ea, eb) : Number.NEGATIVE_INFINITY;
    }),
  );
  const groups = tracks.map((_, i) => [i]);
  const linkage = (g: number[], h: number[]): number => Math.min(...g.flatMap((i) => h.map((j) => similarity[i]![j]!)));
  for (;;) {
    let best = { value: Number.NEGATIVE_INFINITY, i: -1, j: -1 };
    for (let i = 0; i < groups.length; i++)
      for (let j = i + 1; j < groups.length; j++) {
        const value = linkage(groups[i]!, groups[j]!);
        if (value > best.value) best = { value, i, j };
      }
    if (best.value < minSimilarity) break;
    groups[best.i] = [...groups[best.i]!, ...groups[best.j]!];
    groups.splice(best.j, 1);
  }
  return groups.map((g) => g.map((i) => tracks[i]!.trackId).sort((x, y) => x - y)).sort((x, y) => x[0]! - y[0]!);
}
