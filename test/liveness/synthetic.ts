/** Synthetic liveness sessions: the 3-D mean face (or its flat print) posed per frame, with landmark jitter, embeddings and PAD scores. */
import type { Point } from '../../src/pipeline/geometry.ts';
import type { LivenessFrameFeatures } from '../../src/liveness/types.ts';
import { flattened, meanFace3d, project, withEyesClosed, type View } from './mean-face-3d.ts';

/** Park-Miller: deterministic, so a failing case replays exactly. */
export function seededRandom(seed: number): () => number {
  let s = seed % 2147483647 || 1;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

function gaussian(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random());
}

const centroid = (points: readonly Point[]): Point => ({
  x: points.reduce((s, p) => s + p.x, 0) / points.length,
  y: points.reduce((s, p) => s + p.y, 0) / points.length,
});

/** The detector's 5 points from 68: eye centres, nose tip, mouth corners. */
export function fivePoints(points68: readonly Point[]): Point[] {
  return [centroid(points68.slice(36, 42)), centroid(points68.slice(42, 48)), points68[30]!, points68[48]!, points68[54]!];
}

/** A unit vector: one "person". */
export function personEmbedding(random: () => number, dims = 64): number[] {
  const g = gaussian(random);
  const v = Array.from({ length: dims }, g);
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

/** The person's embedding seen in one frame: cosine ≈ 1/√(1+noise²) to the clean one. */
function jittered(embedding: readonly number[], random: () => number, noise: number): number[] {
  const g = gaussian(random);
  const v = embedding.map((x) => x + (noise * g()) / Math.sqrt(embedding.length));
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

export interface FramePose extends View {
  eyesClosed?: boolean;
}

export interface SessionOptions {
  fps?: number;
  /** Landmark jitter, as a share of the interocular distance (the 64-px 68-point model: ~1-2%). */
  jitter?: number;
  /** A flat print of the face instead of the head. */
  flat?: boolean;
  seed?: number;
  /** Per frame: which person (embedding) it shows. */
  person?: (index: number) => number;
  liveScore?: (index: number) => number;
  width?: number;
  height?: number;
  firstSeq?: number;
}

/** One frame per pose, at `fps`, projected and jittered. */
export function syntheticSession(poses: readonly FramePose[], options: SessionOptions = {}): LivenessFrameFeatures[] {
  const { fps = 15, jitter = 0.01, flat = false, seed = 7, person = () => 0, liveScore = () => 0.98, width = 720, height = 1280, firstSeq = 0 } = options;
  const random = seededRandom(seed);
  const g = gaussian(random);
  const people = [personEmbedding(seededRandom(1001)), personEmbedding(seededRandom(2002))];
  return poses.map((pose, i) => {
    const { eyesClosed = false, ...view } = pose;
    const shape = eyesClosed ? withEyesClosed(meanFace3d) : meanFace3d;
    // A print is rotated about its own centre; a head about the neck.
    const clean = project(flat ? flattened(shape) : shape, flat ? { pivotZ: 0, ...view } : view);
    const five = fivePoints(clean);
    const sigma = jitter * Math.hypot(five[1]!.x - five[0]!.x, five[1]!.y - five[0]!.y);
    const points68 = clean.map((p) => ({ x: p.x + sigma * g(), y: p.y + sigma * g() }));
    const xs = points68.map((p) => p.x),
      ys = points68.map((p) => p.y);
    const box = { x: Math.min(...xs), y: Math.min(...ys) - 20, width: Math.max(...xs) - Math.min(...xs), height: Math.max(...ys) - Math.min(...ys) + 20 };
    return {
      seq: firstSeq + i,
      timestampMs: Math.round((1000 * i) / fps),
      width,
      height,
      faceCount: 1,
      face: {
        box,
        landmarks5: fivePoints(points68),
        landmarks68: points68,
        liveScore: liveScore(i),
        embedding: jittered(people[person(i)]!, random, 0.3),
        quality: 0.9 - 0.3 * Math.min(1, Math.abs(view.yaw ?? 0) / 45),
      },
      brightness: 0.5,
    };
  });
}

/** Yaw for each frame of a sweep: hold 0, go to `peak` and back, over `frames` frames (a raised cosine). */
export function sweep(peak: number, frames: number): number[] {
  return Array.from({ length: frames }, (_, i) => (peak * (1 - Math.cos((2 * Math.PI * i) / (frames - 1)))) / 2);
}

export const hold = (frames: number, pose: FramePose = {}): FramePose[] => Array.from({ length: frames }, () => ({ ...pose }));
