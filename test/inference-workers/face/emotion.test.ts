import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScrfdDetector } from '../../../inference-workers/detection/scrfd.ts';
import { EmotionClassifier, emotionCropRect } from '../../../inference-workers/face/emotion.ts';
import { createTestDetector, detectMainFace, loadSample, TEST_SESSION_OPTIONS } from '../../support/detect.ts';
import { MODELS_DIR } from '../../support/model-paths.ts';

const MODEL = join(MODELS_DIR, 'emotion7_faceplugin_224.onnx');
// Optional model: present in shared/models, not committed to the repo.
const HAVE_MODEL = existsSync(MODEL);
if (!HAVE_MODEL) console.warn(`[emotion.test] skipped: optional model ${MODEL} not installed (MODELS_FETCH_FROM=../shared/models npm run models:fetch)`);

describe('emotionCropRect', () => {
  it('takes 1.2x the box from its top-left corner, clipped', () => {
    expect(emotionCropRect({ x: 100, y: 50, width: 80, height: 100 }, 300, 300)).toEqual({ left: 100, top: 50, width: 96, height: 120 });
    expect(emotionCropRect({ x: 250, y: 50, width: 80, height: 100 }, 300, 300)).toEqual({ left: 250, top: 50, width: 50, height: 120 });
  });
});

describe.skipIf(!HAVE_MODEL)('EmotionClassifier (real photos)', () => {
  let detector: ScrfdDetector;
  let classifier: EmotionClassifier;

  beforeAll(async () => {
    detector = await createTestDetector(MODELS_DIR);
    classifier = await EmotionClassifier.create(MODEL, TEST_SESSION_OPTIONS);
  });
  afterAll(async () => {
    await classifier?.dispose();
    await detector?.dispose();
  });

  it('emotion_happy.png is happy', async () => {
    const image = await loadSample('emotion_happy.png');
    const { face, padded } = await detectMainFace(detector, image);
    const [r] = await classifier.predict(image, [face.box]);
    console.log(`[emotion] emotion_happy.png: ${r?.emotion} p=${r?.probability.toFixed(3)}${padded ? ' (face found after 25% padding)' : ''}`);
    expect(r?.emotion).toBe('HAPPY');
    const total = (r?.scores ?? []).reduce((s, score) => s + score.probability, 0);
    expect(total).toBeCloseTo(1, 5);
  });
});
