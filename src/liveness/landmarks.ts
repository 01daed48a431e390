/** Point arithmetic and the landmark layouts the liveness checks read (iBUG 68 and the detector's 5). */
import type { Point } from '../pipeline/geometry.ts';

/** The detector's 5 points, in its order. */
export const five = { eyeImageLeft: 0, eyeImageRight: 1, nose: 2, mouthImageLeft: 3, mouthImageRight: 4 } as const;

/**
 * iBUG 68: each eye's six points p1..p6 in Soukupová & Čech's order (p1, p4 the corners; p2, p3 the
 * upper lid; p6, p5 the lower lid below them). "imageLeft" is the subject's right eye in a raw frame.
 */
export const eye68 = {
  imageLeft: [36, 37, 38, 39, 40, 41],
  imageRight: [42, 43, 44, 45, 46, 47],
} as const;

/** The point under the nose (subnasale): rigid, unmoved by blinks, smiles or speech. */
export const subnasale68 = 33;

const sub = (a: Point, b: Point): Point => ({ x: a.x - b.x, y: a.y - b.y });
export const dist = (a: Point, b: Point): number => Math.hypot(a.x - b.x, a.y - b.y);
export const mid = (a: Point, b: Point): Point => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });

/** The point at `index`; landmark arrays are checked for length once, so a miss is a bug. */
export function at(points: readonly Point[], index: number): Point {
  const p = points[index];
  if (!p) throw new Error(`landmark ${index} missing (${points.length} points)`);
  return p;
}

/**
 * A roll-free frame on the eye line: origin at the eye midpoint, `along` the unit vector from the
 * image-left eye to the image-right eye, `down` perpendicular to it (toward the mouth), `scale` the
 * distance between the eyes. Coordinates in it do not change when the head or camera rolls.
 */
export interface EyeFrame {
  origin: Point;
  along: Point;
  down: Point;
  scale: number;
}

export function eyeFrame(left: Point, right: Point): EyeFrame | null {
  const scale = dist(left, right);
  if (!(scale > 0)) return null;
  const along = { x: (right.x - left.x) / scale, y: (right.y - left.y) / scale };
  return { origin: mid(left, right), along, down: { x: -along.y, y: along.x }, scale };
}

/** `p` in the eye frame, in interocular units: x along the eye line, y toward the mouth. */
export function inEyeFrame(frame: EyeFrame, p: Point): Point {
  const d = sub(p, frame.origin);
  return { x: (d.x * frame.along.x + d.y * frame.along.y) / frame.scale, y: (d.x * frame.down.x + d.y * frame.down.y) / frame.scale };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}
