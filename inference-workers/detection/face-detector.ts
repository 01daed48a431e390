import type { DetectedFace } from '../../src/pipeline/geometry.ts';
import type { RgbImage } from '../image/decode.ts';
import type { SessionOptions } from '../onnx/session.ts';

/** What the pipeline needs from any face detector. */
export interface FaceDetector {
  readonly modelName: string;
  /** Faces in pixels of `image`, sorted by score desc; `scoreThreshold` replaces the detector's own cut for this call. */
  detect(image: RgbImage, options?: DetectCallOptions): Promise<DetectedFace[]>;
  /** Releases the ONNX session(s). */
  dispose?(): Promise<void>;
}

export interface DetectCallOptions {
  scoreThreshold?: number;
}

/** Options of the single-model detectors (SCRFD, YuNet). */
export interface DetectorOptions extends SessionOptions {
  /** Square network input side, a multiple of 32. */
  inputSize?: number;
  scoreThreshold?: number;
  nmsThreshold?: number;
  /** Name reported with results; derived from the file name when omitted. */
  modelName?: string;
}
