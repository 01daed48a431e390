/**
 * An approximate 3-D face in the iBUG-68 layout, for geometry tests: millimetres, x toward the image
 * right, y down, z toward the camera, origin between the eyes. Hand-set, rounded values: the jaw
 * and brows are arcs, the eyes, nose and mouth are placed by adult anthropometry (eye centres 66 mm
 * apart, nose tip 37 mm in front of the inner eye corners, open-eye EAR 0.29); the proportions agree
 * with published mean faces (OpenFace's 68-point mean shape, OpenCV's head-pose model) to a few mm.
 */
import type { Point } from '../../src/pipeline/geometry.ts';

export interface Point3 {
  x: number;
  y: number;
  z: number;
}

const p = (x: number, y: number, z: number): Point3 => ({ x, y, z });

// 0-16: the face outline from the image-left ear level down round the chin; a half-ellipse, deeper toward the sides.
const jaw = Array.from({ length: 17 }, (_, i) => {
  const phi = ((i - 8) / 8) * (Math.PI / 2);
  return p(73 * Math.sin(phi), -30 + 107 * Math.cos(phi), -47 * Math.sin(phi) ** 2);
});

// 17-21 and 22-26: brows, outer to inner on the image left, inner to outer on the image right.
const browLeft = [p(-61, -49, -14), p(-51, -59, -7), p(-38, -62, 0), p(-24, -61, 7), p(-12, -57, 12)];
const browRight = browLeft.map((q) => p(-q.x, q.y, q.z)).reverse();

// 27-30: nose bridge to tip; 31-35: nostrils to subnasale (33) and back.
const nose = [p(0, -42, 13), p(0, -31, 21), p(0, -20, 29), p(0, -8, 37), p(-15, 3, 20), p(-7, 5, 24), p(0, 6.5, 26), p(7, 5, 24), p(15, 3, 20)];

// 36-41: image-left eye, outer corner, upper lid (2), inner corner, lower lid (2, right to left); 42-47 mirrored.
const lid = 3.8;
const eyeLeft = [p(-46, -37, -6), p(-37, -37 - lid, -2), p(-28, -37 - lid, -1), p(-20, -37, 0), p(-28, -37 + lid, -1), p(-37, -37 + lid, -2)];
const eyeRight = [p(20, -37, 0), p(28, -37 - lid, -1), p(37, -37 - lid, -2), p(46, -37, -6), p(37, -37 + lid, -2), p(28, -37 + lid, -1)];

// 48-59 outer lip from the image-left corner clockwise; 60-67 inner lip.
const outerLip = [
  p(-29, 28, 2),
  p(-17, 22, 16),
  p(-7, 19, 22),
  p(0, 20.5, 24),
  p(7, 19, 22),
  p(17, 22, 16),
  p(29, 28, 2),
  p(19, 36, 15),
  p(9, 39.5, 22),
  p(0, 40.5, 23.5),
  p(-9, 39.5, 22),
  p(-19, 36, 15),
];
const innerLip = [p(-24, 28.5, 5), p(-7, 25.5, 21), p(0, 26, 22), p(7, 25.5, 21), p(24, 28.5, 5), p(8, 30.5, 20.5), p(0, 31.5, 22), p(-8, 30.5, 20.5)];

export const meanFace3d: readonly Point3[] = [...jaw, ...browLeft, ...browRight, ...nose, ...eyeLeft, ...eyeRight, ...outerLip, ...innerLip];

/** The same face with its eyes shut: each lid point moved onto its eye's corner line. */
export function withEyesClosed(face: readonly Point3[]): Point3[] {
  const shut = new Set([37, 38, 40, 41, 43, 44, 46, 47]);
  return face.map((q, i) => (shut.has(i) ? p(q.x, -37, q.z) : q));
}

/** The face flattened onto z = 0: what a printed photo of it is. */
export function flattened(face: readonly Point3[]): Point3[] {
  return face.map((q) => p(q.x, q.y, 0));
}

export interface View {
  /** Degrees; > 0 turns the nose toward the image right (the person's own left in a raw frame). */
  yaw?: number;
  /** Degrees; > 0 tips the chin down. */
  pitch?: number;
  /** Degrees about the viewing axis. */
  roll?: number;
  /** Camera to the face's origin, mm (a phone at arm's length). */
  distance?: number;
  /** Focal length, px. */
  focal?: number;
  /** Principal point, px. */
  cx?: number;
  cy?: number;
  /** The head turns about an axis this far behind the eyes (the neck), mm. */
  pivotZ?: number;
  /** Shift of the face in mm (camera frame). */
  shift?: Point3;
}

/** Rotates the face (yaw, then pitch, then roll, about the pivot), shifts it and projects it with a pinhole camera. */
export function project(face: readonly Point3[], view: View = {}): Point[] {
  const { yaw = 0, pitch = 0, roll = 0, distance = 450, focal = 800, cx = 360, cy = 640, pivotZ = -90, shift = p(0, 0, 0) } = view;
  const [ya, pa, ra] = [yaw, pitch, roll].map((d) => (d * Math.PI) / 180) as [number, number, number];
  return face.map((q) => {
    let x = q.x,
      y = q.y,
      z = q.z - pivotZ;
    [x, z] = [x * Math.cos(ya) + z * Math.sin(ya), -x * Math.sin(ya) + z * Math.cos(ya)];
    [y, z] = [y * Math.cos(pa) + z * Math.sin(pa), -y * Math.sin(pa) + z * Math.cos(pa)];
    [x, y] = [x * Math.cos(ra) - y * Math.sin(ra), x * Math.sin(ra) + y * Math.cos(ra)];
    x += shift.x;
    y += shift.y;
    z += pivotZ + shift.z;
    const depth = distance - z;
    return { x: cx + (focal * x) / depth, y: cy + (focal * y) / depth };
  });
}
