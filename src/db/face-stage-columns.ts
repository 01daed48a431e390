import { z } from 'zod';
import {
  deepfakeVerdicts,
  emotionLabels,
  genders,
  identificationDecisions,
  livenessVerdicts,
  qualityIssues,
  recognitionSkipReasons,
  type StageResults,
} from '../pipeline/results.ts';
import type { Stage } from '../pipeline/stages.ts';
import type { Face } from './generated/client.ts';
import { toVectorLiteral } from './vector.ts';

/**
 * Each per-face stage's Face columns, both ways: how one face's result is written (the columns of the
 * one-statement stage write in stage-writes.sql.ts) and how it is read back into the pipeline's result
 * type (JSON columns and labels checked, so nothing above the db layer casts a stored value).
 */
export type PerFaceStage = Exclude<Stage, 'DETECTION' | 'ALIGNMENT'>;
type FaceResult<S extends PerFaceStage> = StageResults[S]['faces'][number];

export interface Column {
  name: string;
  /** Type in jsonb_to_recordset's column list. */
  type: string;
  /** Expression assigned to the Face column; `r.<name>` when omitted. */
  value?: string;
}

/** Reads a column's stored value with a schema; a mismatch is a broken row, reported with its column. */
export type Check = <T>(schema: z.ZodType<T>, value: unknown, column: string) => T;

interface FaceStageColumns<S extends PerFaceStage, Read> {
  columns: Column[];
  /** One face's values, keyed like `columns` (the stage's whole result, for values shared by its faces). */
  write(face: FaceResult<S>, result: StageResults[S]): Record<string, unknown>;
  /** The stored result, or null until the stage has run on the face. */
  read(row: Face, check: Check): Read | null;
}

const col = (name: string, type: string, value?: string): Column => ({ name, type, ...(value ? { value } : {}) });

/** A list of pixel points (landmarks) as stored in JSON. */
export const points = z.array(z.object({ x: z.number(), y: z.number() }));
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
/** IDENTIFICATION's nearest persons, best first (faces and video tracks store them alike). */
export const candidates = z.array(z.object({ personId: z.string(), similarity: z.number() }));

