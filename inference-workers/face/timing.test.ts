import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AgeGenderEstimator } from './age-gender.ts';
import { alignFace } from './align.ts';
import { AntiSpoofDetector } from './antispoof.ts';
import { DeepfakeDetector } from './deepfake.ts';
import { EmotionClassifier } from './emotion.ts';
import { headPose, Landmarks68Detector } from './landmarks68.ts';
import { assessQuality } from './quality.ts';
import { FaceRecognizer } from './recognition.ts';
import { createTestDetector, detectMainFace, loadSample, timeRuns, TEST_SESSION_OPTIONS } from './test-detect.helper.ts';

const MODELS_DIR = process.env.MODELS_DIR ?? fileURLToPath(new URL('../../../shared/models', import.meta.url));
const HAVE_MODELS = existsSync(MODELS_DIR);
if (!HAVE_MODELS) console.warn(`[timing.test] skipped: models dir ${MODELS_DIR} not found (set MODELS_DIR)`);

// Prints the median (and fastest) time per runner for one face (10 runs after 3 warm-ups). Timings are not asserted:
// they depend on the machine and on whatever else runs (vitest runs other files in parallel).
describe.skipIf(!HAVE_MODELS)('face runner timings (one face, id_obama_1.jpg)', () => {
  it('prints median ms per runner', async () => {
    const m = (file: string): string => join(MODELS_DIR, file);
    const o = TEST_SESSION_OPTIONS;
    const image = await loadSample(MODELS_DIR, 'id_obama_1.jpg');
    const detector = await createTestDetector(MODELS_DIR);
    const { face } = await detectMainFace(detector, image);
    await detector.dispose();
    const boxes = [face.box];
    const crop = alignFace(image, face.landmarks);

    const recognizer = await FaceRecognizer.create(m('face_rec_mobilefacenet_512_faceplugin.onnx'), o);
    const antiSpoof = await AntiSpoofDetector.create([m('antispoof_minifasnet_v2_80.onnx'), m('antispoof_minifasnet_v1se_80.onnx')], o);
    const ageGender = await AgeGenderEstimator.create(m('age_gender_insightface_mnet025_112.onnx'), o);
    const deepfake = await DeepfakeDetector.create(m('deepfake_mesoinception4_df_256.onnx'), o);
    const landmarks = await Landmarks68Detector.create(m('landmarks68_faceplugin_64gray.onnx'), o);
    const emotion = existsSync(m('emotion7_faceplugin_224.onnx')) ? await EmotionClassifier.create(m('emotion7_faceplugin_224.onnx'), o) : undefined;
    const [points] = await landmarks.predict(image, boxes);

    const steps: [string, () => Promise<unknown>][] = [
      ['alignFace', async () => alignFace(image, face.landmarks)],
      ['recognition', () => recognizer.embed([crop])],
      ['recognition (flipAugment)', () => recognizer.embed([crop], { flipAugment: true })],
      ['antispoof (V2 + V1SE)', () => antiSpoof.predict(image, boxes)],
      ['age-gender', () => ageGender.predict([crop])],
      ['deepfake', () => deepfake.predict(image, boxes)],
      ['landmarks68 + headPose', async () => headPose((await landmarks.predict(image, boxes))[0] ?? [])],
      ['quality', async () => assessQuality({ detectorScore: face.score, box: face.box, landmarks5: face.landmarks, alignedCrop: crop, pose: headPose(points ?? []) })],
    ];
    if (emotion) steps.push(['emotion', () => emotion.predict(image, boxes)]);

    const rows: Record<string, { median: number; min: number }> = {};
    for (const [name, fn] of steps) rows[name] = await timeRuns(fn, 10, 3);
    const chain = ['alignFace', 'recognition', 'antispoof (V2 + V1SE)', 'age-gender', 'deepfake', 'landmarks68 + headPose', 'quality', 'emotion'];
    const sum = (key: 'median' | 'min'): number => chain.reduce((s, k) => s + (rows[k]?.[key] ?? 0), 0);
    rows['sum (align..emotion, no flip)'] = { median: sum('median'), min: sum('min') };
    const lines = Object.entries(rows).map(([k, v]) => `  ${k.padEnd(32)} ${v.median.toFixed(2).padStart(9)} ${v.min.toFixed(2).padStart(9)}`);
    console.log(`[timing] one face, ms (10 runs after 3 warm-ups):\n  ${'runner'.padEnd(32)} ${'median'.padStart(9)} ${'min'.padStart(9)}\n${lines.join('\n')}`);

    for (const r of [recognizer, antiSpoof, ageGender, deepfake, landmarks, emotion]) await r?.dispose();
    expect(Object.keys(rows).length).toBeGreaterThan(0);
  }, 300_000);
});
