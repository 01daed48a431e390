import { join } from 'node:path';
import { DETECTOR_FILES, type DetectorKind } from '../../src/pipeline/detectors.ts';
import type { DetectorOptions, FaceDetector } from './face-detector.ts';
import { ScrfdDetector } from './scrfd.ts';
import { TiledFaceDetector, type TileOptions } from './tiling.ts';
import { YunetDetector } from './yunet.ts';

// Callers that create a detector also name its interface and model files from here.
export type { FaceDetector };
export { DETECTOR_FILES };

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
    inputSize: base.inputSize,
    ...(tiles === true ? {} : tiles),
  });
}