export const faceStageColumns = {
  LANDMARKS: {
    columns: [col('landmarks68', 'jsonb'), col('poseYaw', 'float8'), col('posePitch', 'float8'), col('poseRoll', 'float8')],
    write: (f) => ({ landmarks68: f.points, poseYaw: f.pose.yaw, posePitch: f.pose.pitch, poseRoll: f.pose.roll }),
    read: (row, check) =>
      row.landmarks68 === null || row.poseYaw === null || row.posePitch === null || row.poseRoll === null
        ? null
        : { points: check(points, row.landmarks68, 'landmarks68'), pose: { yaw: row.poseYaw, pitch: row.posePitch, roll: row.poseRoll } },
  },
  QUALITY: {
    columns: [
      col('qualityScore', 'float8'),
      col('qualityPassed', 'boolean'),
      col('qualityIssues', 'jsonb', `ARRAY(SELECT jsonb_array_elements_text(r."qualityIssues"))`),
      col('qualityReasons', 'jsonb'),
    ],
    write: ({ score, passed, issues, ...reasons }) => ({ qualityScore: score, qualityPassed: passed, qualityIssues: issues, qualityReasons: reasons }),
    read: (row, check) =>
      row.qualityScore === null
        ? null
        : {
            score: row.qualityScore,
            passed: row.qualityPassed ?? false,
            issues: check(z.array(z.enum(qualityIssues)), row.qualityIssues, 'qualityIssues'),
            ...check(qualityReasons, row.qualityReasons, 'qualityReasons'),
          },
  },
  RECOGNITION: {
    columns: [col('embedding', 'text', `r."embedding"::vector`), col('embeddingModel', 'text'), col('recognitionSkipped', 'text')],
    write: (f, result) => ({ embedding: f.embedding ? toVectorLiteral(f.embedding) : null, embeddingModel: result.model, recognitionSkipped: f.skipped }),
    // The embedding itself is read apart (FaceResultsRepository.embeddings), only when asked for.
    read: (row, check) =>
      row.embeddingModel === null
        ? null
        : { model: row.embeddingModel, skipped: check(z.enum(recognitionSkipReasons).nullable(), row.recognitionSkipped, 'recognitionSkipped') },
  },
  ANTI_SPOOFING: {
    columns: [col('liveScore', 'float8'), col('livenessVerdict', 'text', `r."livenessVerdict"::"LivenessVerdict"`), col('livenessModels', 'jsonb')],
    write: (f) => ({ liveScore: f.liveScore, livenessVerdict: f.verdict, livenessModels: f.perModel }),
    read: (row, check) =>
      row.liveScore === null
        ? null
        : {
            liveScore: row.liveScore,
            verdict: check(z.enum(livenessVerdicts), row.livenessVerdict, 'livenessVerdict'),
            perModel: check(modelScores, row.livenessModels ?? [], 'livenessModels'),
          },
  },
  AGE_GENDER: {
    columns: [col('age', 'int'), col('gender', 'text', `r."gender"::"Gender"`), col('genderProbability', 'float8')],
    write: (f) => ({ age: f.age, gender: f.gender, genderProbability: f.genderProbability }),
    read: (row, check) =>
      row.age === null ? null : { age: row.age, gender: check(z.enum(genders), row.gender, 'gender'), genderProbability: row.genderProbability ?? 0 },
  },
  DEEPFAKE: {
    columns: [col('deepfakeScore', 'float8'), col('deepfakeVerdict', 'text', `r."deepfakeVerdict"::"DeepfakeVerdict"`)],
    write: (f) => ({ deepfakeScore: f.fakeScore, deepfakeVerdict: f.verdict }),
    read: (row, check) =>
      row.deepfakeScore === null ? null : { fakeScore: row.deepfakeScore, verdict: check(z.enum(deepfakeVerdicts), row.deepfakeVerdict, 'deepfakeVerdict') },
  },
  EMOTION: {
    columns: [col('emotion', 'text'), col('emotionScores', 'jsonb')],
    write: (f) => ({ emotion: f.emotion, emotionScores: f.scores }),
    read: (row, check) => {
      if (row.emotion === null) return null;
      const emotion = check(z.enum(emotionLabels), row.emotion, 'emotion');
      const scores = check(emotionScores, row.emotionScores ?? [], 'emotionScores');
      return { emotion, probability: scores.find((s) => s.emotion === emotion)?.probability ?? 0, scores };
    },
  },
  IDENTIFICATION: {
    columns: [
      col('identityPersonId', 'uuid'),
      col('identitySimilarity', 'float8'),
      col('identityDecision', 'text'),
      col('identityMargin', 'float8'),
      col('identityCandidates', 'jsonb'),
    ],
    write: (f) => ({
      identityPersonId: f.personId,
      identitySimilarity: f.similarity,
      identityDecision: f.decision,
      identityMargin: f.margin,
      identityCandidates: f.candidates,
    }),
    read: (row, check) =>
      row.identityDecision === null
        ? null
        : {
            decision: check(z.enum(identificationDecisions), row.identityDecision, 'identityDecision'),
            personId: row.identityPersonId,
            similarity: row.identitySimilarity,
            margin: row.identityMargin,
            // Rows written before candidates were stored have none.
            candidates: check(candidates, row.identityCandidates ?? [], 'identityCandidates'),
          },
  },
} satisfies { [S in PerFaceStage]: FaceStageColumns<S, unknown> };

/** One face's row for jsonb_to_recordset: its index and the stage's columns. */
export function faceRows<S extends PerFaceStage>(stage: S, result: StageResults[S]): Record<string, unknown>[] {
  const spec = faceStageColumns[stage] as FaceStageColumns<S, unknown>;
  return (result.faces as FaceResult<S>[]).map((face, faceIndex) => ({ faceIndex, ...spec.write(face, result) }));
}
