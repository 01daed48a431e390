import sharp from 'sharp';
import type { RgbImage } from '../image/decode.ts';

/** How a detector wants its pixels: channel order and (p - mean) / std. */
export interface Normalisation {
  order: 'rgb' | 'bgr';
  mean: number;
  std: number;
}

/** SCRFD (InsightFace): RGB, (p - 127.5) / 128. */
export const SCRFD_NORMALISATION: Normalisation = { order: 'rgb', mean: 127.5, std: 128 };
/** YuNet: BGR, raw 0..255. */
export const YUNET_NORMALISATION: Normalisation = { order: 'bgr', mean: 0, std: 1 };

export interface Letterboxed {
  /** NCHW float32, [1, 3, side, side]. */
  tensorData: Float32Array;
  side: number;
  /** Network-input pixels per image pixel; divide network coordinates by it. */
  scale: number;
}

/** Size of the image once its longer side equals `side` (aspect ratio kept). */
export function fitToSide(width: number, height: number, side: number): { width: number; height: number; scale: number } {
  const scale = side / Math.max(width, height);
  return {
    width: Math.min(side, Math.max(1, Math.round(width * scale))),
    height: Math.min(side, Math.max(1, Math.round(height * scale))),
    scale,
  };
}

/** Resizes raw RGB with libvips (a JS per-pixel resize costs tens of ms). */
export async function resizeRgb(image: RgbImage, width: number, height: number): Promise<RgbImage> {
  if (width === image.width && height === image.height) return image;
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(width, height, { kernel: 'linear', fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`resize returned ${info.channels} channels, expected 3`);
  return { data, width: info.width, height: info.height };
}

/**
 * Writes `image` at the top-left of a side x side canvas as NCHW float32.
 * Padding is normalised like a zero pixel (InsightFace normalises after padding),
 * so for SCRFD it is (0 - 127.5) / 128, not 0.
 */
export function toChwTensor(image: RgbImage, side: number, norm: Normalisation): Float32Array {
  const { data, width, height } = image;
  if (width > side || height > side) throw new Error(`image ${width}x${height} does not fit side ${side}`);
  const plane = side * side;
  const out = new Float32Array(3 * plane);
  // Lookup table: one normalisation per byte value instead of per sample.
  const lut = new Float32Array(256);
  for (let v = 0; v < 256; v++) lut[v] = (v - norm.mean) / norm.std;
  if (lut[0] !== 0) out.fill(lut[0]!);
  // Destination plane of the source R and B samples; G is always plane 1.
  const rPlane = norm.order === 'rgb' ? 0 : 2 * plane;
  const bPlane = norm.order === 'rgb' ? 2 * plane : 0;
  for (let y = 0; y < height; y++) {
    let src = y * width * 3;
    const rowEnd = y * side + width;
    for (let dst = y * side; dst < rowEnd; dst++, src += 3) {
      out[rPlane + dst] = lut[data[src]!]!;
      out[plane + dst] = lut[data[src + 1]!]!;
      out[bPlane + dst] = lut[data[src + 2]!]!;
    }
  }
  return out;
}

/** Scales the longer side to `side` (a multiple of 32), pads bottom/right, normalises. */
export async function letterbox(image: RgbImage, side: number, norm: Normalisation): Promise<Letterboxed> {
  if (side <= 0 || side % 32 !== 0) throw new Error(`input side must be a positive multiple of 32, got ${side}`);
  const fit = fitToSide(image.width, image.height, side);
  const resized = await resizeRgb(image, fit.width, fit.height);
  return { tensorData: toChwTensor(resized, side, norm), side, scale: fit.scale };
}
