/** A liveness frame as stored (LivenessFrame.features): what the decision reads, and the face it came from. */
import { z } from 'zod';
import type { LivenessFrameFeatures } from './types.ts';

/** A frame as stored: the features the decision reads, and the face they came from (the reference face, if chosen). */
export interface StoredFrame {
  features: LivenessFrameFeatures;
  faceId: string | null;
}

const point = z.object({ x: z.number(), y: z.number() });
const box = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() });
const storedFrameSchema = z.object({
  faceId: z.string().nullable(),
  features: z.object({
    seq: z.number(),
    timestampMs: z.number(),
    width: z.number(),
    height: z.number(),
    faceCount: z.number(),
    brightness: z.number().nullable().optional(),
    face: z
      .object({
        box,
        landmarks5: z.array(point),
        landmarks68: z.array(point).nullable(),
        liveScore: z.number().nullable(),
        embedding: z.array(z.number()).nullable(),
        quality: z.number().nullable(),
      })
      .nullable(),
  }),
});

/** A stored frame's JSON, checked: a row that does not hold what addLivenessFrames writes is a bug, not input. */
export function parseStoredFrame(json: unknown): StoredFrame {
  const { features, faceId } = storedFrameSchema.parse(json);
  return { faceId, features: { ...features, brightness: features.brightness ?? null } };
}

/** Rounded to 5 decimals: a cosine similarity moves by < 1e-4, and the row is a third of the size. */
const round = (v: number): number => Math.round(v * 1e5) / 1e5;

export function storedFrameJson(frame: StoredFrame): StoredFrame {
  const face = frame.features.face;
  return face?.embedding ? { ...frame, features: { ...frame.features, face: { ...face, embedding: face.embedding.map(round) } } } : frame;
}
