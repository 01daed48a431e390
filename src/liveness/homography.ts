/** Least-squares 2-D transforms between two point sets and their residuals: a homography (normalised DLT) and a similarity. */
import type { Point } from '../pipeline/geometry.ts';

/** Row-major 3x3. */
export type Matrix3 = [number, number, number, number, number, number, number, number, number];

/** Hartley's conditioning: centroid to the origin, mean distance √2. Without it the DLT's normal matrix mixes 1 and 1e5-sized entries. */
function conditioner(points: readonly Point[]): Matrix3 {
  const n = points.length;
  const cx = points.reduce((s, p) => s + p.x, 0) / n;
  const cy = points.reduce((s, p) => s + p.y, 0) / n;
  const meanDist = points.reduce((s, p) => s + Math.hypot(p.x - cx, p.y - cy), 0) / n;
  const k = meanDist > 0 ? Math.SQRT2 / meanDist : 1;
  return [k, 0, -k * cx, 0, k, -k * cy, 0, 0, 1];
}

export function apply(h: Matrix3, p: Point): Point {
  const w = h[6] * p.x + h[7] * p.y + h[8];
  return { x: (h[0] * p.x + h[1] * p.y + h[2]) / w, y: (h[3] * p.x + h[4] * p.y + h[5]) / w };
}

function multiply(a: Matrix3, b: Matrix3): Matrix3 {
  const out = new Array<number>(9);
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) out[3 * r + c] = a[3 * r]! * b[c]! + a[3 * r + 1]! * b[3 + c]! + a[3 * r + 2]! * b[6 + c]!;
  return out as Matrix3;
}

/** The inverse of a conditioner (a scale and a shift). */
function unconditioner(t: Matrix3): Matrix3 {
  const k = t[0];
  return [1 / k, 0, -t[2] / k, 0, 1 / k, -t[5] / k, 0, 0, 1];
}

/** Eigenvector of the smallest eigenvalue of a symmetric matrix (cyclic Jacobi; 9x9 here, so a few sweeps). */
function smallestEigenvector(m: number[][]): number[] {
  const n = m.length;
  const a = m.map((row) => [...row]);
  const v = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j): number => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p]![q]! ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p]![q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k]![p]!,
            akq = a[k]![q]!;
          a[k]![p] = c * akp - s * akq;
          a[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p]![k]!,
            aqk = a[q]![k]!;
          a[p]![k] = c * apk - s * aqk;
          a[q]![k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k]![p]!,
            vkq = v[k]![q]!;
          v[k]![p] = c * vkp - s * vkq;
          v[k]![q] = s * vkp + c * vkq;
        }
      }
    }
  }
  let best = 0;
  for (let i = 1; i < n; i++) if (a[i]![i]! < a[best]![best]!) best = i;
  return v.map((row) => row[best]!);
}

/**
 * The homography taking `from` onto `to` (at least 4 pairs), by the normalised direct linear transform
 * (Hartley & Zisserman, Algorithm 4.2): condition both sets, solve A·h = 0 in the least-squares sense
 * (the smallest eigenvector of AᵀA), undo the conditioning. Null for fewer than 4 pairs or a degenerate fit.
 */
export function fitHomography(from: readonly Point[], to: readonly Point[]): Matrix3 | null {
  if (from.length !== to.length || from.length < 4) return null;
  const t1 = conditioner(from),
    t2 = conditioner(to);
  const ata = Array.from({ length: 9 }, () => new Array<number>(9).fill(0));
  const addRow = (row: readonly number[]): void => {
    for (let i = 0; i < 9; i++) for (let j = 0; j < 9; j++) ata[i]![j]! += row[i]! * row[j]!;
  };
  for (let i = 0; i < from.length; i++) {
    const p = apply(t1, from[i]!),
      q = apply(t2, to[i]!);
    addRow([0, 0, 0, -p.x, -p.y, -1, q.y * p.x, q.y * p.y, q.y]);
    addRow([p.x, p.y, 1, 0, 0, 0, -q.x * p.x, -q.x * p.y, -q.x]);
  }
  const h = multiply(unconditioner(t2), multiply(smallestEigenvector(ata) as Matrix3, t1));
  if (!h.every(Number.isFinite) || Math.abs(h[8]) < 1e-12) return null;
  return h.map((x) => x / h[8]) as Matrix3;
}

/** Root-mean-square distance between `to` and `from` mapped by `map`. */
export function rmsResidual(from: readonly Point[], to: readonly Point[], map: (p: Point) => Point): number {
  let sum = 0;
  for (let i = 0; i < from.length; i++) {
    const m = map(from[i]!),
      q = to[i]!;
    sum += (m.x - q.x) ** 2 + (m.y - q.y) ** 2;
  }
  return Math.sqrt(sum / from.length);
}

/** Least-squares similarity (scale, rotation, shift; no reflection) from `from` onto `to`, as a mapping. */
export function fitSimilarity(from: readonly Point[], to: readonly Point[]): (p: Point) => Point {
  const n = from.length;
  const fx = from.reduce((s, p) => s + p.x, 0) / n,
    fy = from.reduce((s, p) => s + p.y, 0) / n;
  const tx = to.reduce((s, p) => s + p.x, 0) / n,
    ty = to.reduce((s, p) => s + p.y, 0) / n;
  let num = 0,
    cross = 0,
    den = 0;
  for (let i = 0; i < n; i++) {
    const ax = from[i]!.x - fx,
      ay = from[i]!.y - fy,
      bx = to[i]!.x - tx,
      by = to[i]!.y - ty;
    num += ax * bx + ay * by;
    cross += ax * by - ay * bx;
    den += ax * ax + ay * ay;
  }
  const a = den > 0 ? num / den : 1,
    b = den > 0 ? cross / den : 0;
  return (p) => ({ x: a * (p.x - fx) - b * (p.y - fy) + tx, y: b * (p.x - fx) + a * (p.y - fy) + ty });
}
