import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DetectedFace } from '../../../src/pipeline/geometry.ts';
import { decodeRgb, type RgbImage } from '../../../inference-workers/image/decode.ts';
import { createDetector, DETECTOR_FILES, type FaceDetector } from '../../../inference-workers/detection/detector.ts';
import { iou } from '../../../inference-workers/detection/nms.ts';
import { cropRgb, padRgb } from '../../../inference-workers/detection/raw-image.ts';
import { detectTiled, needsTiles, SMALL_FACE_INPUT_PX, tileGrid } from '../../../inference-workers/detection/tiling.ts';
import { fixture } from '../../support/paths.ts';
import { dataset } from '../../support/paths.ts';
import { MODELS_DIR } from '../../support/model-paths.ts';

const DATASET_DIR = dataset('face-detection-multi');
const CROWD = join(DATASET_DIR ?? '', 'images', 'widerface_val_0_Parade_marchingband_1_104.jpg');
const HAVE_DATA = DATASET_DIR !== null && existsSync(join(MODELS_DIR, DETECTOR_FILES.scrfd_500m));

describe('tileGrid', () => {
  it('covers the image with evenly spread, overlapping tiles', () => {
    expect(tileGrid(1024, 681, 640, 0.2).map((t) => [t.x, t.y])).toEqual([
      [0, 0],
      [384, 0],
      [0, 41],
      [384, 41],
    ]);
    expect(tileGrid(2048, 640, 640, 0.2).map((t) => t.x)).toEqual([0, 469, 939, 1408]); // overlap 171 px >= 20 %
    expect(tileGrid(600, 400, 640, 0.2)).toEqual([{ x: 0, y: 0, width: 600, height: 400 }]);
  });
});

describe('needsTiles (auto mode)', () => {
  const face = (side: number): DetectedFace => ({ box: { x: 10, y: 10, width: side, height: side }, score: 0.9, landmarks: [] });
  it('tiles a large photo with no face or with a face small at the input scale, not a portrait or a small photo', () => {
    expect(needsTiles([], 2000, 1500, 640)).toBe(true);
    // 2000 px scaled to 640: a 90 px face becomes 28.8 px, under SMALL_FACE_INPUT_PX.
    expect((90 * 640) / 2000).toBeLessThan(SMALL_FACE_INPUT_PX);
    expect(needsTiles([face(400), face(90)], 2000, 1500, 640)).toBe(true);
    expect(needsTiles([face(400)], 2000, 1500, 640)).toBe(false);
    // Barely larger than the input: tiles would see the faces at nearly the same scale.
    expect(needsTiles([], 780, 600, 640)).toBe(false);
  });
});

describe('raw RGB crop and pad', () => {
  const img = { data: Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]), width: 2, height: 2 };
  it('crops rows', () => {
    expect([...cropRgb(img, 1, 0, 1, 2).data]).toEqual([4, 5, 6, 10, 11, 12]);
    expect(() => cropRgb(img, 1, 1, 2, 1)).toThrow(/outside/);
  });
  it('pads with black', () => {
    const p = padRgb(img, 1, 0, 0, 1);
    expect([p.width, p.height]).toEqual([3, 3]);
    expect([...p.data]).toEqual([0, 0, 0, 1, 2, 3, 4, 5, 6, 0, 0, 0, 7, 8, 9, 10, 11, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });
});

describe.skipIf(!HAVE_DATA)(`tiled detection${HAVE_DATA ? '' : ` (SKIPPED: no face-detection-multi data set)`}`, () => {
  let detector: FaceDetector;
  let image: RgbImage;
  let tiled: DetectedFace[];
  beforeAll(async () => {
    detector = await createDetector('scrfd_500m', MODELS_DIR, { intraOpThreads: 2, executionProvider: 'cpu' });
    image = await decodeRgb(await readFile(CROWD));
    tiled = await detectTiled(detector, image);
  });
  afterAll(() => detector.dispose?.());

  it('finds many more of the 25 small faces in a crowd photo than one 640 pass', async () => {
    const plain = await detector.detect(image);
    expect(plain.length).toBeLessThanOrEqual(6);
    expect(tiled.length).toBeGreaterThanOrEqual(10);
    expect(tiled.length).toBeLessThanOrEqual(25);
    for (const f of tiled) {
      expect(f.box.x + f.box.width).toBeLessThanOrEqual(image.width);
      expect(f.box.y + f.box.height).toBeLessThanOrEqual(image.height);
    }
  });

  it('maps tiles of a downscaled photo (maxSide) back to photo pixels', async () => {
    const downscaled = await detectTiled(detector, image, { maxSide: 900 });
    expect(downscaled.length).toBeGreaterThan(2);
    for (const f of downscaled) expect(Math.max(...tiled.map((t) => iou(t.box, f.box)))).toBeGreaterThan(0.5);
  });

  it('auto: tiles the crowd (its whole-photo faces are small) and leaves a portrait to one pass', async () => {
    const auto = await createDetector('scrfd_500m', MODELS_DIR, {
      intraOpThreads: 2,
      executionProvider: 'cpu',
      tiles: { when: 'auto', tileScoreThreshold: 0.35 },
    });
    try {
      expect(auto.modelName).toBe('SCRFD-500M+auto-tiles');
      expect((await auto.detect(image)).length).toBeGreaterThanOrEqual(tiled.length);
      const portrait = await decodeRgb(await readFile(fixture('id_obama_1.jpg')));
      const once = await detector.detect(portrait);
      expect(once).toHaveLength(1);
      expect(await auto.detect(portrait)).toEqual(once);
    } finally {
      await auto.dispose?.();
    }
  });

  it('is available through createDetector', async () => {
    const wrapped = await createDetector('scrfd_500m', MODELS_DIR, { intraOpThreads: 2, executionProvider: 'cpu', tiles: true });
    expect(wrapped.modelName).toBe('SCRFD-500M+tiles');
    await wrapped.dispose?.();
  });
});
