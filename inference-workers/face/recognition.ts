import type { RgbImage } from '../image/decode.ts';
import { createOnnxSession, type ort, type SessionOptions } from '../onnx/session.ts';
import { ALIGNED_SIZE } from './align.ts';
import { modelNameOf, rgbToChw, runSingle } from './tensor.ts';

const EMBEDDING_SIZE = 512;

export interface EmbedOptions {
  /** Test-time augmentation: embed the crop and its mirror, sum, re-normalise (2 runs per face). */
  flipAugment?: boolean;
}

/** MobileFaceNet (face_rec_mobilefacenet_512_faceplugin.onnx): ArcFace-aligned 112x112 RGB -> 512-d unit vector. */
export class FaceRecognizer {
  private constructor(
    private readonly session: ort.InferenceSession,
    readonly modelName: string,
    private readonly defaults: EmbedOptions,
  ) {}

  static async create(modelPath: string, options: SessionOptions & EmbedOptions): Promise<FaceRecognizer> {
    const session = await createOnnxSession(modelPath, options);
    return new FaceRecognizer(session, modelNameOf(modelPath), { flipAugment: options.flipAugment ?? false });
  }

  /** One L2-normalised embedding per aligned crop (from alignFace). */
  async embed(alignedCrops: readonly RgbImage[], options: EmbedOptions = {}): Promise<Float32Array[]> {
    const flip = options.flipAugment ?? this.defaults.flipAugment ?? false;
    const out: Float32Array[] = [];
    // The graph's batch dimension is fixed at 1, so faces run one by one.
    for (const crop of alignedCrops) {
      if (crop.width !== ALIGNED_SIZE || crop.height !== ALIGNED_SIZE) {
        throw new Error(`expected a ${ALIGNED_SIZE}x${ALIGNED_SIZE} aligned crop, got ${crop.width}x${crop.height}`);
      }
      const sum = new Float32Array(EMBEDDING_SIZE);
      for (const mirror of flip ? [false, true] : [false]) {
        const input = rgbToChw(crop.data, ALIGNED_SIZE, ALIGNED_SIZE, { mean: 127.5, scale: 1 / 127.5, mirror });
        const raw = await runSingle(this.session, input, [1, 3, ALIGNED_SIZE, ALIGNED_SIZE]);
        for (let i = 0; i < EMBEDDING_SIZE; i++) sum[i] = (sum[i] as number) + (raw[i] as number);
      }
      out.push(l2Normalise(sum));
    }
    return out;
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}

function norm(v: Float32Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] as number) * (v[i] as number);
  return Math.sqrt(s);
}

function l2Normalise(v: Float32Array): Float32Array {
  const n = norm(v) || 1;
  return v.map((x) => x / n);
}
