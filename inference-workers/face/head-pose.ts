import type { Point } from '../../src/pipeline/geometry.ts';
import type { HeadPose } from '../../src/pipeline/results.ts';

/*
 * Generic 3-D face (the model of OpenCV's head-pose tutorial; nose tip at the origin, y up, z toward the camera):
 * outer eye corners (±225, 170, −135), mouth corners (±150, −150, −125). Under an orthographic view:
 * - yaw θ: corners project to ±W·cosθ − D·sinθ, the nose tip to 0, so
 *   (nose − corner midpoint) / (half corner distance) = (D/W)·tanθ.
 * - pitch φ: eye line y' = E·cosφ − De·sinφ, mouth line −M·cosφ − Dm·sinφ, nose 0, so with
 *   t = (nose − eye line) / (mouth line − eye line), tanφ = (E − (E+M)·t) / ((Dm − De)·t + De).
 * Pure yaw leaves t unchanged and pure pitch leaves the x ratio unchanged, so the two are decoupled.
 */
const EYE_W = 225,
  EYE_D = 135,
  EYE_E = 170;
const MOUTH_M = 150,
  MOUTH_D = 125;

const DEG = 180 / Math.PI;

function mean(points: readonly Point[], from: number, to: number): Point {
  let x = 0,
    y = 0;
  for (let i = from; i <= to; i++) {
    x += (points[i] as Point).x;
    y += (points[i] as Point).y;
  }
  const n = to - from + 1;
  return { x: x / n, y: y / n };
}

/**
 * Geometric head pose from iBUG-68 points (a rough estimate, a few degrees of bias on real faces):
 * roll from the line through the eye centres (36–41, 42–47); the points are then de-rotated by the roll
 * and yaw/pitch come from the nose tip (30) against the outer eye corners (36, 45) and mouth corners (48, 54).
 * Degrees. yaw > 0: face turned toward image-right; pitch > 0: chin up; roll > 0: image-right eye lower (clockwise tilt).
 */
export function headPose(points68: readonly Point[]): HeadPose {
  if (points68.length < 68) throw new Error(`expected 68 points, got ${points68.length}`);
  const eyeL = mean(points68, 36, 41),
    eyeR = mean(points68, 42, 47);
  const rollRad = Math.atan2(eyeR.y - eyeL.y, eyeR.x - eyeL.x);
  const cx = (eyeL.x + eyeR.x) / 2,
    cy = (eyeL.y + eyeR.y) / 2;
  const cos = Math.cos(-rollRad),
    sin = Math.sin(-rollRad);
  const upright = (i: number): Point => {
    const p = points68[i] as Point;
    const dx = p.x - cx,
      dy = p.y - cy;
    return { x: cos * dx - sin * dy, y: sin * dx + cos * dy };
  };
  const cornerL = upright(36),
    cornerR = upright(45),
    nose = upright(30),
    mouthL = upright(48),
    mouthR = upright(54);

  const halfWidth = (cornerR.x - cornerL.x) / 2;
  const r = halfWidth > 0 ? (nose.x - (cornerL.x + cornerR.x) / 2) / halfWidth : 0;
  const yaw = Math.atan((r * EYE_W) / EYE_D);

  const eyeY = (cornerL.y + cornerR.y) / 2,
    mouthY = (mouthL.y + mouthR.y) / 2;
  const t = mouthY !== eyeY ? (nose.y - eyeY) / (mouthY - eyeY) : EYE_E / (EYE_E + MOUTH_M);
  const pitch = Math.atan2(EYE_E - (EYE_E + MOUTH_M) * t, (MOUTH_D - EYE_D) * t + EYE_D);

  return { yaw: yaw * DEG, pitch: pitch * DEG, roll: rollRad * DEG };
}
