import type { Box } from '../../src/pipeline/geometry.ts';
import type { RgbImage } from '../image/decode.ts';
import { createOnnxSession, type ort, type SessionOptions } from '../onnx/session.ts';
import { clipRect, cropResize, modelNameOf, rgbToChw, runSingle, type CropRect } from './tensor.ts';

const INPUT_SIZE = 256;
/** MesoNet pipeline margin: 20 % of the box height added on every side. */
const MARGIN_OF_HEIGHT = 0.2;

/** The model's score for one face; the stage turns it into a verdict with the configured thresholds. */
export interface DeepfakeScore {
  /** 1 - probReal. */
  fakeScore: number;
  /** Model's sigmoid output, 1 = real. */
  probReal: number;
}

/** The box grown by 0.2 x its height on all four sides, clipped to the image. */
export function mesoCropRect(box: Box, imageWidth: number, imageHeight: number): CropRect {
  const m = MARGIN_OF_HEIGHT * box.height;
  return clipRect(box.x - m, box.y - m, box.x + box.width + m, box.y + box.height + m, imageWidth, imageHeight);
}

/** MesoInception-4 DF (deepfake_mesoinception4_df_256.onnx): face-swap detector. A weak signal; see README caveats. */
export class DeepfakeDetector {
  private constructor(
    private readonly session: ort.InferenceSession,
    readonly modelName: string,
  ) {}

  static async create(modelPath: string, options: SessionOptions): Promise<DeepfakeDetector> {
    return new DeepfakeDetector(await createOnnxSession(modelPath, options), modelNameOf(modelPath));
  }

  async predict(image: RgbImage, boxes: readonly Box[]): Promise<DeepfakeScore[]> {
    const out: DeepfakeScore[] = [];
    // Batch dimension fixed at 1: one run per face.
    for (const box of boxes) {
      const pixels = await cropResize(image, mesoCropRect(box, image.width, image.height), INPUT_SIZE, INPUT_SIZE);
      const input = rgbToChw(pixels, INPUT_SIZE, INPUT_SIZE, { mean: 0, scale: 1 / 255 });
      const probReal = (await runSingle(this.session, input, [1, 3, INPUT_SIZE, INPUT_SIZE]))[0] ?? 0;
      out.push({ fakeScore: 1 - probReal, probReal });
    }
    return out;
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}
