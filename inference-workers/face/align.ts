import type { Point } from '../../src/pipeline/geometry.ts';
import type { RgbImage } from '../image/decode.ts';

/** ArcFace reference points in the 112x112 crop, in the detectors' 5-point order (MANIFEST arcface_112_template). */
export const ARCFACE_112_TEMPLATE: readonly Point[] = [
  { x: 38.2946, y: 51.6963 },
  { x: 73.5318, y: 51.5014 },
  { x: 56.0252, y: 71.7366 },
  { x: 41.5493, y: 92.3655 },
  { x: 70.7299, y: 92.2041 },
];

export const ALIGNED_SIZE = 112;

/**
 * Similarity transform x' = a*x - b*y + tx, y' = b*x + a*y + ty
 * (scale = hypot(a, b), rotation = atan2(b, a); never a reflection).
 */
export interface Similarity {
  a: number;
  b: number;
  tx: number;
  ty: number;
}

/**
 * Least-squares similarity mapping src onto dst. In 2-D the matrices [[a,-b],[b,a]] are exactly the
 * scaled rotations, so the linear least-squares solution over (a, b, tx, ty) is the Umeyama solution
 * (same objective, reflection excluded by construction).
 */
export function estimateSimilarity(src: readonly Point[], dst: readonly Point[]): Similarity {
  const n = src.length;
  if (n < 2 || dst.length !== n) throw new Error(`need >= 2 matching point pairs, got ${n} and ${dst.length}`);
  let sx = 0,
    sy = 0,
    dx = 0,
    dy = 0;
  for (let i = 0; i < n; i++) {
    const s = src[i] as Point,
      d = dst[i] as Point;
    sx += s.x;
    sy += s.y;
    dx += d.x;
    dy += d.y;
  }
  sx /= n;
  sy /= n;
  dx /= n;
  dy /= n;
  let dot = 0,
    cross = 0,
    norm = 0;
  for (let i = 0; i < n; i++) {
    const s = src[i] as Point,
      d = dst[i] as Point;
    const px = s.x - sx,
      py = s.y - sy,
      qx = d.x - dx,
      qy = d.y - dy;
    dot += px * qx + py * qy;
    cross += px * qy - py * qx;
    norm += px * px + py * py;
  }
  if (norm === 0) throw new Error('source points are all identical');
  const a = dot / norm,
    b = cross / norm;
  return { a, b, tx: dx - (a * sx - b * sy), ty: dy - (b * sx + a * sy) };
}

export function applySimilarity(t: Similarity, p: Point): Point {
  return { x: t.a * p.x - t.b * p.y + t.tx, y: t.b * p.x + t.a * p.y + t.ty };
}

export function invertSimilarity(t: Similarity): Similarity {
  const k = t.a * t.a + t.b * t.b;
  if (k === 0) throw new Error('degenerate similarity (zero scale)');
  const a = t.a / k,
    b = -t.b / k;
  return { a, b, tx: -(a * t.tx - b * t.ty), ty: -(b * t.tx + a * t.ty) };
}

/**
 * Fills a width x height RGB image: each output pixel (u, v) samples the source at inverse(u, v) bilinearly.
 * Pixel centres sit at integer coordinates (cv2.warpAffine's convention, which the landmarks use);
 * neighbours outside the source count as black, like BORDER_CONSTANT 0.
 */
export function warpSimilarity(image: RgbImage, srcToDst: Similarity, width: number, height: number): RgbImage {
  const inv = invertSimilarity(srcToDst);
  const { data: src, width: sw, height: sh } = image;
  const out = Buffer.alloc(width * height * 3);
  const rowStride = sw * 3;
  let o = 0;
  for (let v = 0; v < height; v++) {
    for (let u = 0; u < width; u++, o += 3) {
      const x = inv.a * u - inv.b * v + inv.tx;
      const y = inv.b * u + inv.a * v + inv.ty;
      const x0 = Math.floor(x),
        y0 = Math.floor(y);
      if (x0 < -1 || y0 < -1 || x0 >= sw || y0 >= sh) continue; // entirely outside: stays black
      const fx = x - x0,
        fy = y - y0;
      // Weights of the 4 neighbours, zeroed where a neighbour falls outside the source.
      const inL = x0 >= 0,
        inR = x0 + 1 < sw,
        inT = y0 >= 0,
        inB = y0 + 1 < sh;
      const w00 = inL && inT ? (1 - fx) * (1 - fy) : 0;
      const w10 = inR && inT ? fx * (1 - fy) : 0;
      const w01 = inL && inB ? (1 - fx) * fy : 0;
      const w11 = inR && inB ? fx * fy : 0;
      const i00 = y0 * rowStride + x0 * 3;
      for (let c = 0; c < 3; c++) {
        const i = i00 + c;
        let acc = 0;
        if (w00 !== 0) acc += w00 * (src[i] as number);
        if (w10 !== 0) acc += w10 * (src[i + 3] as number);
        if (w01 !== 0) acc += w01 * (src[i + rowStride] as number);
        if (w11 !== 0) acc += w11 * (src[i + rowStride + 3] as number);
        out[o + c] = Math.round(acc);
      }
    }
  }
  return { data: out, width, height };
}

/** ArcFace 112x112 crop from the 5 detector landmarks (feeds recognition and age/gender). */
export function alignFace(image: RgbImage, landmarks: readonly Point[]): RgbImage {
  const t = estimateSimilarity(landmarks, ARCFACE_112_TEMPLATE);
  return warpSimilarity(image, t, ALIGNED_SIZE, ALIGNED_SIZE);
}
