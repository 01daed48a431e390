/** Liveness session tests: frames made from photos (a hand-held print, a spliced identity) and the GraphQL calls. */
import sharp from 'sharp';
import type { GraphQLResponse } from './graphql-client.ts';
import { heldPhoto } from './photo-warp.ts';

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

/**
 * A photo held up to the camera by hand: the same print, tilted about both axes (in perspective, up
 * to 34° and 20°), turned in-plane, moved and brought nearer and farther, frame by frame. Smooth
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
  const print = { data, width: info.width, height: info.height };
  const frames: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const t = (2 * Math.PI * i) / Math.max(1, count - 1);
    const pose = {
      yaw: 34 * Math.sin(t),
      pitch: 20 * Math.sin(2 * t + 0.5),
      roll: 6 * Math.sin(t + 1) + 0.6 * Math.sin(i * 2.3),
      // mm: side to side, up and down, nearer and farther, plus tremor.
      shift: { x: 25 * Math.sin(t) + Math.sin(i * 1.7), y: 10 * Math.cos(t) + Math.cos(i * 2.9), z: 40 * Math.cos(t) },
    };
    const frame = heldPhoto(print, pose, CANVAS, 180, 450, 700);
    frames.push(
      await sharp(frame.data, { raw: { width: frame.width, height: frame.height, channels: 3 } })
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
