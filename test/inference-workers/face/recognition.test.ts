import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScrfdDetector } from '../../../inference-workers/detection/scrfd.ts';
import { decodeRgb, type RgbImage } from '../../../inference-workers/image/decode.ts';
import { alignFace } from '../../../inference-workers/face/align.ts';
import { FaceRecognizer } from '../../../inference-workers/face/recognition.ts';
import { cosineSimilarity } from '../../../src/pipeline/similarity.ts';
import { createTestDetector, detectMainFace, loadSample, TEST_SESSION_OPTIONS } from '../../support/detect.ts';
import { MODELS_DIR, samplePath } from '../../support/model-paths.ts';

const HAVE_MODELS = existsSync(MODELS_DIR);
if (!HAVE_MODELS) console.warn(`[recognition.test] skipped: models dir ${MODELS_DIR} not found (set MODELS_DIR)`);

describe.skipIf(!HAVE_MODELS)('FaceRecognizer (MobileFaceNet, real photos)', () => {
  let detector: ScrfdDetector;
  let recognizer: FaceRecognizer;
  const embeddings = new Map<string, Float32Array>();

  async function embedImage(image: RgbImage, flipAugment = false): Promise<Float32Array> {
    const { face } = await detectMainFace(detector, image);
    const [embedding] = await recognizer.embed([alignFace(image, face.landmarks)], { flipAugment });
    if (!embedding) throw new Error('no embedding');
    return embedding;
  }

  beforeAll(async () => {
    detector = await createTestDetector(MODELS_DIR);
    recognizer = await FaceRecognizer.create(join(MODELS_DIR, 'face_rec_mobilefacenet_512_faceplugin.onnx'), TEST_SESSION_OPTIONS);
    for (const name of ['id_obama_1.jpg', 'id_obama_2.jpg', 'id_biden_1.jpg', 'id_kit_harington_1.jpg', 'id_kit_harington_2.jpg']) {
      embeddings.set(name, await embedImage(await loadSample(name)));
    }
  });
  afterAll(async () => {
    await recognizer?.dispose();
    await detector?.dispose();
  });

  const cos = (a: string, b: string): number => {
    const ea = embeddings.get(a),
      eb = embeddings.get(b);
    if (!ea || !eb) throw new Error(`missing embedding ${a} or ${b}`);
    return cosineSimilarity(ea, eb);
  };

  it('returns unit-length 512-d embeddings', () => {
    const e = embeddings.get('id_obama_1.jpg');
    expect(e?.length).toBe(512);
    expect(cosineSimilarity(e ?? [], e ?? [])).toBeCloseTo(1, 5);
    expect(Math.hypot(...(e ?? []))).toBeCloseTo(1, 5);
  });

  it('separates identities', () => {
    const obama = cos('id_obama_1.jpg', 'id_obama_2.jpg');
    const obamaBiden = cos('id_obama_1.jpg', 'id_biden_1.jpg');
    const kit = cos('id_kit_harington_1.jpg', 'id_kit_harington_2.jpg');
    console.log(`[recognition] cos obama1-obama2=${obama.toFixed(3)} obama1-biden1=${obamaBiden.toFixed(3)} kit1-kit2=${kit.toFixed(3)}`);
    expect(obama).toBeGreaterThan(0.4);
    expect(obamaBiden).toBeLessThan(0.3);
    expect(kit).toBeGreaterThan(0.4);
  });

  it('flipAugment stays close to the plain embedding and keeps identities apart', async () => {
    const image = await loadSample('id_obama_1.jpg');
    const flipped = await embedImage(image, true);
    const toPlain = cosineSimilarity(flipped, embeddings.get('id_obama_1.jpg') ?? []);
    const toObama2 = cosineSimilarity(flipped, await embedImage(await loadSample('id_obama_2.jpg'), true));
    console.log(`[recognition] flipAugment: cos to plain=${toPlain.toFixed(3)}, obama1-obama2 (both flipped)=${toObama2.toFixed(3)}`);
    expect(toPlain).toBeGreaterThan(0.95);
    expect(toObama2).toBeGreaterThan(0.4);
  });

  it('EXIF orientation 6 decodes upright and gives the same embedding', async () => {
    const bytes = await readFile(samplePath('id_obama_1.jpg'));
    // Pixels stored rotated 90° counter-clockwise; orientation 6 tells the reader to turn them clockwise.
    // Near-lossless re-encode so the check measures orientation handling, not JPEG loss.
    const stored = await sharp(bytes).rotate(-90).withMetadata({ orientation: 6 }).jpeg({ quality: 100, chromaSubsampling: '4:4:4' }).toBuffer();
    const upright = await decodeRgb(bytes);
    const rotated = await decodeRgb(stored);
    expect([rotated.width, rotated.height]).toEqual([upright.width, upright.height]);
    const c = cosineSimilarity(await embedImage(rotated), embeddings.get('id_obama_1.jpg') ?? []);
    console.log(`[recognition] EXIF-6 vs upright cos=${c.toFixed(4)}`);
    expect(c).toBeGreaterThanOrEqual(0.99);
  });
});

describe('cosineSimilarity', () => {
  it('is 1 for parallel, 0 for orthogonal, -1 for opposite vectors', () => {
    expect(cosineSimilarity([1, 2], [2, 4])).toBeCloseTo(1, 12);
    expect(cosineSimilarity([1, 0], [0, 3])).toBeCloseTo(0, 12);
    expect(cosineSimilarity([1, 1], [-2, -2])).toBeCloseTo(-1, 12);
  });
});
