import type { FaceRecord } from '../db/sessions.repository.ts';
import { frameFeaturesFromResults } from '../liveness/features.ts';
import type { StoredFrame } from '../liveness/stored-frame.ts';
import type { LandmarksResult, LivenessResult, QualityResult, RecognitionResult } from '../pipeline/results.ts';

/**
 * One analysed frame's faces (as stored by the pipeline, in detector order) as liveness features, through
 * the same mapping the eval uses on in-process results; `faceId` is the face the features describe.
 */
export function frameFromFaces(
  input: { seq: number; timestampMs: number; width: number; height: number },
  faces: readonly FaceRecord[],
  embeddings: ReadonlyMap<string, number[]>,
): StoredFrame {
  const ordered = [...faces].sort((a, b) => a.faceIndex - b.faceIndex);
  const features = frameFeaturesFromResults({
    ...input,
    results: {
      DETECTION: { faces: ordered.map((f) => ({ box: f.box, score: f.score, landmarks: f.landmarks })), padded: false },
      LANDMARKS: { faces: ordered.map((f) => f.landmarks68).filter((l): l is LandmarksResult => l !== null) },
      QUALITY: { faces: ordered.map((f) => f.quality).filter((q): q is QualityResult => q !== null) },
      ANTI_SPOOFING: { faces: ordered.map((f) => f.liveness).filter((l): l is LivenessResult => l !== null) },
      RECOGNITION: {
        model: ordered[0]?.recognition?.model ?? '',
        faces: ordered.map((f): RecognitionResult => {
          const embedding = embeddings.get(f.id);
          return embedding ? { embedding, skipped: null } : { embedding: null, skipped: f.recognition?.skipped ?? 'LOW_QUALITY' };
        }),
      },
    },
  });
  // The features carry the very box object of the face they chose.
  const chosen = ordered.find((f) => f.box === features.face?.box);
  return { features, faceId: chosen?.id ?? null };
}
