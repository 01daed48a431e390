import { describe, expect, it } from 'vitest';
import { clipRect, cropResizeCv2Linear, rgbToChw, softmax } from '../../../inference-workers/face/tensor.ts';

describe('softmax', () => {
  it('matches hand-computed values and sums to 1', () => {
    // e^0 / (e^0 + e^ln3) = 1/4, 3/4
    const [a = 0, b = 0] = softmax([0, Math.log(3)]);
    expect(a).toBeCloseTo(0.25, 12);
    expect(b).toBeCloseTo(0.75, 12);
    expect(softmax([1, 2, 3]).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
  });
  it('is stable for large logits (subtracts the max first)', () => {
    const p = softmax([1000, 1000]);
    expect(p).toEqual([0.5, 0.5]);
    expect(softmax([-1000, 0])[1]).toBeCloseTo(1, 12);
  });
});

describe('rgbToChw', () => {
  const rgb = Uint8Array.from([10, 20, 30, 40, 50, 60]); // 2x1 pixels
  it('writes planar R, G, B with (p - mean) * scale', () => {
    expect([...rgbToChw(rgb, 2, 1, { mean: 10, scale: 0.5 })]).toEqual([0, 15, 5, 20, 10, 25]);
  });
  it('swaps to B, G, R and mirrors when asked', () => {
    expect([...rgbToChw(rgb, 2, 1, { mean: 0, scale: 1, bgr: true })]).toEqual([30, 60, 20, 50, 10, 40]);
    expect([...rgbToChw(rgb, 2, 1, { mean: 0, scale: 1, mirror: true })]).toEqual([40, 10, 50, 20, 60, 30]);
  });
});

describe('clipRect', () => {
  it('rounds, clips to the image and never returns an empty rect', () => {
    expect(clipRect(-5.4, 2.6, 20.2, 30.5, 16, 16)).toEqual({ left: 0, top: 3, width: 16, height: 13 });
    expect(clipRect(20, 20, 25, 25, 16, 16)).toEqual({ left: 15, top: 15, width: 1, height: 1 });
  });
});

describe('cropResizeCv2Linear', () => {
  it('samples at half-pixel centres like cv2.resize(INTER_LINEAR)', () => {
    // 2x1 grey image [0, 100] upscaled to 4x1: centres at -0.25, 0.25, 0.75, 1.25 -> clamp, 25, 75, clamp.
    const image = { data: Buffer.from([0, 0, 0, 100, 100, 100]), width: 2, height: 1 };
    const out = cropResizeCv2Linear(image, { left: 0, top: 0, width: 2, height: 1 }, 4, 1);
    expect([...out].filter((_, i) => i % 3 === 0)).toEqual([0, 25, 75, 100]);
  });
});
