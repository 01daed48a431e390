import type { DetectedFace } from '../../src/pipeline/geometry.ts';
import type { RgbImage } from '../image/decode.ts';
import type { FaceDetector } from './face-detector.ts';
import { padRgb } from './raw-image.ts';

export interface PaddingRetryResult {
  faces: DetectedFace[];
  /** True when the faces come from the padded retry. */
  padded: boolean;
}

/**
 * A face that fills the frame scores low (SCRFD 0.3–0.5 on close-up crops, models/README.md),
 * because the detector was trained on faces with context. When nothing is found, retry
 * with a black border (`padFraction` of each side's length) and map results back. Half of each
 * side (the image then fills a quarter of the canvas) found all of 150 UTKFace 200x200 crops; a
 * quarter found half of them.
 */
export async function detectWithPaddingRetry(detector: FaceDetector, image: RgbImage, padFraction = 0.5): Promise<PaddingRetryResult> {
  const faces = await detector.detect(image);
  if (faces.length > 0) return { faces, padded: false };
  const px = Math.round(image.width * padFraction);
  const py = Math.round(image.height * padFraction);
  const found = await detector.detect(padRgb(image, px, py, px, py));
  const mapped: DetectedFace[] = [];
  for (const f of found) {
    // Clip to the original image; a box lying only on the border is dropped.
    const x1 = Math.max(0, f.box.x - px);
    const y1 = Math.max(0, f.box.y - py);
    const x2 = Math.min(image.width, f.box.x + f.box.width - px);
    const y2 = Math.min(image.height, f.box.y + f.box.height - py);
    if (x2 <= x1 || y2 <= y1) continue;
    mapped.push({
      score: f.score,
      box: { x: x1, y: y1, width: x2 - x1, height: y2 - y1 },
      landmarks: f.landmarks.map((p) => ({ x: p.x - px, y: p.y - py })),
    });
  }
  return { faces: mapped, padded: true };
}
