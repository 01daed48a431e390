// The photo attacks through the real models (detector, 68 landmarks, MiniFASNet, embeddings): a real
// photo held and tilted by hand for 30 frames is refused as planar; two people's photos spliced are an identity switch.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeFrame, livenessEngineOptions } from '../../eval/liveness-clips.ts';
import { disposeModels, loadModels, type LoadedModels } from '../../inference-workers/engine/face-pipeline.ts';
import { decodeRgb, type RgbImage } from '../../inference-workers/image/decode.ts';
import { loadConfig } from '../../src/config/config.ts';
import { decideLiveness } from '../../src/liveness/decide.ts';
import { frameFeaturesFromResults } from '../../src/liveness/features.ts';
import type { LivenessFrameFeatures } from '../../src/liveness/types.ts';
import { MODELS_DIR, samplePath } from '../support/model-paths.ts';
import { heldPhoto, type PrintPose } from '../support/photo-warp.ts';
import { seededRandom } from './synthetic.ts';

const HAVE_MODELS = existsSync(MODELS_DIR);
if (!HAVE_MODELS) console.warn(`[held-print.test] skipped: models dir ${MODELS_DIR} not found (set MODELS_DIR)`);

const FRAME = { width: 640, height: 640 };

describe.skipIf(!HAVE_MODELS)('photo attacks through the real pipeline', () => {
  let models: LoadedModels;
  beforeAll(async () => {
    models = await loadModels(livenessEngineOptions(loadConfig({ LOG_LEVEL: 'silent' })));
  });
  afterAll(() => disposeModels(models));
  const analyze = (image: Uint8Array) => analyzeFrame(models, image);

  /** The photo cropped to a square around its face (a print of the head and shoulders). */
  async function facePrint(file: string): Promise<RgbImage> {
    const bytes = await readFile(samplePath(file));
    const box = (await analyze(new Uint8Array(bytes))).results.DETECTION!.faces[0]!.box;
    const { width = 0, height = 0 } = await sharp(bytes).metadata();
    const side = Math.round(Math.min(2.2 * Math.max(box.width, box.height), width, height));
    const left = Math.round(Math.min(Math.max(0, box.x + box.width / 2 - side / 2), width - side));
    const top = Math.round(Math.min(Math.max(0, box.y + box.height / 2 - side / 2), height - side));
    return decodeRgb(await sharp(bytes).extract({ left, top, width: side, height: side }).toBuffer());
  }

  /** 30 frames at 15 fps: frame 0 square to the camera, then random tilts up to `amp`, shifts of ±30 mm and ±60 mm in depth. */
  async function heldSession(photoOf: (i: number) => RgbImage, amp: Omit<PrintPose, 'shift'>, seed: number): Promise<LivenessFrameFeatures[]> {
    const random = seededRandom(seed);
    const u = (a: number) => (2 * random() - 1) * a;
    const frames: LivenessFrameFeatures[] = [];
    for (let i = 0; i < 30; i++) {
      const pose: PrintPose =
        i === 0
          ? { yaw: 0, pitch: 0, roll: 0, shift: { x: 0, y: 0, z: 0 } }
          : { yaw: u(amp.yaw), pitch: u(amp.pitch), roll: u(amp.roll), shift: { x: u(30), y: u(30), z: u(60) } };
      const img = heldPhoto(photoOf(i), pose, FRAME, 160, 400, 900);
      const jpeg = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } })
        .jpeg({ quality: 90 })
        .toBuffer();
      const { width, height, results } = await analyze(new Uint8Array(jpeg));
      frames.push(frameFeaturesFromResults({ seq: i, timestampMs: Math.round((i * 1000) / 15), width, height, results }));
    }
    return frames;
  }

  it('a held print moved with sharp tilts (±40° / ±30°) is SPOOF: PLANAR_MOTION and NO_BLINK', async () => {
    const obama = await facePrint('id_obama_1.jpg');
    for (const seed of [1, 2]) {
      const frames = await heldSession(() => obama, { yaw: 40, pitch: 30, roll: 12 }, seed);
      expect(frames.filter((f) => f.faceCount === 1).length).toBeGreaterThanOrEqual(25);
      for (const mode of ['PASSIVE', 'ACTIVE'] as const) {
        const d = decideLiveness({ mode, challenge: ['TURN_LEFT', 'BLINK', 'TURN_RIGHT'], frames });
        expect(d.verdict).toBe('SPOOF');
        expect(d.reasons).toEqual(expect.arrayContaining(['PLANAR_MOTION', 'NO_BLINK']));
        // A photo's landmarks follow one homography: the residual stays at the landmark jitter.
        expect(d.parallaxRatio!).toBeLessThan(1.5);
        expect(d.turns).toEqual([]);
      }
    }
  });

  it('two people’s photos spliced into one sequence are IDENTITY_SWITCH', async () => {
    const [obama, biden] = await Promise.all([facePrint('id_obama_1.jpg'), facePrint('id_biden_1.jpg')]);
    const frames = await heldSession((i) => (i < 15 ? obama : biden), { yaw: 10, pitch: 10, roll: 5 }, 4);
    const d = decideLiveness({ mode: 'PASSIVE', challenge: [], frames });
    expect(d.verdict).toBe('SPOOF');
    expect(d.reasons).toContain('IDENTITY_SWITCH');
    expect(d.minIdentitySimilarity!).toBeLessThan(0.35);
  });
});
