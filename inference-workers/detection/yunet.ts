import type { DetectedFace } from '../../src/pipeline/geometry.ts';
import type { RgbImage } from '../image/decode.ts';
import { createOnnxSession, ort } from '../onnx/session.ts';
import type { DetectCallOptions, DetectorOptions, FaceDetector } from './face-detector.ts';
import { letterbox, YUNET_NORMALISATION } from './letterbox.ts';
import { floatOutput, toDetectedFaces, type Candidate } from './postprocess.ts';

const STRIDES = [8, 16, 32] as const;
const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));

/** YuNet 2023mar (libfacedetection / OpenCV FaceDetectorYN), dynamic-input file; models/README.md. */
export class YunetDetector implements FaceDetector {
  private constructor(
    private readonly session: ort.InferenceSession,
    readonly modelName: string,
    readonly inputSize: number,
    readonly scoreThreshold: number,
    readonly nmsThreshold: number,
  ) {}

  /** Defaults: threshold 0.9 (0.6 fires on a background painting, per README), NMS 0.3. */
  static async create(modelPath: string, options: DetectorOptions): Promise<YunetDetector> {
    const session = await createOnnxSession(modelPath, options);
    for (const s of STRIDES) {
      for (const kind of ['cls', 'obj', 'bbox', 'kps']) {
        if (!session.outputNames.includes(`${kind}_${s}`)) throw new Error(`${modelPath}: YuNet output ${kind}_${s} missing`);
      }
    }
    return new YunetDetector(
      session,
      options.modelName ?? 'YuNet-2023mar',
      options.inputSize ?? 640,
      options.scoreThreshold ?? 0.9,
      options.nmsThreshold ?? 0.3,
    );
  }

  async detect(image: RgbImage, call: DetectCallOptions = {}): Promise<DetectedFace[]> {
    const side = this.inputSize;
    const threshold = call.scoreThreshold ?? this.scoreThreshold;
    const { tensorData, scale } = await letterbox(image, side, YUNET_NORMALISATION);
    const input = new ort.Tensor('float32', tensorData, [1, 3, side, side]);
    const outputs = await this.session.run({ [this.session.inputNames[0]!]: input });
    const candidates: Candidate[] = [];
    for (const s of STRIDES) {
      const cls = floatOutput(outputs, `cls_${s}`);
      const obj = floatOutput(outputs, `obj_${s}`);
      const bbox = floatOutput(outputs, `bbox_${s}`);
      const kps = floatOutput(outputs, `kps_${s}`);
      const cols = side / s;
      const cells = cols * (side / s);
      if (cls.length !== cells || obj.length !== cells || bbox.length !== cells * 4 || kps.length !== cells * 10) {
        throw new Error(`${this.modelName}: stride ${s} outputs do not match ${cells} cells`);
      }
      for (let i = 0; i < cells; i++) {
        const score = Math.sqrt(clamp01(cls[i]!) * clamp01(obj[i]!));
        if (score < threshold) continue;
        const col = i % cols;
        const row = Math.floor(i / cols);
        const b = i * 4;
        const cx = (col + bbox[b]!) * s;
        const cy = (row + bbox[b + 1]!) * s;
        const w = Math.exp(bbox[b + 2]!) * s;
        const h = Math.exp(bbox[b + 3]!) * s;
        const points: number[] = [];
        for (let k = i * 10; k < i * 10 + 10; k += 2) points.push((col + kps[k]!) * s, (row + kps[k + 1]!) * s);
        candidates.push({ score, x1: cx - w / 2, y1: cy - h / 2, x2: cx + w / 2, y2: cy + h / 2, kps: points });
      }
    }
    return toDetectedFaces(candidates, scale, image.width, image.height, this.nmsThreshold);
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}
