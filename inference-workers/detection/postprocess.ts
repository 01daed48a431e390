import type { DetectedFace, Point } from '../../src/pipeline/geometry.ts';
import type { ort } from '../onnx/session.ts';
import { nms } from './nms.ts';

/** A decoded anchor in network-input pixels: corners x1,y1,x2,y2 and 5 landmarks (x,y interleaved). */
export interface Candidate {
  score: number;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  kps: number[];
}

/** Float32 data of a named output; throws with the name when the model gives something else. */
export function floatOutput(outputs: ort.InferenceSession.OnnxValueMapType, name: string): Float32Array {
  const tensor = outputs[name];
  if (!tensor) throw new Error(`model output "${name}" missing`);
  if (!(tensor.data instanceof Float32Array)) throw new Error(`model output "${name}" is ${tensor.type}, expected float32`);
  return tensor.data;
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/**
 * Maps candidates back to image pixels (divide by the letterbox scale), clips boxes to
 * the image, then NMS; returns faces sorted by score desc. Landmarks are not clipped:
 * alignment samples black outside the image, and clipping would distort the fit.
 */
export function toDetectedFaces(
  candidates: readonly Candidate[],
  scale: number,
  imageWidth: number,
  imageHeight: number,
  nmsThreshold: number,
): DetectedFace[] {
  const faces: DetectedFace[] = [];
  for (const c of candidates) {
    const x1 = clamp(c.x1 / scale, 0, imageWidth);
    const y1 = clamp(c.y1 / scale, 0, imageHeight);
    const x2 = clamp(c.x2 / scale, 0, imageWidth);
    const y2 = clamp(c.y2 / scale, 0, imageHeight);
    if (x2 <= x1 || y2 <= y1) continue;
    const landmarks: Point[] = [];
    for (let k = 0; k < c.kps.length; k += 2) landmarks.push({ x: c.kps[k]! / scale, y: c.kps[k + 1]! / scale });
    faces.push({ box: { x: x1, y: y1, width: x2 - x1, height: y2 - y1 }, score: c.score, landmarks });
  }
  return nms(faces, nmsThreshold);
}
