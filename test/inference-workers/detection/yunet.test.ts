import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeRgb, type RgbImage } from '../../../inference-workers/image/decode.ts';
import { DETECTOR_FILES } from '../../../inference-workers/detection/detector.ts';
import { iou } from '../../../inference-workers/detection/nms.ts';
import { YunetDetector } from '../../../inference-workers/detection/yunet.ts';
import { MODELS_DIR, samplePath } from '../../support/model-paths.ts';

const HAVE_MODELS = existsSync(join(MODELS_DIR, DETECTOR_FILES.yunet));

const sample = async (name: string): Promise<RgbImage> => decodeRgb(await readFile(samplePath(name)));
const xyxy = (x1: number, y1: number, x2: number, y2: number) => ({ x: x1, y: y1, width: x2 - x1, height: y2 - y1 });

describe.skipIf(!HAVE_MODELS)(`YuNet on real photos${HAVE_MODELS ? '' : ` (SKIPPED: no models in ${MODELS_DIR})`}`, () => {
  let detector: YunetDetector;
  beforeAll(async () => {
    detector = await YunetDetector.create(join(MODELS_DIR, DETECTOR_FILES.yunet), { intraOpThreads: 2, executionProvider: 'cpu' });
  });
  afterAll(() => detector.dispose());

  it('finds both faces in multi_two_people.jpg', async () => {
    const faces = await detector.detect(await sample('multi_two_people.jpg'));
    expect(faces).toHaveLength(2);
    for (const expected of [xyxy(237, 21, 387, 223), xyxy(788, 38, 942, 257)]) {
      const best = Math.max(...faces.map((f) => iou(f.box, expected)));
      expect(best).toBeGreaterThan(0.5);
    }
    for (const f of faces) {
      expect(f.score).toBeGreaterThanOrEqual(0.9);
      expect(f.landmarks).toHaveLength(5);
      expect(f.landmarks[0]!.x).toBeLessThan(f.landmarks[1]!.x); // image-left eye first
    }
  });

  it('matches the MANIFEST sanity check on id_obama_1.jpg', async () => {
    const faces = await detector.detect(await sample('id_obama_1.jpg'));
    expect(faces).toHaveLength(1);
    // MANIFEST.json sanity_check for face_det_yunet_2023mar_dynamic.onnx: score 0.945, box [369, 91, 612, 421]
    expect(faces[0]!.score).toBeCloseTo(0.945, 1);
    expect(iou(faces[0]!.box, xyxy(369, 91, 612, 421))).toBeGreaterThan(0.95);
    expect(faces[0]!.landmarks[2]!.x).toBeCloseTo(496, -1); // nose tip
  });
});
