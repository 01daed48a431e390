import { describe, expect, it } from 'vitest';
import type { Point } from '../../../src/pipeline/geometry.ts';
import {
  alignFace,
  applySimilarity,
  ARCFACE_112_TEMPLATE,
  estimateSimilarity,
  invertSimilarity,
  warpSimilarity,
  type Similarity,
} from '../../../inference-workers/face/align.ts';

const template = [...ARCFACE_112_TEMPLATE];

describe('estimateSimilarity', () => {
  it('maps the template onto itself with the identity', () => {
    const t = estimateSimilarity(template, template);
    expect(t.a).toBeCloseTo(1, 12);
    expect(t.b).toBeCloseTo(0, 12);
    expect(t.tx).toBeCloseTo(0, 9);
    expect(t.ty).toBeCloseTo(0, 9);
  });

  it('recovers a known scale, rotation and translation exactly', () => {
    // Landmarks = template scaled by 2.5, rotated 30 degrees, shifted by (100, -40).
    const s = 2.5,
      th = Math.PI / 6;
    const known: Similarity = { a: s * Math.cos(th), b: s * Math.sin(th), tx: 100, ty: -40 };
    const detected = template.map((p) => applySimilarity(known, p));
    // detected -> template is the inverse: scale 0.4, rotation -30 degrees.
    const t = estimateSimilarity(detected, template);
    expect(Math.hypot(t.a, t.b)).toBeCloseTo(0.4, 12);
    expect(Math.atan2(t.b, t.a)).toBeCloseTo(-th, 12);
    const inv = invertSimilarity(known);
    expect(t.tx).toBeCloseTo(inv.tx, 9);
    expect(t.ty).toBeCloseTo(inv.ty, 9);
    detected.forEach((p, i) => {
      const q = applySimilarity(t, p);
      expect(q.x).toBeCloseTo((template[i] as Point).x, 9);
      expect(q.y).toBeCloseTo((template[i] as Point).y, 9);
    });
  });

  it('matches a hand-computed fit of two points', () => {
    // (0,0)->(1,1) and (1,0)->(1,3): scale 2, rotation +90 degrees, translation (1,1).
    const t = estimateSimilarity(
      [
        { x: 0, y: 0 },
        { x: 1, y: 0 },
      ],
      [
        { x: 1, y: 1 },
        { x: 1, y: 3 },
      ],
    );
    expect(t.a).toBeCloseTo(0, 12);
    expect(t.b).toBeCloseTo(2, 12);
    expect(t.tx).toBeCloseTo(1, 12);
    expect(t.ty).toBeCloseTo(1, 12);
  });

  it('never reflects: a mirrored template gives a rotation, not a flip', () => {
    const mirrored = template.map((p) => ({ x: 112 - p.x, y: p.y }));
    const t = estimateSimilarity(mirrored, template);
    // The model [[a,-b],[b,a]] has det a²+b² >= 0, so a mirror image gets a poor, shrunken fit, not a flip.
    expect(t.a * t.a + t.b * t.b).toBeLessThan(0.1);
  });
});

describe('warpSimilarity (bilinear, black outside)', () => {
  // 2x2 grey image: 0, 100 / 200, 40 in every channel.
  const values = [0, 100, 200, 40];
  const img = { data: Buffer.from(values.flatMap((v) => [v, v, v])), width: 2, height: 2 };
  const px = (out: { data: Buffer; width: number }, x: number, y: number): number => out.data[3 * (y * out.width + x)] as number;

  it('interpolates between pixel centres', () => {
    // dst = 2*src: output pixel (1,1) samples source (0.5,0.5) = mean of all four.
    const out = warpSimilarity(img, { a: 2, b: 0, tx: 0, ty: 0 }, 3, 3);
    expect(px(out, 0, 0)).toBe(0);
    expect(px(out, 2, 0)).toBe(100);
    expect(px(out, 0, 2)).toBe(200);
    expect(px(out, 2, 2)).toBe(40);
    expect(px(out, 1, 0)).toBe(50);
    expect(px(out, 1, 1)).toBe(85); // (0+100+200+40)/4
    expect(px(out, 2, 1)).toBe(70); // (100+40)/2
  });

  it('fades to black outside the source', () => {
    // Shift by +1: output (0,0) samples (-1,-1) and (3,1) samples (2,0), both outside; (2,1) samples (1,0).
    const out = warpSimilarity(img, { a: 1, b: 0, tx: 1, ty: 1 }, 4, 4);
    expect(px(out, 0, 0)).toBe(0);
    expect(px(out, 2, 1)).toBe(100);
    expect(px(out, 3, 1)).toBe(0);
    // Half a pixel outside: output (0,1) samples (-0.5,1) = 0.5*black + 0.5*200.
    const half = warpSimilarity(img, { a: 1, b: 0, tx: 0.5, ty: 0 }, 1, 2);
    expect(px(half, 0, 1)).toBe(100);
  });

  it('rotates 90 degrees exactly on the pixel grid', () => {
    // x' = -y + 1, y' = x: a 2x2 image rotated clockwise.
    const out = warpSimilarity(img, { a: 0, b: 1, tx: 1, ty: 0 }, 2, 2);
    expect([px(out, 0, 0), px(out, 1, 0), px(out, 0, 1), px(out, 1, 1)]).toEqual([200, 0, 40, 100]);
  });

  it('alignFace of template-placed landmarks is a plain 112x112 copy', () => {
    const data = Buffer.alloc(112 * 112 * 3);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7) % 251;
    const out = alignFace({ data, width: 112, height: 112 }, template);
    expect(out.width).toBe(112);
    expect(out.height).toBe(112);
    expect(out.data.equals(data)).toBe(true);
  });
});
