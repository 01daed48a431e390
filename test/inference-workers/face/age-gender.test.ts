import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScrfdDetector } from '../../../inference-workers/detection/scrfd.ts';
import { AgeGenderEstimator, decodeAgeGender } from '../../../inference-workers/face/age-gender.ts';
import { alignFace } from '../../../inference-workers/face/align.ts';
import { createTestDetector, detectMainFace, loadSample, TEST_SESSION_OPTIONS } from '../../support/detect.ts';
import { MODELS_DIR } from '../../support/model-paths.ts';

const HAVE_MODELS = existsSync(MODELS_DIR);
if (!HAVE_MODELS) console.warn(`[age-gender.test] skipped: models dir ${MODELS_DIR} not found (set MODELS_DIR)`);

describe('decodeAgeGender', () => {
  it('takes gender from the first pair and counts the "yes" wins of the 100 age pairs', () => {
    const fc1 = [0.2, 1.0];
    for (let k = 0; k < 100; k++) fc1.push(k < 40 ? 0 : 1, k < 40 ? 1 : 0);
    const r = decodeAgeGender(fc1);
    expect(r.gender).toBe('MALE');
    expect(r.genderProbability).toBeCloseTo(1 / (1 + Math.exp(-0.8)), 12);
    expect(r.age).toBe(40);
    expect(decodeAgeGender([3, -1, ...new Array<number>(200).fill(0)])).toMatchObject({ gender: 'FEMALE', age: 0 });
  });
});

describe.skipIf(!HAVE_MODELS)('AgeGenderEstimator (InsightFace genderage, real photos)', () => {
  let detector: ScrfdDetector;
  let estimator: AgeGenderEstimator;

  beforeAll(async () => {
    detector = await createTestDetector(MODELS_DIR);
    estimator = await AgeGenderEstimator.create(join(MODELS_DIR, 'age_gender_insightface_mnet025_112.onnx'), TEST_SESSION_OPTIONS);
  });
  afterAll(async () => {
    await estimator?.dispose();
    await detector?.dispose();
  });

  it.each(['id_obama_1.jpg', 'id_obama_2.jpg'])('%s: male, age 45-65', async (name) => {
    const image = await loadSample(name);
    const { face } = await detectMainFace(detector, image);
    const [r] = await estimator.predict([alignFace(image, face.landmarks)]);
    console.log(`[age-gender] ${name}: ${r?.gender} p=${r?.genderProbability.toFixed(3)} age=${r?.age}`);
    expect(r?.gender).toBe('MALE');
    expect(r?.genderProbability).toBeGreaterThan(0.5);
    expect(r?.age).toBeGreaterThanOrEqual(45);
    expect(r?.age).toBeLessThanOrEqual(65);
  });
});
