import type { Box, Point } from '../../src/pipeline/geometry.ts';
import type { RgbImage } from '../image/decode.ts';
import { createOnnxSession, type ort, type SessionOptions } from '../onnx/session.ts';
import { clipRect, cropResize, modelNameOf, runSingle } from './tensor.ts';

export { headPose } from './head-pose.ts';

const INPUT_SIZE = 64;

/** landmarks68_faceplugin_64gray.onnx: iBUG 68 points from the raw detector box. */
export class Landmarks68Detector {
  private constructor(
    private readonly session: ort.InferenceSession,
    readonly modelName: string,
  ) {}

  static async create(modelPath: string, options: SessionOptions): Promise<Landmarks68Detector> {
    return new Landmarks68Detector(await createOnnxSession(modelPath, options), modelNameOf(modelPath));
  }

  /** 68 points in image pixels per box. */
  async predict(image: RgbImage, boxes: readonly Box[]): Promise<Point[][]> {
    const out: Point[][] = [];
    // Batch dimension fixed at 1: one run per face.
    for (const box of boxes) {
      // The box itself, no margin; the clipped integer rect is what the outputs are relative to.
      const rect = clipRect(box.x, box.y, box.x + box.width, box.y + box.height, image.width, image.height);
      const rgb = await cropResize(image, rect, INPUT_SIZE, INPUT_SIZE);
      const input = new Float32Array(INPUT_SIZE * INPUT_SIZE);
      for (let i = 0, j = 0; i < input.length; i++, j += 3) {
        input[i] = (0.299 * (rgb[j] as number) + 0.587 * (rgb[j + 1] as number) + 0.114 * (rgb[j + 2] as number)) / 256;
      }
      const raw = await runSingle(this.session, input, [1, 1, INPUT_SIZE, INPUT_SIZE]);
      const points: Point[] = [];
      for (let k = 0; k < 68; k++) {
        points.push({ x: (raw[2 * k] as number) * rect.width + rect.left, y: (raw[2 * k + 1] as number) * rect.height + rect.top });
      }
      out.push(points);
    }
    return out;
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}
