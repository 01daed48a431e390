import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScrfdDetector } from '../../../inference-workers/detection/scrfd.ts';
import { AntiSpoofDetector, scaleForModelFile, silentFaceCropRect } from '../../../inference-workers/face/antispoof.ts';
import { createTestDetector, detectMainFace, loadSample, TEST_SESSION_OPTIONS } from '../../support/detect.ts';
import { MODELS_DIR } from '../../support/model-paths.ts';

const HAVE_MODELS = existsSync(MODELS_DIR);
if (!HAVE_MODELS) console.warn(`[antispoof.test] skipped: models dir ${MODELS_DIR} not found (set MODELS_DIR)`);

describe('silentFaceCropRect (Silent-Face _get_new_box)', () => {
  it('scales about the centre when the crop fits', () => {
    // 100x120 box centred at (250,210), x2.7 -> 270x324: [115,48]-[385,372], inclusive -> 271x325.
    expect(silentFaceCropRect({ x: 200, y: 150, width: 100, height: 120 }, 2.7, 640, 480)).toEqual({ left: 115, top: 48, width: 271, height: 325 });
  });

  it('shifts a crop that crosses an edge back inside instead of padding', () => {
    // Centre (70,360): x -65..205 -> 0..270; y 198..522 crosses 479 by 43 -> 155..479.
    expect(silentFaceCropRect({ x: 20, y: 300, width: 100, height: 120 }, 2.7, 640, 480)).toEqual({ left: 0, top: 155, width: 271, height: 325 });
  });

  it('caps the scale so the crop fits the image', () => {
    // 4.0 capped to 479/150 = 3.1933: 319.33x479 at centre (300,225) -> x 140.33..459.67, y -14.5..464.5 -> 0..479.
    expect(silentFaceCropRect({ x: 250, y: 150, width: 100, height: 150 }, 4.0, 640, 480)).toEqual({ left: 140, top: 0, width: 320, height: 480 });
  });

  it('infers the training scale from the file name', () => {
    expect(scaleForModelFile('/m/antispoof_minifasnet_v2_80.onnx')).toBe(2.7);
    expect(scaleForModelFile('antispoof_minifasnet_v1se_80.onnx')).toBe(4.0);
    expect(() => scaleForModelFile('other.onnx')).toThrow();
  });
});

describe.skipIf(!HAVE_MODELS)('AntiSpoofDetector (MiniFASNet V2 + V1SE, real photos)', () => {
  let detector: ScrfdDetector;
  let antiSpoof: AntiSpoofDetector;

  beforeAll(async () => {
    detector = await createTestDetector(MODELS_DIR);
    antiSpoof = await AntiSpoofDetector.create(
      [join(MODELS_DIR, 'antispoof_minifasnet_v2_80.onnx'), join(MODELS_DIR, 'antispoof_minifasnet_v1se_80.onnx')],
      TEST_SESSION_OPTIONS,
    );
  });
  afterAll(async () => {
    await antiSpoof?.dispose();
    await detector?.dispose();
  });

  async function liveness(name: string): Promise<number> {
    const image = await loadSample(name);
    const { face } = await detectMainFace(detector, image);
    const [result] = await antiSpoof.predict(image, [face.box]);
    if (!result) throw new Error('no result');
    console.log(
      `[antispoof] ${name}: liveScore=${result.liveScore.toFixed(3)} (${result.perModel.map((p) => `${p.model}=${p.liveScore.toFixed(3)}`).join(', ')})`,
    );
    expect(result.perModel).toHaveLength(2);
    return result.liveScore;
  }

  it('rejects the presentation attacks', async () => {
    expect(await liveness('spoof_fake_F1.jpg')).toBeLessThan(0.5);
    expect(await liveness('spoof_fake_F2.jpg')).toBeLessThan(0.5);
  });

  it('accepts the genuine selfie', async () => {
    expect(await liveness('spoof_real_T1.jpg')).toBeGreaterThan(0.5);
  });
});
