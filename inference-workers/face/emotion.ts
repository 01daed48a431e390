import type { Box } from '../../src/pipeline/geometry.ts';
import { emotionLabels, type EmotionResult } from '../../src/pipeline/results.ts';
import type { RgbImage } from '../image/decode.ts';
import { createOnnxSession, type ort, type SessionOptions } from '../onnx/session.ts';
import { clipRect, cropResize, modelNameOf, rgbToChw, runSingle, softmax, type CropRect } from './tensor.ts';

const INPUT_SIZE = 224;
/** The vendor code takes 1.2x the box size from its top-left corner (grows right and down only). */
const GROW = 1.2;

// Outputs follow FER2013's order (`emotionLabels`), as inferred by the model's supplier: angry,
// happy, sad and neutral confirmed, the rest not.

export function emotionCropRect(box: Box, imageWidth: number, imageHeight: number): CropRect {
  return clipRect(box.x, box.y, box.x + GROW * box.width, box.y + GROW * box.height, imageWidth, imageHeight);
}

/** emotion7_faceplugin_224.onnx (optional, 28 MB, the slowest model in the chain). */
export class EmotionClassifier {
  private constructor(
    private readonly session: ort.InferenceSession,
    readonly modelName: string,
  ) {}

  static async create(modelPath: string, options: SessionOptions): Promise<EmotionClassifier> {
    return new EmotionClassifier(await createOnnxSession(modelPath, options), modelNameOf(modelPath));
  }

  async predict(image: RgbImage, boxes: readonly Box[]): Promise<EmotionResult[]> {
    const out: EmotionResult[] = [];
    // Batch dimension fixed at 1: one run per face.
    for (const box of boxes) {
      const pixels = await cropResize(image, emotionCropRect(box, image.width, image.height), INPUT_SIZE, INPUT_SIZE);
      const input = rgbToChw(pixels, INPUT_SIZE, INPUT_SIZE, { mean: 0, scale: 1 / 255 });
      const probs = softmax(await runSingle(this.session, input, [1, 3, INPUT_SIZE, INPUT_SIZE]));
      let best = 0;
      for (let i = 1; i < probs.length; i++) if ((probs[i] ?? 0) > (probs[best] ?? 0)) best = i;
      const scores = emotionLabels.map((emotion, i) => ({ emotion, probability: probs[i] ?? 0 }));
      out.push({ emotion: emotionLabels[best] ?? 'NEUTRAL', probability: probs[best] ?? 0, scores });
    }
    return out;
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}
