/** Liveness session tests: frames made from photos (a hand-held print, a spliced identity) and the GraphQL calls. */
import sharp from 'sharp';
import type { GraphQLResponse } from './graphql-client.ts';

const SESSION_FIELDS = 'id status mode nonce expiresAt framesReceived verdict reasons score challenge { steps minFps frameBudget maxFramesPerCall }';

export interface SessionView {
  id: string;
  status: string;
  mode: string;
  nonce: string;
  expiresAt: string;
  framesReceived: number;
  verdict: string | null;
  reasons: string[];
  score: number | null;
  challenge: { steps: string[]; minFps: number; frameBudget: number; maxFramesPerCall: number };
}

async function post<T>(url: string, query: string, variables: Record<string, unknown>, headers: Record<string, string>): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResponse<T>;
}

export async function createSession(
  url: string,
  mode: 'ACTIVE' | 'PASSIVE',
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<{ createLivenessSession: SessionView }>> {
  return post(url, `mutation($mode: LivenessMode) { createLivenessSession(mode: $mode) { ${SESSION_FIELDS} } }`, { mode }, headers);
}

export async function finishSession(
  url: string,
  sessionId: string,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<{ finishLivenessSession: SessionView }>> {
  return post(url, `mutation($id: ID!) { finishLivenessSession(sessionId: $id) { ${SESSION_FIELDS} } }`, { id: sessionId }, headers);
}

export interface FramesAnswer {
  addLivenessFrames: {
    session: { framesReceived: number };
    progress: { faceState: string; activeStep: string | null; stepProgress: number; stepsCompleted: string[]; hints: string[] };
  };
}

/** addLivenessFrames as a multipart request: `variables.frames` is the list of files. */
export async function sendFrames(
  url: string,
  sessionId: string,
  frames: readonly Uint8Array[],
  firstSeq: number,
  timestampsMs: readonly number[],
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<FramesAnswer>> {
  const query = `mutation($id: ID!, $frames: [File!]!, $firstSeq: Int!, $ts: [Float!]!) {
    addLivenessFrames(sessionId: $id, frames: $frames, firstSeq: $firstSeq, timestampsMs: $ts) {
      session { framesReceived } progress { faceState activeStep stepProgress stepsCompleted hints }
    }
  }`;
  const form = new FormData();
  form.append('operations', JSON.stringify({ query, variables: { id: sessionId, frames: frames.map(() => null), firstSeq, ts: timestampsMs } }));
  form.append('map', JSON.stringify(Object.fromEntries(frames.map((_, i) => [String(i), [`variables.frames.${i}`]]))));
  frames.forEach((f, i) => form.append(String(i), new Blob([new Uint8Array(f)], { type: 'image/jpeg' }), `frame${firstSeq + i}.jpg`));
  const response = await fetch(url, { method: 'POST', body: form, headers: { 'graphql-preflight': '1', ...headers } });
  return (await response.json()) as GraphQLResponse<FramesAnswer>;
}

/** Sends all frames in chunks of `chunk`, `fps` apart; throws on the first error. */
export async function sendAll(
  url: string,
  sessionId: string,
  frames: readonly Uint8Array[],
  fps: number,
  chunk = 10,
  headers: Record<string, string> = {},
): Promise<FramesAnswer['addLivenessFrames'] | null> {
  let last: FramesAnswer['addLivenessFrames'] | null = null;
  for (let first = 0; first < frames.length; first += chunk) {
    const part = frames.slice(first, first + chunk);
    const answer = await sendFrames(
      url,
      sessionId,
      part,
      first,
      part.map((_, i) => ((first + i) * 1000) / fps),
      headers,
    );
    if (answer.errors) throw new Error(JSON.stringify(answer.errors));
    last = answer.data?.addLivenessFrames ?? null;
  }
  return last;
}

const CANVAS = { width: 640, height: 480 };

type M3 = [number, number, number, number, number, number, number, number, number];

function invert3(m: M3): M3 {
  const [a, b, c, d, e, f, g, h, i] = m;
  const A = e * i - f * h,
    B = -(d * i - f * g),
    C = d * h - e * g;
  const det = a * A + b * B + c * C;
  return [
    A / det,
    -(b * i - c * h) / det,
    (b * f - c * e) / det,
    B / det,
    (a * i - c * g) / det,
    -(a * f - c * d) / det,
    C / det,
    -(a * h - b * g) / det,
    (a * e - b * d) / det,
  ];
}

/**
 * The homography from a flat photo's pixels (centred) to the camera image: the photo turned by `yaw`
 * and `pitch` (radians) and `roll` in its plane, `distance` photo pixels from a pinhole camera whose
 * focal length makes it `scale` times its size at the centre (distance in photo pixels), then shifted to (cx, cy).
 */
function photoToImage(o: { yaw: number; pitch: number; roll: number; distance: number; scale: number; cx: number; cy: number }): M3 {
  const [cy_, sy] = [Math.cos(o.yaw), Math.sin(o.yaw)];
  const [cp, sp] = [Math.cos(o.pitch), Math.sin(o.pitch)];
  const [cr, sr] = [Math.cos(o.roll), Math.sin(o.roll)];
  // R = Ry(yaw) · Rx(pitch) · Rz(roll); only its first two columns act on a plane point (x, y, 0).
  const r11 = cy_ * cr + sy * sp * sr,
    r12 = -cy_ * sr + sy * sp * cr;
  const r21 = cp * sr,
    r22 = cp * cr;
  const r31 = -sy * cr + cy_ * sp * sr,
    r32 = sy * sr + cy_ * sp * cr;
  const f = o.distance * o.scale;
  // [u v w] = [f·r11 f·r12 0; f·r21 f·r22 0; r31 r32 distance] · [x y 1], then u/w + cx, v/w + cy.
  return [f * r11 + o.cx * r31, f * r12 + o.cx * r32, o.cx * o.distance, f * r21 + o.cy * r31, f * r22 + o.cy * r32, o.cy * o.distance, r31, r32, o.distance];
}

/** Renders the photo through `h` (photo pixels, centred, -> canvas pixels), sampling bilinearly; outside is grey. */
function warpPerspective(src: { data: Buffer; width: number; height: number }, h: M3, width: number, height: number): Buffer {
  const inv = invert3(h);
  const out = Buffer.alloc(width * height * 3, 0x7a);
  const hw = src.width / 2,
    hh = src.height / 2;
  for (let v = 0; v < height; v++) {
    for (let u = 0; u < width; u++) {
      const w = inv[6] * u + inv[7] * v + inv[8];
      const x = (inv[0] * u + inv[1] * v + inv[2]) / w + hw;
      const y = (inv[3] * u + inv[4] * v + inv[5]) / w + hh;
      if (x < 0 || y < 0 || x >= src.width - 1 || y >= src.height - 1) continue;
      const x0 = Math.floor(x),
        y0 = Math.floor(y),
        fx = x - x0,
        fy = y - y0;
      const o = (v * width + u) * 3;
      for (let c = 0; c < 3; c++) {
        const p = (yy: number, xx: number): number => src.data[(yy * src.width + xx) * 3 + c] as number;
        out[o + c] = Math.round(p(y0, x0) * (1 - fx) * (1 - fy) + p(y0, x0 + 1) * fx * (1 - fy) + p(y0 + 1, x0) * (1 - fx) * fy + p(y0 + 1, x0 + 1) * fx * fy);
      }
    }
  }
  return out;
}

/**
 * A photo held up to the camera by hand: the same print, tilted about both axes (in perspective, up
 * to 35° and 20°), turned in-plane, moved and brought nearer and farther, frame by frame. Smooth
 * motion plus a little hand tremor, as a real hold.
 */
export async function heldPrintFrames(photo: Uint8Array, count: number): Promise<Uint8Array[]> {
  // A head-and-shoulders print held close (the upper middle of a portrait): the face a third of the frame's height.
  const meta = await sharp(photo).metadata();
  const [w, h] = [meta.width ?? 0, meta.height ?? 0];
  const { data, info } = await sharp(photo)
    .extract({ left: Math.round(w * 0.2), top: 0, width: Math.round(w * 0.6), height: Math.round(Math.min(h, w * 0.7)) })
    .resize(320, 370, { fit: 'cover', position: 'north' })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const src = { data, width: info.width, height: info.height };
  const frames: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const t = (2 * Math.PI * i) / Math.max(1, count - 1);
    const h = photoToImage({
      yaw: 0.6 * Math.sin(t),
      pitch: 0.35 * Math.sin(2 * t + 0.5),
      roll: 0.1 * Math.sin(t + 1) + 0.01 * Math.sin(i * 2.3),
      distance: 2.2 * src.width,
      scale: 0.85 + 0.12 * Math.cos(t),
      cx: CANVAS.width / 2 + 40 * Math.sin(t) + 2 * Math.sin(i * 1.7),
      cy: CANVAS.height / 2 + 15 * Math.cos(t) + 2 * Math.cos(i * 2.9),
    });
    const raw = warpPerspective(src, h, CANVAS.width, CANVAS.height);
    frames.push(
      await sharp(raw, { raw: { width: CANVAS.width, height: CANVAS.height, channels: 3 } })
        .jpeg({ quality: 90 })
        .toBuffer(),
    );
  }
  return frames;
}

/** Two people's photos spliced into one sequence: `count` frames, the first half of `a`, the rest of `b`, each with a little motion. */
export async function splicedFrames(a: Uint8Array, b: Uint8Array, count: number): Promise<Uint8Array[]> {
  const half = Math.floor(count / 2);
  const first = await heldPrintFrames(a, half);
  const second = await heldPrintFrames(b, count - half);
  return [...first, ...second];
}
