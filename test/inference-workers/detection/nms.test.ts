import { describe, expect, it } from 'vitest';
import { iou, nms } from '../../../inference-workers/detection/nms.ts';

const box = (x: number, y: number, width: number, height: number) => ({ x, y, width, height });

describe('iou', () => {
  it('matches hand-computed overlaps', () => {
    const a = box(0, 0, 10, 10);
    expect(iou(a, a)).toBe(1);
    expect(iou(a, box(5, 0, 10, 10))).toBeCloseTo(50 / 150, 12); // half-width shift
    expect(iou(a, box(5, 5, 10, 10))).toBeCloseTo(25 / 175, 12); // quarter overlap
    expect(iou(a, box(2, 2, 4, 4))).toBeCloseTo(16 / 100, 12); // contained
    expect(iou(a, box(10, 0, 10, 10))).toBe(0); // touching edge
    expect(iou(a, box(50, 50, 10, 10))).toBe(0);
    expect(iou(a, box(3, 3, 0, 0))).toBe(0); // empty box
  });
});

describe('nms', () => {
  const a = { id: 'a', score: 0.9, box: box(0, 0, 10, 10) };
  const b = { id: 'b', score: 0.8, box: box(5, 0, 10, 10) }; // IoU(a) = 1/3
  const d = { id: 'd', score: 0.7, box: box(1, 1, 10, 10) }; // IoU(a) = 81/119 ≈ 0.68
  const e = { id: 'e', score: 0.95, box: box(50, 50, 10, 10) }; // disjoint

  it('keeps boxes overlapping a better one by at most the threshold, by score desc', () => {
    expect(nms([a, b, d, e], 0.4).map((x) => x.id)).toEqual(['e', 'a', 'b']);
  });

  it('drops more at a lower threshold', () => {
    expect(nms([d, b, a, e], 0.3).map((x) => x.id)).toEqual(['e', 'a']);
  });

  it('handles empty input and does not mutate it', () => {
    expect(nms([], 0.4)).toEqual([]);
    const input = [b, a];
    nms(input, 0.4);
    expect(input.map((x) => x.id)).toEqual(['b', 'a']);
  });
});
