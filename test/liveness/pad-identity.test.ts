import { describe, expect, it } from 'vitest';
import { checkIdentity } from '../../src/liveness/identity.ts';
import { cosineSimilarity } from '../../src/pipeline/similarity.ts';
import { aggregatePad } from '../../src/liveness/pad.ts';
import { defaultLivenessThresholds as t } from '../../src/liveness/thresholds.ts';
import { personEmbedding, seededRandom } from './synthetic.ts';

describe('aggregatePad (the confident strategy on p(real))', () => {
  it('averages the confidently fake frames when there are enough of them', () => {
    const scores = [0.1, 0.05, 0.15, 0.99, 0.98, 0.97, 0.1];
    const r = aggregatePad(scores, t);
    expect(r.strategy).toBe('CONFIDENT_FAKE');
    expect(r.score).toBeCloseTo(0.1, 6);
  });
  it('averages the confidently real frames when nearly all are', () => {
    const scores = [...Array.from({ length: 19 }, () => 0.99), 0.5];
    const r = aggregatePad(scores, t);
    expect(r.strategy).toBe('CONFIDENT_REAL');
    expect(r.score).toBeCloseTo(0.99, 9);
  });
  it('takes the plain mean otherwise, and null with no score', () => {
    const r = aggregatePad([0.9, 0.6, 0.7, 0.1], t);
    expect(r.strategy).toBe('MEAN');
    expect(r.score).toBeCloseTo(0.575, 6);
    expect(aggregatePad([], t)).toEqual({ score: null, strategy: null, frames: 0 });
  });
  it('needs at least 3 confidently fake frames', () => {
    expect(aggregatePad([0.1, 0.1, 0.9, 0.9], t).strategy).toBe('MEAN');
  });
});

describe('checkIdentity', () => {
  const a = personEmbedding(seededRandom(1));
  const b = personEmbedding(seededRandom(2));
  /** `a` drifting away step by step: a head turning, each frame close to the last but the far end far from the start. */
  const drift = (k: number) => a.map((x, i) => Math.cos(k) * x + Math.sin(k) * b[i]!);
  const frame = (ms: number, embedding: number[] | null) => ({ timestampMs: ms, embedding });

  it('connects frames through their neighbours even when far from the reference', () => {
    const frames = Array.from({ length: 20 }, (_, i) => frame(i * 100, drift((i / 19) * 1.4)));
    expect(cosineSimilarity(frames[0]!.embedding!, frames[19]!.embedding!)).toBeLessThan(t.identityMinSimilarity);
    const r = checkIdentity(frames, 0, t);
    expect(r.switched).toBe(false);
    expect(r.framesApart).toBe(0);
    expect(r.minSimilarity!).toBeGreaterThan(0.9);
  });

  it('flags a splice: the second person never links to the first', () => {
    const frames = Array.from({ length: 20 }, (_, i) => frame(i * 100, i < 10 ? a : b));
    const r = checkIdentity(frames, 0, t);
    expect(r).toMatchObject({ switched: true, framesApart: 10, framesCompared: 19 });
    expect(r.minSimilarity!).toBeLessThan(t.identityMinSimilarity);
  });

  it('does not link across a gap longer than the window', () => {
    const frames = [
      ...Array.from({ length: 5 }, (_, i) => frame(i * 100, drift(i * 0.3))),
      frame(3000, drift(1.5)),
      frame(3100, drift(1.5)),
      frame(3200, drift(1.5)),
    ];
    expect(checkIdentity(frames, 0, t).switched).toBe(true);
  });

  it('skips frames without an embedding; no reference, no check', () => {
    expect(checkIdentity([frame(0, a), frame(100, null), frame(200, a)], 0, t)).toMatchObject({ switched: false, framesCompared: 1 });
    expect(checkIdentity([frame(0, a)], -1, t)).toEqual({ minSimilarity: null, framesApart: 0, framesCompared: 0, switched: false });
  });
});
