/**
 * Open-set identification on LFW (the developer folds' images): one image per identity that has two
 * or more enrolled as the gallery; probes are the other images of those identities (mated) and every
 * image of identities never enrolled (non-mated). Brute-force cosine search: it measures the model
 * and the decision rule, not the index.
 */
import { cosineSimilarity } from './metrics.ts';
import { fixed, percent, printTable } from './table.ts';

export interface Probe {
  identity: string;
  embedding: number[];
}

/** The raw scores behind the rates, for the API's calibration (eval/calibration.ts). */
export interface OpenSetScores {
  galleryIdentities: number;
  mated: number;
  /** Best-candidate similarity of each mated probe whose best candidate was the right identity. */
  matedCorrect: number[];
  /** Best-candidate similarity of each non-mated probe. */
  nonMated: number[];
}

export interface OpenSetResult {
  galleryIdentities: number;
  matedProbes: number;
  nonMatedProbes: number;
  rank1Accuracy: number;
  /** The lowest threshold at which at most 1 % of non-mated probes are (wrongly) matched, and the FNIR there. */
  atFpir1e2: { threshold: number; fpir: number; fnir: number };
  /** At the configured IDENTIFY_THRESHOLD. */
  atConfigured: { threshold: number; fpir: number; fnir: number };
  scores: OpenSetScores;
}

/** Best gallery identity and its similarity for one probe. */
function best(gallery: readonly Probe[], probe: number[]): { identity: string; score: number } {
  let top = { identity: '', score: -Infinity };
  for (const g of gallery) {
    const score = cosineSimilarity(g.embedding, probe);
    if (score > top.score) top = { identity: g.identity, score };
  }
  return top;
}

/** FPIR: non-mated probes matched at t. FNIR: mated probes not matched to the right identity at t. */
export function openSetRates(
  mated: readonly { correct: boolean; score: number }[],
  nonMated: readonly number[],
  threshold: number,
): { fpir: number; fnir: number } {
  const fpir = nonMated.filter((s) => s >= threshold).length / Math.max(1, nonMated.length);
  const fnir = mated.filter((m) => !(m.correct && m.score >= threshold)).length / Math.max(1, mated.length);
  return { fpir, fnir };
}

export function evaluateOpenSet(gallery: readonly Probe[], probes: readonly Probe[], configuredThreshold: number): OpenSetResult {
  const enrolled = new Set(gallery.map((g) => g.identity));
  const mated = probes
    .filter((p) => enrolled.has(p.identity))
    .map((p) => {
      const top = best(gallery, p.embedding);
      return { correct: top.identity === p.identity, score: top.score };
    });
  const nonMated = probes.filter((p) => !enrolled.has(p.identity)).map((p) => best(gallery, p.embedding).score);
  // Smallest threshold with FPIR <= 1 %: just above the non-mated score that would be the first too many.
  const sorted = [...nonMated].sort((a, b) => b - a);
  const allowed = Math.floor(0.01 * sorted.length);
  const threshold = (sorted[allowed] ?? -1) + 1e-9;
  return {
    galleryIdentities: gallery.length,
    matedProbes: mated.length,
    nonMatedProbes: nonMated.length,
    rank1Accuracy: mated.filter((m) => m.correct).length / Math.max(1, mated.length),
    atFpir1e2: { threshold, ...openSetRates(mated, nonMated, threshold) },
    atConfigured: { threshold: configuredThreshold, ...openSetRates(mated, nonMated, configuredThreshold) },
    scores: { galleryIdentities: gallery.length, mated: mated.length, matedCorrect: mated.filter((m) => m.correct).map((m) => m.score), nonMated },
  };
}

export function printOpenSet(result: OpenSetResult, model: string): void {
  printTable(
    `LFW open-set identification (developer folds: ${result.galleryIdentities} enrolled identities, ${result.matedProbes} mated and ${result.nonMatedProbes} non-mated probes), ${model}`,
    ['metric', 'value'],
    [
      ['rank-1 accuracy (mated probes)', percent(result.rank1Accuracy)],
      ['FNIR at FPIR 1e-2', `${percent(result.atFpir1e2.fnir)} (t ${fixed(result.atFpir1e2.threshold)}, FPIR ${percent(result.atFpir1e2.fpir)})`],
      [
        'at IDENTIFY_THRESHOLD',
        `FNIR ${percent(result.atConfigured.fnir)}, FPIR ${percent(result.atConfigured.fpir)} (t ${fixed(result.atConfigured.threshold)})`,
      ],
    ],
  );
}
