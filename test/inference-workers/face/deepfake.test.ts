import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScrfdDetector } from '../../../inference-workers/detection/scrfd.ts';
import { DeepfakeDetector, mesoCropRect } from '../../../inference-workers/face/deepfake.ts';
import { createTestDetector, detectMainFace, loadSample, TEST_SESSION_OPTIONS } from '../../support/detect.ts';
import { MODELS_DIR } from '../../support/model-paths.ts';

const HAVE_MODELS = existsSync(MODELS_DIR);
if (!HAVE_MODELS) console.warn(`[deepfake.test] skipped: models dir ${MODELS_DIR} not found (set MODELS_DIR)`);

describe('mesoCropRect', () => {
  it('adds 20% of the box height on every side', () => {
    // margin 20: [80,30]-[200,170].
    expect(mesoCropRect({ x: 100, y: 50, width: 80, height: 100 }, 300, 300)).toEqual({ left: 80, top: 30, width: 120, height: 140 });
  });
  it('clips to the image', () => {
    expect(mesoCropRect({ x: 10, y: 10, width: 80, height: 100 }, 100, 300)).toEqual({ left: 0, top: 0, width: 100, height: 130 });
  });
});

describe.skipIf(!HAVE_MODELS)('DeepfakeDetector (MesoInception-4 DF, real photos)', () => {
  let detector: ScrfdDetector;
  let deepfake: DeepfakeDetector;

  beforeAll(async () => {
    detector = await createTestDetector(MODELS_DIR);
    deepfake = await DeepfakeDetector.create(join(MODELS_DIR, 'deepfake_mesoinception4_df_256.onnx'), TEST_SESSION_OPTIONS);
  });
  afterAll(async () => {
    await deepfake?.dispose();
    await detector?.dispose();
  });

  // The samples are tight face crops: SCRFD may find nothing, so detectMainFace retries with a 25% black border.
  async function fakeScore(name: string): Promise<number> {
    const image = await loadSample(name);
    const { face, padded } = await detectMainFace(detector, image);
    const [r] = await deepfake.predict(image, [face.box]);
    if (!r) throw new Error('no result');
    console.log(`[deepfake] ${name}: fakeScore=${r.fakeScore.toFixed(3)} probReal=${r.probReal.toFixed(3)}${padded ? ' (face found after 25% padding)' : ''}`);
    expect(r.fakeScore + r.probReal).toBeCloseTo(1, 6);
    return r.fakeScore;
  }

  it.each(['deepfake_fake_df00204.jpg', 'deepfake_fake_df01254.jpg'])('%s is flagged', async (name) => {
    expect(await fakeScore(name)).toBeGreaterThan(0.5);
  });

  it.each(['deepfake_real_00240.jpg', 'deepfake_real_00772.jpg'])('%s passes', async (name) => {
    expect(await fakeScore(name)).toBeLessThan(0.5);
  });
});
