/** Shared by the face-runner tests: sample loading and SCRFD-500M detection. Not a test itself. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DetectedFace } from '../../src/pipeline/geometry.ts';
import { detectWithPaddingRetry } from '../../inference-workers/detection/padding-retry.ts';
import { ScrfdDetector } from '../../inference-workers/detection/scrfd.ts';
import { decodeRgb, type RgbImage } from '../../inference-workers/image/decode.ts';
import type { SessionOptions } from '../../inference-workers/onnx/session.ts';
import { samplePath } from './model-paths.ts';

export const TEST_SESSION_OPTIONS: SessionOptions = { intraOpThreads: 2, executionProvider: 'cpu' };

export async function loadSample(name: string): Promise<RgbImage> {
  return decodeRgb(await readFile(samplePath(name)));
}

export async function createTestDetector(modelsDir: string): Promise<ScrfdDetector> {
  return ScrfdDetector.create(join(modelsDir, 'face_det_scrfd_500m_kps.onnx'), TEST_SESSION_OPTIONS);
}

/**
 * The largest face. Tight face crops (the deepfake samples) can score below SCRFD's 0.5, so when nothing
 * is found the image is retried with a 25 % black border (detectWithPaddingRetry) and `padded` says so.
 */
export async function detectMainFace(detector: ScrfdDetector, image: RgbImage): Promise<{ face: DetectedFace; padded: boolean }> {
  const { faces, padded } = await detectWithPaddingRetry(detector, image, 0.25);
  const face = faces.reduce<DetectedFace | undefined>(
    (best, f) => (!best || f.box.width * f.box.height > best.box.width * best.box.height ? f : best),
    undefined,
  );
  if (!face) throw new Error('no face found, even after padding');
  return { face, padded };
}
