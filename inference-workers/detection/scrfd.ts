import { basename } from 'node:path';
import type { DetectedFace } from '../../src/pipeline/geometry.ts';
import type { RgbImage } from '../image/decode.ts';
import { createOnnxSession, ort } from '../onnx/session.ts';
import type { DetectCallOptions, DetectorOptions, FaceDetector } from './face-detector.ts';
import { letterbox, SCRFD_NORMALISATION } from './letterbox.ts';
import { floatOutput, toDetectedFaces, type Candidate } from './postprocess.ts';

const STRIDES = [8, 16, 32] as const;
const ANCHORS_PER_CELL = 2;

/** 'face_det_scrfd_2.5g_kps.onnx' -> 'SCRFD-2.5G'; falls back to the file name. */
export function scrfdNameFromFile(modelPath: string): string {
  const m = /scrfd_([0-9.]+[mg])/i.exec(basename(modelPath));
  return m?.[1] ? `SCRFD-${m[1].toUpperCase()}` : basename(modelPath, '.onnx');
}

/** SCRFD face detector with 5 landmarks (InsightFace det_500m / det_2.5g, models/README.md). */
export class ScrfdDetector implements FaceDetector {
  private constructor(
    private readonly session: ort.InferenceSession,
    readonly modelName: string,
    readonly inputSize: number,
    readonly scoreThreshold: number,
    readonly nmsThreshold: number,
  ) {}

  static async create(modelPath: string, options: DetectorOptions): Promise<ScrfdDetector> {
    const session = await createOnnxSession(modelPath, options);
    if (session.outputNames.length !== 9) {
      throw new Error(`${modelPath}: expected 9 SCRFD outputs (scores, boxes, kps x 3 strides), got ${session.outputNames.length}`);
    }
    return new ScrfdDetector(
      session,
      options.modelName ?? scrfdNameFromFile(modelPath),
      options.inputSize ?? 640,
      options.scoreThreshold ?? 0.5,
      options.nmsThreshold ?? 0.4,
    );
  }

  async detect(image: RgbImage, call: DetectCallOptions = {}): Promise<DetectedFace[]> {
    const side = this.inputSize;
    const threshold = call.scoreThreshold ?? this.scoreThreshold;
    const { tensorData, scale } = await letterbox(image, side, SCRFD_NORMALISATION);
    const input = new ort.Tensor('float32', tensorData, [1, 3, side, side]);
    const outputs = await this.session.run({ [this.session.inputNames[0]!]: input });
    // Output order (models/README.md): scores s8/16/32, boxes s8/16/32, kps s8/16/32.
    const names = this.session.outputNames;
    const candidates: Candidate[] = [];
    STRIDES.forEach((stride, level) => {
      const scores = floatOutput(outputs, names[level]!);
      const boxes = floatOutput(outputs, names[level + 3]!);
      const kps = floatOutput(outputs, names[level + 6]!);
      const cols = side / stride;
      const anchors = cols * (side / stride) * ANCHORS_PER_CELL;
      if (scores.length !== anchors || boxes.length !== anchors * 4 || kps.length !== anchors * 10) {
        throw new Error(`${this.modelName}: stride ${stride} outputs do not match ${anchors} anchors`);
      }
      for (let i = 0; i < anchors; i++) {
        const score = scores[i]!;
        if (score < threshold) continue;
        const cell = Math.floor(i / ANCHORS_PER_CELL);
        const cx = (cell % cols) * stride;
        const cy = Math.floor(cell / cols) * stride;
        const b = i * 4;
        const points: number[] = [];
        for (let k = i * 10; k < i * 10 + 10; k += 2) points.push(cx + kps[k]! * stride, cy + kps[k + 1]! * stride);
        candidates.push({
          score,
          x1: cx - boxes[b]! * stride,
          y1: cy - boxes[b + 1]! * stride,
          x2: cx + boxes[b + 2]! * stride,
          y2: cy + boxes[b + 3]! * stride,
          kps: points,
        });
      }
    });
    return toDetectedFaces(candidates, scale, image.width, image.height, this.nmsThreshold);
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}
