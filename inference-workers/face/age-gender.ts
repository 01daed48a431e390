import type { AgeGenderResult } from '../../src/pipeline/results.ts';
import type { RgbImage } from '../image/decode.ts';
import { createOnnxSession, type ort, type SessionOptions } from '../onnx/session.ts';
import { ALIGNED_SIZE } from './align.ts';
import { modelNameOf, rgbToChw, runSingle, softmax } from './tensor.ts';

/**
 * Decodes InsightFace genderage fc1 [202]: 2 gender logits, then 100 (no, yes) pairs. The age is how
 * many of the 100 "older than k" heads say yes; genderProbability is the chosen gender's softmax (0.5..1).
 */
export function decodeAgeGender(fc1: ArrayLike<number>): AgeGenderResult {
  if (fc1.length < 202) throw new Error(`expected 202 outputs, got ${fc1.length}`);
  const [pFemale = 0, pMale = 0] = softmax([fc1[0] as number, fc1[1] as number]);
  const male = pMale > pFemale;
  let age = 0;
  for (let k = 0; k < 100; k++) {
    if ((fc1[2 + 2 * k + 1] as number) > (fc1[2 + 2 * k] as number)) age++;
  }
  return { gender: male ? 'MALE' : 'FEMALE', genderProbability: male ? pMale : pFemale, age };
}

/** InsightFace genderage (age_gender_insightface_mnet025_112.onnx) on the ArcFace 112x112 crop. */
export class AgeGenderEstimator {
  private constructor(
    private readonly session: ort.InferenceSession,
    readonly modelName: string,
  ) {}

  static async create(modelPath: string, options: SessionOptions): Promise<AgeGenderEstimator> {
    return new AgeGenderEstimator(await createOnnxSession(modelPath, options), modelNameOf(modelPath));
  }

  async predict(alignedCrops: readonly RgbImage[]): Promise<AgeGenderResult[]> {
    const out: AgeGenderResult[] = [];
    // Batch dimension fixed at 1: one run per face.
    for (const crop of alignedCrops) {
      if (crop.width !== ALIGNED_SIZE || crop.height !== ALIGNED_SIZE) {
        throw new Error(`expected a ${ALIGNED_SIZE}x${ALIGNED_SIZE} aligned crop, got ${crop.width}x${crop.height}`);
      }
      // Raw 0..255 RGB: the graph subtracts 127.5 and scales by 1/128 itself.
      const input = rgbToChw(crop.data, ALIGNED_SIZE, ALIGNED_SIZE, { mean: 0, scale: 1 });
      out.push(decodeAgeGender(await runSingle(this.session, input, [1, 3, ALIGNED_SIZE, ALIGNED_SIZE])));
    }
    return out;
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}
