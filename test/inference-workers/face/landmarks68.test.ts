import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Point } from '../../../src/pipeline/geometry.ts';
import type { ScrfdDetector } from '../../../inference-workers/detection/scrfd.ts';
import { headPose, Landmarks68Detector } from '../../../inference-workers/face/landmarks68.ts';
import { createTestDetector, detectMainFace, loadSample, TEST_SESSION_OPTIONS } from '../../support/detect.ts';
import { MODELS_DIR } from '../../support/model-paths.ts';

const HAVE_MODELS = existsSync(MODELS_DIR);
if (!HAVE_MODELS) console.warn(`[landmarks68.test] skipped: models dir ${MODELS_DIR} not found (set MODELS_DIR)`);

type P3 = [number, number, number];
const rad = (deg: number): number => (deg * Math.PI) / 180;

/** Symmetric synthetic face (y up, z toward the camera) with the iBUG indices headPose reads; the rest sit at the nose. */
function syntheticFace(): P3[] {
  const pts: P3[] = Array.from({ length: 68 }, (): P3 => [0, 0, 0]);
  const eye = (outer: number, inner: number, top: [number, number], bottom: [number, number], sign: number): void => {
    const z = -135;
    pts[outer] = [sign * 225, 170, z];
    pts[inner] = [sign * 75, 170, z];
    pts[top[0]] = [sign * 175, 185, z];
    pts[top[1]] = [sign * 125, 185, z];
    pts[bottom[0]] = [sign * 125, 155, z];
    pts[bottom[1]] = [sign * 175, 155, z];
  };
  eye(36, 39, [37, 38], [40, 41], -1);
  eye(45, 42, [44, 43], [46, 47], 1);
  pts[48] = [-150, -150, -125];
  pts[54] = [150, -150, -125];
  pts[8] = [0, -330, -65];
  return pts;
}

/** Pitch (about x), then yaw (about y), orthographic projection to a y-down image, then in-plane roll. */
function project(pts: P3[], { yaw = 0, pitch = 0, roll = 0 }): Point[] {
  const [cy, sy, cp, sp, cr, sr] = [
    Math.cos(rad(yaw)),
    Math.sin(rad(yaw)),
    Math.cos(rad(pitch)),
    Math.sin(rad(pitch)),
    Math.cos(rad(roll)),
    Math.sin(rad(roll)),
  ];
  return pts.map(([x, y, z]) => {
    const y1 = y * cp + z * sp,
      z1 = -y * sp + z * cp;
    const x2 = x * cy + z1 * sy;
    const u = 0.5 * x2,
      v = -0.5 * y1; // 0.5 px per model unit, image y down
    return { x: 300 + u * cr - v * sr, y: 200 + u * sr + v * cr };
  });
}

describe('headPose (geometric, synthetic points)', () => {
  const face = syntheticFace();
  it('frontal face -> 0, 0, 0', () => {
    const p = headPose(project(face, {}));
    expect(p.yaw).toBeCloseTo(0, 9);
    expect(p.pitch).toBeCloseTo(0, 9);
    expect(p.roll).toBeCloseTo(0, 9);
  });
  it('in-plane rotation is reported as roll only', () => {
    const p = headPose(project(face, { roll: 20 }));
    expect(p.roll).toBeCloseTo(20, 9);
    expect(p.yaw).toBeCloseTo(0, 9);
    expect(p.pitch).toBeCloseTo(0, 9);
    expect(headPose(project(face, { roll: -35 })).roll).toBeCloseTo(-35, 9);
  });
  it('recovers yaw and pitch of the generic model', () => {
    const y = headPose(project(face, { yaw: 25 }));
    expect(y.yaw).toBeCloseTo(25, 9);
    expect(y.pitch).toBeCloseTo(0, 9);
    const p = headPose(project(face, { pitch: -15 }));
    expect(p.pitch).toBeCloseTo(-15, 9);
    expect(p.yaw).toBeCloseTo(0, 9);
  });
  it('undoes roll before measuring yaw', () => {
    const p = headPose(project(face, { yaw: -30, roll: 25 }));
    expect(p.yaw).toBeCloseTo(-30, 9);
    expect(p.roll).toBeCloseTo(25, 9);
  });
  it('rejects fewer than 68 points', () => {
    expect(() => headPose([{ x: 0, y: 0 }])).toThrow();
  });
});

describe.skipIf(!HAVE_MODELS)('Landmarks68Detector (real photos)', () => {
  let detector: ScrfdDetector;
  let landmarks: Landmarks68Detector;

  beforeAll(async () => {
    detector = await createTestDetector(MODELS_DIR);
    landmarks = await Landmarks68Detector.create(join(MODELS_DIR, 'landmarks68_faceplugin_64gray.onnx'), TEST_SESSION_OPTIONS);
  });
  afterAll(async () => {
    await landmarks?.dispose();
    await detector?.dispose();
  });

  it.each(['id_obama_1.jpg', 'id_kit_harington_1.jpg'])('%s: points agree with SCRFD and the pose is near frontal', async (name) => {
    const image = await loadSample(name);
    const { face } = await detectMainFace(detector, image);
    const [pts] = await landmarks.predict(image, [face.box]);
    expect(pts).toHaveLength(68);
    const all = pts ?? [];
    const mean = (from: number, to: number): Point => {
      const s = all.slice(from, to + 1);
      return { x: s.reduce((a, p) => a + p.x, 0) / s.length, y: s.reduce((a, p) => a + p.y, 0) / s.length };
    };
    const implied = [mean(36, 41), mean(42, 47), all[30], all[48], all[54]] as Point[];
    const [l, r] = face.landmarks as [Point, Point];
    const iod = Math.hypot(r.x - l.x, r.y - l.y);
    const nme = implied.reduce((s, p, i) => s + Math.hypot(p.x - (face.landmarks[i] as Point).x, p.y - (face.landmarks[i] as Point).y), 0) / 5 / iod;
    const pose = headPose(all);
    console.log(
      `[landmarks68] ${name}: NME vs SCRFD 5pt=${nme.toFixed(3)}; pose yaw=${pose.yaw.toFixed(1)} pitch=${pose.pitch.toFixed(1)} roll=${pose.roll.toFixed(1)}`,
    );
    expect(nme).toBeLessThan(0.1);
    expect(Math.abs(pose.yaw)).toBeLessThan(20);
    expect(Math.abs(pose.pitch)).toBeLessThan(20);
    expect(Math.abs(pose.roll)).toBeLessThan(10);
  });
});
