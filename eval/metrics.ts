/** Pure metric functions for the evaluation (no I/O), unit-tested in metrics.test.ts. */

/** A scored item: `positive` is the ground truth (same person, fake image, ...). */
export interface Scored {
  score: number;
  positive: boolean;
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  return values.reduce((a, b) => a + b, 0) / values.length;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Mean absolute error of predictions against truths (same length). */
export function meanAbsoluteError(predicted: readonly number[], truth: readonly number[]): number {
  if (predicted.length !== truth.length) throw new Error('meanAbsoluteError: length mismatch');
  return mean(predicted.map((p, i) => Math.abs(p - truth[i]!)));
}

export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error('cosineSimilarity: length mismatch');
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/**
 * ROC AUC as the Mann-Whitney statistic: the probability that a random positive scores above a
 * random negative, ties counting one half (so it is exact, not a trapezoid approximation).
 */
export function rocAuc(items: readonly Scored[]): number {
  const nPos = items.filter((i) => i.positive).length;
  const nNeg = items.length - nPos;
  if (nPos === 0 || nNeg === 0) return Number.NaN;
  const sorted = [...items].sort((a, b) => a.score - b.score);
  let rankSumPos = 0;
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j < sorted.length && sorted[j]!.score === sorted[i]!.score) j++;
    const averageRank = (i + 1 + j) / 2; // ranks i+1..j share their mean
    for (let k = i; k < j; k++) if (sorted[k]!.positive) rankSumPos += averageRank;
    i = j;
  }
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/** Fraction classified correctly when `score >= threshold` means positive. */
export function accuracyAt(items: readonly Scored[], threshold: number): number {
  if (items.length === 0) return Number.NaN;
  return items.filter((i) => i.score >= threshold === i.positive).length / items.length;
}

/**
 * The threshold (`score >= t` is positive) with the best accuracy. Candidates lie midway between
 * consecutive distinct scores, so the threshold carries over to unseen data without sitting on a
 * training score. Among equally good candidates the middle one is taken (least tuned to one edge).
 */
export function bestThreshold(items: readonly Scored[]): { threshold: number; accuracy: number } {
  if (items.length === 0) return { threshold: Number.NaN, accuracy: Number.NaN };
  const sorted = [...items].sort((a, b) => a.score - b.score);
  const n = sorted.length;
  const totalPos = sorted.filter((i) => i.positive).length;
  // Cut before index i: items 0..i-1 negative, i..n-1 positive.
  let negBelow = 0;
  let posBelow = 0;
  const candidates: { threshold: number; correct: number }[] = [];
  for (let i = 0; i <= n; i++) {
    const prev = sorted[i - 1];
    const next = sorted[i];
    if (!prev || !next || prev.score < next.score) {
      const threshold = !prev ? next!.score : !next ? prev.score + 1e-6 : (prev.score + next.score) / 2;
      candidates.push({ threshold, correct: negBelow + (totalPos - posBelow) });
    }
    if (next) {
      if (next.positive) posBelow++;
      else negBelow++;
    }
  }
  const best = Math.max(...candidates.map((c) => c.correct));
  const winners = candidates.filter((c) => c.correct === best);
  const chosen = winners[Math.floor((winners.length - 1) / 2)]!;
  return { threshold: chosen.threshold, accuracy: best / n };
}

/**
 * True accept rate at a false accept rate: the threshold admits at most floor(far * negatives)
 * negatives (a positive is accepted only when it scores strictly above the first rejected
 * negative). With 600 negatives, FAR 1e-3 therefore allows zero false accepts.
 */
export function tarAtFar(items: readonly Scored[], far: number): { tar: number; threshold: number; falseAccepts: number } {
  const negatives = items
    .filter((i) => !i.positive)
    .map((i) => i.score)
    .sort((a, b) => b - a);
  const positives = items.filter((i) => i.positive).map((i) => i.score);
  if (negatives.length === 0 || positives.length === 0) return { tar: Number.NaN, threshold: Number.NaN, falseAccepts: 0 };
  const allowed = Math.floor(far * negatives.length + 1e-9);
  if (allowed >= negatives.length) return { tar: 1, threshold: Number.NEGATIVE_INFINITY, falseAccepts: negatives.length };
  const cut = negatives[allowed]!; // highest negative that must be rejected
  return {
    tar: positives.filter((s) => s > cut).length / positives.length,
    threshold: cut,
    falseAccepts: negatives.filter((s) => s > cut).length,
  };
}

/**
 * Greedy one-to-one matching of ground truth to detections, best pair first (as WIDER's and
 * the earlier detection recall script did). `quality` <= 0 means "may not match". Returns matched pairs.
 */
export function greedyMatch(gtCount: number, detCount: number, quality: (gt: number, det: number) => number): { gt: number; det: number; quality: number }[] {
  const pairs: { gt: number; det: number; quality: number }[] = [];
  for (let g = 0; g < gtCount; g++) for (let d = 0; d < detCount; d++) pairs.push({ gt: g, det: d, quality: quality(g, d) });
  pairs.sort((a, b) => b.quality - a.quality);
  const usedG = new Set<number>();
  const usedD = new Set<number>();
  const matches: { gt: number; det: number; quality: number }[] = [];
  for (const p of pairs) {
    if (p.quality <= 0 || usedG.has(p.gt) || usedD.has(p.det)) continue;
    usedG.add(p.gt);
    usedD.add(p.det);
    matches.push(p);
  }
  return matches;
}
