/**
 * Cosine similarity of two embeddings: the one similarity of the project. Embeddings are stored
 * L2-normalised, where it equals the dot product and pgvector's `1 - (a <=> b)` that the gallery
 * search orders by; dividing by the norms keeps it right for vectors that are not unit length.
 */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length mismatch ${a.length} vs ${b.length}`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
