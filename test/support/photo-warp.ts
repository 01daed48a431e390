/** A photo held in front of a camera: the picture as a plane, tilted and moved, rendered by inverse mapping. Not a test itself. */
import { apply, fitHomography } from '../../src/liveness/homography.ts';
import type { RgbImage } from '../../inference-workers/image/decode.ts';

export interface PrintPose {
  /** Degrees about the print's vertical axis (its right edge toward the camera when > 0). */
  yaw: number;
  /** Degrees about its horizontal axis. */
  pitch: number;
  /** Degrees in its own plane. */
  roll: number;
  /** Shift of the print's centre, mm. */
  shift: { x: number; y: number; z: number };
}

/** Where the print's corners land in a camera `distance` mm away with focal length `focal` px. */
function corners(
  width: number,
  height: number,
  pose: PrintPose,
  out: { width: number; height: number },
  printWidthMm: number,
  distance: number,
  focal: number,
) {
  const s = printWidthMm / width;
  const [ya, pa, ra] = [pose.yaw, pose.pitch, pose.roll].map((d) => (d * Math.PI) / 180) as [number, number, number];
  return [
    [0, 0],
    [width, 0],
    [width, height],
    [0, height],
  ].map(([u, v]) => {
    let x = (u! - width / 2) * s,
      y = (v! - height / 2) * s,
      z = 0;
    [x, y] = [x * Math.cos(ra) - y * Math.sin(ra), x * Math.sin(ra) + y * Math.cos(ra)];
    [x, z] = [x * Math.cos(ya) + z * Math.sin(ya), -x * Math.sin(ya) + z * Math.cos(ya)];
    [y, z] = [y * Math.cos(pa) + z * Math.sin(pa), -y * Math.sin(pa) + z * Math.cos(pa)];
    const depth = distance - (z + pose.shift.z);
    return { x: out.width / 2 + (focal * (x + pose.shift.x)) / depth, y: out.height / 2 + (focal * (y + pose.shift.y)) / depth };
  });
}

/** The photo printed `printWidthMm` wide, held at `pose` in front of a grey wall; bilinear sampling. */
export function heldPhoto(photo: RgbImage, pose: PrintPose, out = { width: 640, height: 640 }, printWidthMm = 200, distance = 450, focal = 700): RgbImage {
  const src = [
    { x: 0, y: 0 },
    { x: photo.width, y: 0 },
    { x: photo.width, y: photo.height },
    { x: 0, y: photo.height },
  ];
  // Output pixel -> photo pixel.
  const back = fitHomography(corners(photo.width, photo.height, pose, out, printWidthMm, distance, focal), src);
  if (!back) throw new Error('degenerate print pose');
  const data = Buffer.alloc(out.width * out.height * 3, 120);
  const d = photo.data;
  for (let y = 0; y < out.height; y++) {
    for (let x = 0; x < out.width; x++) {
      const p = apply(back, { x: x + 0.5, y: y + 0.5 });
      const u = p.x - 0.5,
        v = p.y - 0.5;
      const u0 = Math.floor(u),
        v0 = Math.floor(v);
      if (u0 < 0 || v0 < 0 || u0 + 1 >= photo.width || v0 + 1 >= photo.height) continue;
      const fu = u - u0,
        fv = v - v0;
      const o = (y * out.width + x) * 3;
      for (let c = 0; c < 3; c++) {
        const at = (uu: number, vv: number) => d[(vv * photo.width + uu) * 3 + c]!;
        data[o + c] = Math.round((1 - fv) * ((1 - fu) * at(u0, v0) + fu * at(u0 + 1, v0)) + fv * ((1 - fu) * at(u0, v0 + 1) + fu * at(u0 + 1, v0 + 1)));
      }
    }
  }
  return { data, width: out.width, height: out.height };
}
