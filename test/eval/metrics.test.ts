import { describe, expect, it } from 'vitest';
import { accuracyAt, bestThreshold, cosineSimilarity, greedyMatch, meanAbsoluteError, median, rocAuc, tarAtFar, type Scored } from '../../eval/metrics.ts';

const s = (score: number, positive: boolean): Scored => ({ score, positive });
// Positives 0.9, 0.6, 0.4; negatives 0.7, 0.3.
const five = [s(0.9, true), s(0.6, true), s(0.4, true), s(0.7, false), s(0.3, false)];

describe('rocAuc', () => {
  it('counts positive-above-negative pairs', () => {
    // 0.9 beats both negatives, 0.6 and 0.4 beat only 0.3: 4 of 6 pairs.
    expect(rocAuc(five)).toBeCloseTo(4 / 6, 12);
  });
  it('counts ties as one half', () => {
    expect(rocAuc([s(0.5, true), s(0.5, false)])).toBe(0.5);
    expect(rocAuc([s(0.5, true), s(0.8, true), s(0.5, false)])).toBe(0.75);
  });
  it('is 1 for perfect separation, 0 for inverted, NaN without both classes', () => {
    expect(rocAuc([s(0.9, true), s(0.1, false)])).toBe(1);
    expect(rocAuc([s(0.1, true), s(0.9, false)])).toBe(0);
    expect(rocAuc([s(0.1, true)])).toBeNaN();
  });
});

describe('accuracyAt / bestThreshold', () => {
  it('treats score >= threshold as positive', () => {
    // At 0.5: 0.3 N right, 0.4 P wrong, 0.6 P right, 0.7 N wrong, 0.9 P right.
    expect(accuracyAt(five, 0.5)).toBe(3 / 5);
    expect(accuracyAt([s(0.5, true)], 0.5)).toBe(1);
  });
  it('finds the best cut midway between scores', () => {
    // Sorted 0.3N 0.4P 0.6P 0.7N 0.9P: cutting between 0.3 and 0.4 gets 4 of 5.
    expect(bestThreshold(five)).toEqual({ threshold: 0.35, accuracy: 0.8 });
    expect(bestThreshold([s(0.1, false), s(0.9, true)])).toEqual({ threshold: 0.5, accuracy: 1 });
  });
  it('takes the middle of equally good cuts and handles all-one-class edges', () => {
    // 0.1N 0.2P 0.3N 0.4P: cuts at 0.15 and 0.35 both get 3 of 4; the first of two is the middle.
    const r = bestThreshold([s(0.1, false), s(0.2, true), s(0.3, false), s(0.4, true)]);
    expect(r.threshold).toBeCloseTo(0.15, 12);
    expect(r.accuracy).toBe(0.75);
    // All positive: the cut at the lowest score accepts everything.
    expect(bestThreshold([s(0.2, true), s(0.4, true)])).toEqual({ threshold: 0.2, accuracy: 1 });
  });
});

describe('tarAtFar', () => {
  const negatives = Array.from({ length: 10 }, (_, i) => s(i / 10, false)); // 0.0 .. 0.9
  const items = [...negatives, s(0.95, true), s(0.85, true), s(0.5, true), s(0.2, true)];
  it('admits floor(far * negatives) false accepts', () => {
    // FAR 0.1 of 10 negatives: one false accept (0.9) allowed, cut at 0.8: 0.95 and 0.85 pass.
    expect(tarAtFar(items, 0.1)).toEqual({ tar: 0.5, threshold: 0.8, falseAccepts: 1 });
    // FAR 0.01: none allowed, cut at 0.9: only 0.95 passes.
    expect(tarAtFar(items, 0.01)).toEqual({ tar: 0.25, threshold: 0.9, falseAccepts: 0 });
  });
  it('accepts everything at FAR 1', () => {
    expect(tarAtFar(items, 1).tar).toBe(1);
  });
});

describe('meanAbsoluteError / median / cosineSimilarity', () => {
  it('computes MAE', () => {
    expect(meanAbsoluteError([10, 20, 30], [12, 20, 25])).toBeCloseTo(7 / 3, 12);
    expect(() => meanAbsoluteError([1], [])).toThrow();
  });
  it('computes the median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
  it('computes cosine similarity', () => {
    expect(cosineSimilarity([1, 0], [0, 1])).toBe(0);
    expect(cosineSimilarity([1, 1], [2, 2])).toBeCloseTo(1, 12);
    expect(cosineSimilarity([1, 0], [-3, 0])).toBe(-1);
  });
});

describe('greedyMatch', () => {
  it('matches best pairs first, one-to-one, skipping quality <= 0', () => {
    const q = [
      [0.9, 0.5],
      [0.8, 0],
    ];
    // (gt0, det0) goes first; gt1 then has only det1 at quality 0, so it stays unmatched (greedy, not optimal).
    expect(greedyMatch(2, 2, (g, d) => q[g]![d]!)).toEqual([{ gt: 0, det: 0, quality: 0.9 }]);
    expect(greedyMatch(0, 3, () => 1)).toEqual([]);
  });
});

describe('open-set identification', () => {
  it('counts FPIR over non-mated probes and FNIR over mated ones at a threshold', async () => {
    const { openSetRates, evaluateOpenSet } = await import('../../eval/open-set.ts');
    const mated = [
      { correct: true, score: 0.9 },
      { correct: true, score: 0.3 },
      { correct: false, score: 0.8 },
    ];
    expect(openSetRates(mated, [0.1, 0.5], 0.4)).toEqual({ fpir: 0.5, fnir: 2 / 3 });
    const gallery = [
      { identity: 'a', embedding: [1, 0] },
      { identity: 'b', embedding: [0, 1] },
    ];
    const probes = [
      { identity: 'a', embedding: [0.9, 0.1] },
      { identity: 'b', embedding: [0.2, 0.9] },
      { identity: 'x', embedding: [-1, 0] },
    ];
    const r = evaluateOpenSet(gallery, probes, 0.5);
    expect(r.rank1Accuracy).toBe(1);
    expect(r.atConfigured.fpir).toBe(0);
    expect(r.atConfigured.fnir).toBe(0);
  });
});
