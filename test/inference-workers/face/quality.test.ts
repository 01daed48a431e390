import { describe, expect, it } from 'vitest';
import type { RgbImage } from '../../../inference-workers/image/decode.ts';
import { assessQuality, laplacianVariance, luma } from '../../../inference-workers/face/quality.ts';

function image(size: number, value: (x: number, y: number) => number): RgbImage {
  const data = Buffer.alloc(size * size * 3);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) data.fill(value(x, y), 3 * (y * size + x), 3 * (y * size + x) + 3);
  return { data, width: size, height: size };
}

const checkerboard = image(112, (x, y) => ((Math.floor(x / 4) + Math.floor(y / 4)) % 2 ? 255 : 0));
const flat = image(112, () => 128);
const good = {
  detectorScore: 0.85,
  box: { x: 10, y: 10, width: 150, height: 200 },
  landmarks5: [
    { x: 50, y: 80 },
    { x: 110, y: 80 },
    { x: 80, y: 110 },
    { x: 55, y: 140 },
    { x: 105, y: 140 },
  ],
};

describe('laplacianVariance', () => {
  it('is 0 on a flat image and large on a sharp checkerboard', () => {
    expect(laplacianVariance(luma(flat), 112, 112)).toBe(0);
    expect(laplacianVariance(luma(checkerboard), 112, 112)).toBeGreaterThan(10_000);
  });
  it('matches a hand computation on a 3x3 image', () => {
    // Only the centre is interior: L = 4 neighbours (10 each) - 4*50 = -160, one sample -> variance 0.
    expect(laplacianVariance(Float32Array.from([0, 10, 0, 10, 50, 10, 0, 10, 0]), 3, 3)).toBe(0);
    // 4x3: interior (1,1): 10+0+10+10-4*50 = -170; (2,1): 50+0+0+0-0 = 50 -> mean -60, variance 110^2.
    expect(laplacianVariance(Float32Array.from([0, 10, 0, 0, 10, 50, 0, 0, 0, 10, 0, 0]), 4, 3)).toBeCloseTo(12_100, 6);
  });
});

describe('assessQuality', () => {
  it('passes a sharp, well-lit, large frontal face', () => {
    const q = assessQuality({ ...good, alignedCrop: checkerboard, pose: { yaw: 5, pitch: -3, roll: 10 } });
    expect(q.issues).toEqual([]);
    expect(q.score).toBeGreaterThan(0.5);
    expect(q.reasons.interOcularPx).toBe(60);
    expect(q.reasons.brightness).toBeCloseTo(0.5, 2);
  });
  it('flags a flat (blurry) crop', () => {
    const q = assessQuality({ ...good, alignedCrop: flat });
    expect(q.reasons.blur).toBe(0);
    expect(q.issues).toEqual(['BLURRY']);
    expect(q.score).toBe(0);
  });
  it('flags darkness, brightness, small faces, low scores and extreme pose', () => {
    expect(assessQuality({ ...good, alignedCrop: image(112, (x, y) => ((x + y) % 2 ? 40 : 0)) }).issues).toEqual(['TOO_DARK']);
    expect(assessQuality({ ...good, alignedCrop: image(112, (x, y) => ((x + y) % 2 ? 255 : 215)) }).issues).toEqual(['TOO_BRIGHT']);
    const q = assessQuality({ ...good, detectorScore: 0.4, box: { x: 0, y: 0, width: 30, height: 40 }, pose: { yaw: 60, pitch: 0, roll: 0 } });
    expect(q.issues).toEqual(['LOW_DETECTOR_SCORE', 'SMALL_FACE', 'EXTREME_POSE']);
    expect(q.score).toBeLessThan(0.5);
    expect(q.reasons.blur).toBeUndefined();
  });
  it('uses the thresholds it is given', () => {
    expect(assessQuality(good).issues).toEqual([]);
    expect(assessQuality(good, { minFaceSizePx: 160 }).issues).toEqual(['SMALL_FACE']);
    // Exactly at a threshold a factor is 0.5.
    expect(assessQuality({ ...good, detectorScore: 0.6 }).score).toBeCloseTo(0.5, 12);
  });
});
