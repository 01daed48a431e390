import { describe, expect, it } from 'vitest';
import type { RgbImage } from '../../../inference-workers/image/decode.ts';
import { fitToSide, letterbox, SCRFD_NORMALISATION, toChwTensor, YUNET_NORMALISATION } from '../../../inference-workers/detection/letterbox.ts';

/** A width x height image whose pixel (x, y) is rgb(x, y). */
function gradient(width: number, height: number, rgb: (x: number, y: number) => [number, number, number]): RgbImage {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(rgb(x, y), (y * width + x) * 3);
  return { data, width, height };
}

const SCRFD_PAD = (0 - 127.5) / 128;
const norm = (v: number) => (v - 127.5) / 128;

describe('fitToSide', () => {
  it('scales the longer side to the input side', () => {
    expect(fitToSide(910, 1137, 640)).toEqual({ width: 512, height: 640, scale: 640 / 1137 });
    expect(fitToSide(4, 2, 32)).toEqual({ width: 32, height: 16, scale: 8 });
  });
});

describe('toChwTensor', () => {
  // 4x2 image: pixel (x, y) = (10x + y, 100 + y, 200 + x); placed unscaled on a 32 canvas.
  const img = gradient(4, 2, (x, y) => [10 * x + y, 100 + y, 200 + x]);
  const plane = 32 * 32;

  it('writes SCRFD RGB planes with (p - 127.5) / 128 and normalised zero padding', () => {
    const t = toChwTensor(img, 32, SCRFD_NORMALISATION);
    expect(t.length).toBe(3 * plane);
    const at = 1 * 32 + 3; // pixel (3, 1) = (31, 101, 203)
    expect(t[at]).toBeCloseTo(norm(31), 6);
    expect(t[plane + at]).toBeCloseTo(norm(101), 6);
    expect(t[2 * plane + at]).toBeCloseTo(norm(203), 6);
    expect(t[4]).toBeCloseTo(SCRFD_PAD, 6); // (4, 0): right of the image
    expect(t[2 * plane + 2 * 32]).toBeCloseTo(SCRFD_PAD, 6); // (0, 2): below it
    expect(t[3 * plane - 1]).toBeCloseTo(SCRFD_PAD, 6);
  });

  it('writes YuNet BGR planes raw with zero padding', () => {
    const t = toChwTensor(img, 32, YUNET_NORMALISATION);
    const at = 1 * 32 + 3;
    expect([t[at], t[plane + at], t[2 * plane + at]]).toEqual([203, 101, 31]);
    expect(t[4]).toBe(0);
    expect(t[plane + 5 * 32]).toBe(0);
  });
});

describe('letterbox', () => {
  it('resizes a 4x2 image to 32x16 at the top-left and pads the rest', async () => {
    const img = gradient(4, 2, () => [200, 100, 50]); // constant colour survives interpolation
    const { tensorData: t, scale, side } = await letterbox(img, 32, SCRFD_NORMALISATION);
    const plane = 32 * 32;
    expect(scale).toBe(8);
    expect(side).toBe(32);
    for (const [x, y] of [
      [0, 0],
      [31, 15],
      [17, 9],
    ] as const) {
      expect(t[y * 32 + x]).toBeCloseTo(norm(200), 6);
      expect(t[plane + y * 32 + x]).toBeCloseTo(norm(100), 6);
      expect(t[2 * plane + y * 32 + x]).toBeCloseTo(norm(50), 6);
    }
    for (const [x, y] of [
      [0, 16],
      [31, 31],
    ] as const) {
      for (let c = 0; c < 3; c++) expect(t[c * plane + y * 32 + x]).toBeCloseTo(SCRFD_PAD, 6);
    }
  });

  it('rejects sides that are not multiples of 32', async () => {
    await expect(
      letterbox(
        gradient(2, 2, () => [0, 0, 0]),
        100,
        SCRFD_NORMALISATION,
      ),
    ).rejects.toThrow(/multiple of 32/);
  });
});
