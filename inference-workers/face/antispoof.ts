import type { Box } from '../../src/pipeline/geometry.ts';
import type { RgbImage } from '../image/decode.ts';
import { createOnnxSession, type ort, type SessionOptions } from '../onnx/session.ts';
import { cropResizeCv2Linear, modelNameOf, rgbToChw, runSingle, softmax, type CropRect } from './tensor.ts';

const INPUT_SIZE = 80;
/** Softmax index of the "real face" class; 0 and 2 are spoof types. */
const REAL_INDEX = 1;

/** One MiniFASNet file and the box scale it was trained with (Silent-Face names them "2.7_80x80_MiniFASNetV2" etc.). */
export interface AntiSpoofModelSpec {
  path: string;
  scale: number;
}

/** The models' scores for one face; the stage turns them into a verdict with the configured thresholds. */
export interface AntiSpoofScore {
  /** Average over the models of p(real), 0..1. */
  liveScore: number;
  perModel: { model: string; liveScore: number }[];
}

/**
 * Silent-Face-Anti-Spoofing's CropImage._get_new_box, with `box` as (x, y, w, h):
 * scale the box about its centre (scale capped so the crop fits in (w-1) x (h-1)),
 * shift it back inside if it crosses an edge (no padding), truncate to int.
 * The crop is then rows top..bottom and columns left..right inclusive.
 */
export function silentFaceCropRect(box: Box, scale: number, imageWidth: number, imageHeight: number): CropRect {
  const s = Math.min((imageHeight - 1) / box.height, (imageWidth - 1) / box.width, scale);
  const newW = box.width * s,
    newH = box.height * s;
  const cx = box.x + box.width / 2,
    cy = box.y + box.height / 2;
  let x1 = cx - newW / 2,
    y1 = cy - newH / 2,
    x2 = cx + newW / 2,
    y2 = cy + newH / 2;
  if (x1 < 0) {
    x2 -= x1;
    x1 = 0;
  }
  if (y1 < 0) {
    y2 -= y1;
    y1 = 0;
  }
  if (x2 > imageWidth - 1) {
    x1 -= x2 - imageWidth + 1;
    x2 = imageWidth - 1;
  }
  if (y2 > imageHeight - 1) {
    y1 -= y2 - imageHeight + 1;
    y2 = imageHeight - 1;
  }
  const left = Math.trunc(x1),
    top = Math.trunc(y1),
    right = Math.trunc(x2),
    bottom = Math.trunc(y2);
  return { left, top, width: right - left + 1, height: bottom - top + 1 };
}

/** Scale used in Silent-Face's file names: V1SE was trained at 4.0, V2 at 2.7. */
export function scaleForModelFile(path: string): number {
  const name = modelNameOf(path).toLowerCase();
  if (name.includes('v1se')) return 4.0;
  if (name.includes('v2')) return 2.7;
  throw new Error(`cannot infer the MiniFASNet crop scale from ${path}; pass {path, scale}`);
}

/** MiniFASNet V2 (scale 2.7) + V1SE (scale 4.0) ensemble, as in Silent-Face's test.py. */
export class AntiSpoofDetector {
  private constructor(
    private readonly models: { name: string; scale: number; session: ort.InferenceSession }[],
    readonly modelName: string,
  ) {}

  /** `modelPaths`: file paths (scale inferred from the name) or explicit {path, scale}. */
  static async create(modelPaths: readonly (string | AntiSpoofModelSpec)[], options: SessionOptions): Promise<AntiSpoofDetector> {
    if (modelPaths.length === 0) throw new Error('need at least one MiniFASNet model');
    const models = [];
    for (const entry of modelPaths) {
      const spec = typeof entry === 'string' ? { path: entry, scale: scaleForModelFile(entry) } : entry;
      models.push({ name: modelNameOf(spec.path), scale: spec.scale, session: await createOnnxSession(spec.path, options) });
    }
    return new AntiSpoofDetector(models, models.map((m) => m.name).join('+'));
  }

  /** One result per detector box. */
  async predict(image: RgbImage, boxes: readonly Box[]): Promise<AntiSpoofScore[]> {
    const results: AntiSpoofScore[] = [];
    // Both graphs have a fixed batch of 1, so faces (and models) run one by one.
    for (const box of boxes) {
      const perModel: AntiSpoofScore['perModel'] = [];
      for (const m of this.models) {
        const rect = silentFaceCropRect(box, m.scale, image.width, image.height);
        const pixels = cropResizeCv2Linear(image, rect, INPUT_SIZE, INPUT_SIZE);
        const input = rgbToChw(pixels, INPUT_SIZE, INPUT_SIZE, { mean: 0, scale: 1, bgr: true });
        const probs = softmax(await runSingle(m.session, input, [1, 3, INPUT_SIZE, INPUT_SIZE]));
        perModel.push({ model: m.name, liveScore: probs[REAL_INDEX] ?? 0 });
      }
      // Averaging the softmax vectors averages their "real" entries.
      const liveScore = perModel.reduce((s, p) => s + p.liveScore, 0) / perModel.length;
      results.push({ liveScore, perModel });
    }
    return results;
  }

  async dispose(): Promise<void> {
    for (const m of this.models) await m.session.release();
  }
}
