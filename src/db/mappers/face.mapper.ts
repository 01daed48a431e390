import type { Box, Point } from '../../pipeline/geometry.ts';
import type {
  AgeGenderResult,
  DeepfakeResult,
  EmotionResult,
  IdentificationResult,
  LandmarksResult,
  LivenessResult,
  QualityResult,
  RecognitionSkipReason,
} from '../../pipeline/results.ts';
import { faceStageColumns, points, type Check } from '../face-stage-columns.ts';
import type { Face } from '../generated/client.ts';

/**
 * A stored face as the pipeline typed it: each stage's result in the pipeline's own type, or null
 * until that stage has run on the face. The one place where Face rows become typed values (each
 * stage's columns are read as face-stage-columns.ts says), so nothing above the db layer casts a
 * stored value.
 */
export interface FaceRecord {
  id: string;
  tenantId: string;
  sessionId: string;
  faceIndex: number;
  createdAt: Date;
  box: Box;
  score: number;
  landmarks: Point[];
  detectedWithPadding: boolean;
  /** The person this face is enrolled to. */
  personId: string | null;
  landmarks68: LandmarksResult | null;
  quality: QualityResult | null;
  /** The embedding itself is loaded apart (FaceResultsRepository.embeddings), only when asked for. */
  recognition: { model: string; skipped: RecognitionSkipReason | null } | null;
  liveness: LivenessResult | null;
  ageGender: AgeGenderResult | null;
  deepfake: DeepfakeResult | null;
  emotion: EmotionResult | null;
  identification: IdentificationResult | null;
}

export function toFaceRecord(row: Face): FaceRecord {
  const check: Check = (schema, value, column) => {
    const result = schema.safeParse(value);
    if (!result.success)
      throw new Error(`Face ${row.id}: column ${column} does not hold what its stage writes (${result.error.issues[0]?.message ?? 'invalid'})`);
    return result.data;
  };
  const stage = faceStageColumns;
  return {
    id: row.id,
    tenantId: row.tenantId,
    sessionId: row.sessionId,
    faceIndex: row.faceIndex,
    createdAt: row.createdAt,
    box: { x: row.boxX, y: row.boxY, width: row.boxWidth, height: row.boxHeight },
    score: row.score,
    landmarks: check(points, row.landmarks, 'landmarks'),
    detectedWithPadding: row.detectedWithPadding,
    personId: row.personId,
    landmarks68: stage.LANDMARKS.read(row, check),
    quality: stage.QUALITY.read(row, check),
    recognition: stage.RECOGNITION.read(row, check),
    liveness: stage.ANTI_SPOOFING.read(row, check),
    ageGender: stage.AGE_GENDER.read(row, check),
    deepfake: stage.DEEPFAKE.read(row, check),
    emotion: stage.EMOTION.read(row, check),
    identification: stage.IDENTIFICATION.read(row, check),
  };
}
