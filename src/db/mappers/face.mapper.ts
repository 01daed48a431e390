import { z } from 'zod';
import type { Box, Point } from '../../pipeline/geometry.ts';
import {
  deepfakeVerdicts,
  emotionLabels,
  genders,
  identificationDecisions,
  livenessVerdicts,
  qualityIssues,
  recognitionSkipReasons,
  type AgeGenderResult,
  type DeepfakeResult,
  type EmotionResult,
  type IdentificationResult,
  type LandmarksResult,
  type LivenessResult,
  type QualityResult,
  type RecognitionSkipReason,
} from '../../pipeline/results.ts';
import type { Face } from '../generated/client.ts';

/**
 * A stored face as the pipeline typed it: each stage's result in the pipeline's own type, or null
 * until that stage has run on the face. The one place where Face rows become typed values; JSON
 * columns and label strings are checked here, so nothing above the db layer casts a stored value.
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

const point = z.object({ x: z.number(), y: z.number() });
const points = z.array(point);
const qualityReasons = z.object({
  detectorScore: z.number(),
  faceSizePx: z.number(),
  blur: z.number().nullable(),
  brightness: z.number().nullable(),
  poseYaw: z.number().nullable(),
  posePitch: z.number().nullable(),
});
const modelScores = z.array(z.object({ model: z.string(), liveScore: z.number() }));
const emotionScores = z.array(z.object({ emotion: z.enum(emotionLabels), probability: z.number() }));
const candidates = z.array(z.object({ personId: z.string(), similarity: z.number() }));

/** A column holds what the stage wrote; anything else is a broken row, reported with its column. */
function parsed<T>(schema: z.ZodType<T>, value: unknown, column: string, faceId: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`Face ${faceId}: column ${column} does not hold what its stage writes (${result.error.issues[0]?.message ?? 'invalid'})`);
  return result.data;
}

export function toFaceRecord(row: Face): FaceRecord {
  const id = row.id;
  const enumOf = <T extends string>(values: readonly [T, ...T[]], value: unknown, column: string): T => parsed(z.enum(values), value, column, id);
  const { poseYaw, posePitch, poseRoll } = row;
  return {
    id,
    tenantId: row.tenantId,
    sessionId: row.sessionId,
    faceIndex: row.faceIndex,
    createdAt: row.createdAt,
    box: { x: row.boxX, y: row.boxY, width: row.boxWidth, height: row.boxHeight },
    score: row.score,
    landmarks: parsed(points, row.landmarks, 'landmarks', id),
    detectedWithPadding: row.detectedWithPadding,
    personId: row.personId,
    landmarks68:
      row.landmarks68 === null || poseYaw === null || posePitch === null || poseRoll === null
        ? null
        : { points: parsed(points, row.landmarks68, 'landmarks68', id), pose: { yaw: poseYaw, pitch: posePitch, roll: poseRoll } },
    quality:
      row.qualityScore === null
        ? null
        : {
            score: row.qualityScore,
            passed: row.qualityPassed ?? false,
            issues: row.qualityIssues.map((issue) => enumOf(qualityIssues, issue, 'qualityIssues')),
            ...parsed(qualityReasons, row.qualityReasons, 'qualityReasons', id),
          },
    recognition:
      row.embeddingModel === null
        ? null
        : { model: row.embeddingModel, skipped: row.recognitionSkipped === null ? null : enumOf(recognitionSkipReasons, row.recognitionSkipped, 'recognitionSkipped') },
    liveness:
      row.liveScore === null
        ? null
        : { liveScore: row.liveScore, verdict: enumOf(livenessVerdicts, row.livenessVerdict, 'livenessVerdict'), perModel: parsed(modelScores, row.livenessModels ?? [], 'livenessModels', id) },
    ageGender:
      row.age === null ? null : { age: row.age, gender: enumOf(genders, row.gender, 'gender'), genderProbability: row.genderProbability ?? 0 },
    deepfake: row.deepfakeScore === null ? null : { fakeScore: row.deepfakeScore, verdict: enumOf(deepfakeVerdicts, row.deepfakeVerdict, 'deepfakeVerdict') },
    emotion: row.emotion === null ? null : emotionOf(enumOf(emotionLabels, row.emotion, 'emotion'), parsed(emotionScores, row.emotionScores ?? [], 'emotionScores', id)),
    identification:
      row.identityDecision === null
        ? null
        : {
            decision: enumOf(identificationDecisions, row.identityDecision, 'identityDecision'),
            personId: row.identityPersonId,
            similarity: row.identitySimilarity,
            margin: row.identityMargin,
            // Rows written before candidates were stored have none.
            candidates: parsed(candidates, row.identityCandidates ?? [], 'identityCandidates', id),
          },
  };
}

function emotionOf(emotion: EmotionResult['emotion'], scores: EmotionResult['scores']): EmotionResult {
  return { emotion, probability: scores.find((s) => s.emotion === emotion)?.probability ?? 0, scores };
}
