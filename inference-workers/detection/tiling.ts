import type { Box, DetectedFace } from '../../src/pipeline/geometry.ts';
import type { RgbImage } from '../image/decode.ts';
import type { FaceDetector } from './face-detector.ts';
import { fitToSide, resizeRgb } from './letterbox.ts';
import { nms } from './nms.ts';
import { cropRgb } from './raw-image.ts';

export interface TileOptions {
  /** Tile side in pixels of the (possibly downscaled) photo; best equal to the detector input side. */
  tileSize?: number;
  /** Fraction of a tile shared with its neighbour. */
  overlap?: number;
  /** IoU for merging whole-image and tile detections. */
  nmsThreshold?: number;
  /** Photos are first downscaled to this longer side, to bound the number of tiles. */
  maxSide?: number;
  /**
   * always: every large photo is tiled (the accurate profile). auto: only when the whole-photo pass
   * suggests small faces (none found, or the smallest is small at the detector's input scale), so a
   * portrait costs one pass and a crowd gets the tiles.
   */
  when?: 'always' | 'auto';
  /** The score cut for detections on tiles (undefined: the detector's own). */
  tileScoreThreshold?: number | undefined;
  /** The detector's square input side: what "small at the detector's input scale" is measured against. */
  inputSize?: number;
}

const DEFAULTS = {
  tileSize: 640,
  overlap: 0.2,
  nmsThreshold: 0.4,
  maxSide: 2048,
  when: 'always',
  tileScoreThreshold: undefined,
  inputSize: 640,
} satisfies TileOptions;

/**
 * auto: a face narrower than this many pixels once the photo is letterboxed into the detector's input
 * is near the smallest the detectors' stride-8 anchors find reliably (SCRFD's recall falls off below
 * ~32 px): its neighbours may be smaller still, so the photo is tiled.
 */
export const SMALL_FACE_INPUT_PX = 32;
/** auto: photos up to this factor larger than the input gain too little from tiles to pay for them. */
const AUTO_MIN_SCALE = 1.25;

/** auto mode's rule, on the whole-photo pass: is a tiled second pass worth it? */
export function needsTiles(faces: readonly DetectedFace[], width: number, height: number, inputSize: number): boolean {
  const longer = Math.max(width, height);
  if (longer <= inputSize * AUTO_MIN_SCALE) return false;
  if (faces.length === 0) return true;
  const smallest = Math.min(...faces.map((f) => Math.min(f.box.width, f.box.height)));
  return (smallest * inputSize) / longer < SMALL_FACE_INPUT_PX;
}

/** Tile origins along one axis: evenly spread, first at 0, last flush with the end. */
function tileStarts(length: number, tile: number, overlap: number): number[] {
  if (length <= tile) return [0];
  const n = Math.ceil((length - tile) / (tile * (1 - overlap))) + 1;
  return Array.from({ length: n }, (_, i) => Math.round((i * (length - tile)) / (n - 1)));
}

/** Overlapping tiles covering a width x height image. */
export function tileGrid(width: number, height: number, tileSize: number, overlap: number): Box[] {
  const tiles: Box[] = [];
  for (const y of tileStarts(height, tileSize, overlap)) {
    for (const x of tileStarts(width, tileSize, overlap)) {
      tiles.push({ x, y, width: Math.min(tileSize, width), height: Math.min(tileSize, height) });
    }
  }
  return tiles;
}

/** True when the box reaches a tile edge that is inside the photo, i.e. the face may be cut. */
function touchesInnerEdge(box: Box, tile: Box, width: number, height: number): boolean {
  const m = 2;
  return (
    (tile.x > 0 && box.x <= m) ||
    (tile.y > 0 && box.y <= m) ||
    (tile.x + tile.width < width && box.x + box.width >= tile.width - m) ||
    (tile.y + tile.height < height && box.y + box.height >= tile.height - m)
  );
}

/** Tile pixels -> photo pixels: shift by the tile origin, then undo any downscale (kx, ky). */
function mapFace(face: DetectedFace, dx: number, dy: number, kx: number, ky: number): DetectedFace {
  const { box } = face;
  return {
    score: face.score,
    box: { x: (box.x + dx) * kx, y: (box.y + dy) * ky, width: box.width * kx, height: box.height * ky },
    landmarks: face.landmarks.map((p) => ({ x: (p.x + dx) * kx, y: (p.y + dy) * ky })),
  };
}

/**
 * Whole photo once (large faces) plus overlapping tiles at higher resolution (small
 * faces), merged with NMS. Detections cut by an inner tile edge are dropped; the
 * overlap means a face smaller than it lies whole in some tile.
 */
export async function detectTiled(detector: FaceDetector, image: RgbImage, options: TileOptions = {}): Promise<DetectedFace[]> {
  const o = { ...DEFAULTS, ...options };
  const all = await detector.detect(image);
  if (Math.max(image.width, image.height) <= o.tileSize) return all;
  if (o.when === 'auto' && !needsTiles(all, image.width, image.height, o.inputSize)) return all;
  const call = o.tileScoreThreshold === undefined ? {} : { scoreThreshold: o.tileScoreThreshold };
  const fit = Math.max(image.width, image.height) > o.maxSide ? fitToSide(image.width, image.height, o.maxSide) : null;
  const work = fit ? await resizeRgb(image, fit.width, fit.height) : image;
  const kx = image.width / work.width;
  const ky = image.height / work.height;
  for (const tile of tileGrid(work.width, work.height, o.tileSize, o.overlap)) {
    const faces = await detector.detect(cropRgb(work, tile.x, tile.y, tile.width, tile.height), call);
    for (const face of faces) {
      if (!touchesInnerEdge(face.box, tile, work.width, work.height)) all.push(mapFace(face, tile.x, tile.y, kx, ky));
    }
  }
  return nms(all, o.nmsThreshold);
}

/** A FaceDetector that tiles large photos: always (accurate profile, "+tiles") or when they seem to hold small faces ("+auto-tiles"). */
export class TiledFaceDetector implements FaceDetector {
  readonly modelName: string;
  constructor(
    private readonly inner: FaceDetector,
    private readonly options: TileOptions = {},
  ) {
    this.modelName = `${inner.modelName}${options.when === 'auto' ? '+auto-tiles' : '+tiles'}`;
  }

  detect(image: RgbImage): Promise<DetectedFace[]> {
    return detectTiled(this.inner, image, this.options);
  }

  async dispose(): Promise<void> {
    await this.inner.dispose?.();
  }
}
