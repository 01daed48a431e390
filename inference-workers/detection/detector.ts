import { join } from 'node:path';
import type { DetectedFace } from '../../src/pipeline/geometry.ts';
import { DETECTOR_FILES, type DetectorKind } from '../../src/pipeline/model-profile.ts';
import type { RgbImage } from '../image/decode.ts';
import { ScrfdDetector, type DetectorOptions } from './scrfd.ts';
import { TiledFaceDetector, type TileOptions } from './tiling.ts';
import { YunetDetector } from './yunet.ts';

/** What the pipeline needs from any face detector. */
export interface FaceDetector {
  readonly modelName: string;
  /** Faces in pixels of `image`, sorted by score desc. */
  detect(image: RgbImage): Promise<DetectedFace[]>;
  /** Releases the ONNX session(s). */
  dispose?(): Promise<void>;
}

export { DETECTOR_FILES, type DetectorKind };

export interface CreateDetectorOptions extends DetectorOptions {
  /** Also run on overlapping tiles of large photos (small faces; several times slower). */
  tiles?: boolean | TileOptions;
}

export async function createDetector(kind: DetectorKind, modelsDir: string, options: CreateDetectorOptions): Promise<FaceDetector> {
  const { tiles, ...detectorOptions } = options;
  const path = join(modelsDir, DETECTOR_FILES[kind]);
  const base = kind === 'yunet' ? await YunetDetector.create(path, detectorOptions) : await ScrfdDetector.create(path, detectorOptions);
  if (!tiles) return base;
  return new TiledFaceDetector(base, {
    nmsThreshold: base.nmsThreshold,
    tileSize: base.inputSize,
    ...(tiles === true ? {} : tiles),
  });
}
