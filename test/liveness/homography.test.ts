import { describe, expect, it } from 'vitest';
import { apply, fitHomography, fitSimilarity, rmsResidual, type Matrix3 } from '../../src/liveness/homography.ts';
import { seededRandom } from './synthetic.ts';

describe('fitHomography (normalised DLT)', () => {
  const random = seededRandom(5);
  // Pixel-sized coordinates far from the origin: what the conditioning is for.
  const from = Array.from({ length: 11 }, () => ({ x: 800 + 300 * random(), y: 500 + 300 * random() }));
  const h: Matrix3 = [1.1, 0.2, -40, -0.15, 0.9, 25, 0.0004, -0.0003, 1];

  it('recovers an exact homography from 4 or more pairs', () => {
    const to = from.map((p) => apply(h, p));
    const fitted = fitHomography(from, to)!;
    fitted.forEach((v, i) => expect(v).toBeCloseTo(h[i]!, 6));
    expect(rmsResidual(from, to, (p) => apply(fitted, p))).toBeLessThan(1e-6);
    expect(rmsResidual(from.slice(0, 4), to.slice(0, 4), (p) => apply(fitHomography(from.slice(0, 4), to.slice(0, 4))!, p))).toBeLessThan(1e-6);
  });

  it('leaves a residual of the order of the noise added', () => {
    const g = seededRandom(9);
    const to = from.map((p) => apply(h, p)).map((p) => ({ x: p.x + (g() - 0.5) * 2, y: p.y + (g() - 0.5) * 2 }));
    const r = rmsResidual(from, to, (p) => apply(fitHomography(from, to)!, p));
    expect(r).toBeGreaterThan(0.1);
    expect(r).toBeLessThan(1);
  });

  it('refuses fewer than 4 pairs', () => {
    expect(fitHomography(from.slice(0, 3), from.slice(0, 3))).toBeNull();
  });
});

describe('fitSimilarity', () => {
  it('fits scale, rotation and shift exactly and leaves the rest as residual', () => {
    const pts = [
      { x: 0, y: 0 },
      { x: 10, y: 0 },
      { x: 0, y: 10 },
      { x: 10, y: 10 },
    ];
    const c = Math.cos(0.3) * 2,
      s = Math.sin(0.3) * 2;
    const moved = pts.map((p) => ({ x: c * p.x - s * p.y + 5, y: s * p.x + c * p.y - 3 }));
    expect(rmsResidual(pts, moved, fitSimilarity(pts, moved))).toBeLessThan(1e-9);
    const stretched = pts.map((p) => ({ x: 1.5 * p.x, y: p.y }));
    expect(rmsResidual(pts, stretched, fitSimilarity(pts, stretched))).toBeGreaterThan(1);
  });
});
