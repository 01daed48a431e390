import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeRgb } from '../../../inference-workers/image/decode.ts';
import { createDetector, DETECTOR_FILES, type FaceDetector } from '../../../inference-workers/detection/detector.ts';
import { detectWithPaddingRetry } from '../../../inference-workers/detection/padding-retry.ts';
import { MODELS_DIR, samplePath } from '../../support/model-paths.ts';

const HAVE_MODELS = existsSync(join(MODELS_DIR, DETECTOR_FILES.scrfd_500m));

describe.skipIf(!HAVE_MODELS)(`detectWithPaddingRetry${HAVE_MODELS ? '' : ` (SKIPPED: no models in ${MODELS_DIR})`}`, () => {
  let detector: FaceDetector;
  beforeAll(async () => {
    detector = await createDetector('scrfd_500m', MODELS_DIR, { intraOpThreads: 2, executionProvider: 'cpu' });
  });
  afterAll(() => detector.dispose?.());

  it('finds a frame-filling face only after padding and maps it back', async () => {
    // A close-up where SCRFD-500M scores below 0.5 without context (models/README.md).
    const image = await decodeRgb(await readFile(samplePath('emotion_happy.png')));
    expect(await detector.detect(image)).toHaveLength(0);
    const { faces, padded } = await detectWithPaddingRetry(detector, image);
    expect(padded).toBe(true);
    expect(faces).toHaveLength(1);
    const { box, landmarks } = faces[0]!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(image.width);
    expect(box.y + box.height).toBeLessThanOrEqual(image.height);
    // Eyes in original-image pixels (SCRFD-2.5G and YuNet put them near (163, 218) and (292, 221)).
    expect(Math.abs(landmarks[0]!.x - 163)).toBeLessThan(12);
    expect(Math.abs(landmarks[0]!.y - 218)).toBeLessThan(12);
    expect(Math.abs(landmarks[1]!.x - 292)).toBeLessThan(12);
    expect(Math.abs(landmarks[1]!.y - 221)).toBeLessThan(12);
  });

  it('does not pad when the plain pass finds a face', async () => {
    const image = await decodeRgb(await readFile(samplePath('id_obama_1.jpg')));
    const { faces, padded } = await detectWithPaddingRetry(detector, image);
    expect(padded).toBe(false);
    expect(faces).toHaveLength(1);
  });
});
