import type { StageResults } from '../pipeline/results.ts';
import type { Stage } from '../pipeline/stages.ts';
import { toVectorLiteral } from './vector.ts';

/**
 * SQL for writing one finished stage in a single statement: its StageRun row and every face's result
 * columns (or, for DETECTION, the Face rows themselves). One statement instead of one per face plus
 * one for the run: on embedded PGlite every statement costs the API's event loop about a millisecond.
 * Face values travel as one JSON parameter, unpacked by jsonb_to_recordset.
 */

type PerFaceStage = Exclude<Stage, 'DETECTION' | 'ALIGNMENT'>;

interface Column {
  name: string;
  /** Type in jsonb_to_recordset's column list. */
  type: string;
  /** Expression assigned to the Face column; `r.<name>` when omitted. */
  value?: string;
}

const col = (name: string, type: string, value?: string): Column => ({ name, type, ...(value ? { value } : {}) });

export const stageColumns: Record<PerFaceStage, Column[]> = {
  LANDMARKS: [col('landmarks68', 'jsonb'), col('poseYaw', 'float8'), col('posePitch', 'float8'), col('poseRoll', 'float8')],
  QUALITY: [
    col('qualityScore', 'float8'),
    col('qualityPassed', 'boolean'),
    col('qualityIssues', 'jsonb', `ARRAY(SELECT jsonb_array_elements_text(r."qualityIssues"))`),
    col('qualityReasons', 'jsonb'),
  ],
  RECOGNITION: [col('embedding', 'text', `r."embedding"::vector`), col('embeddingModel', 'text'), col('recognitionSkipped', 'text')],
  ANTI_SPOOFING: [col('liveScore', 'float8'), col('livenessVerdict', 'text', `r."livenessVerdict"::"LivenessVerdict"`), col('livenessModels', 'jsonb')],
  AGE_GENDER: [col('age', 'int'), col('gender', 'text', `r."gender"::"Gender"`), col('genderProbability', 'float8')],
  DEEPFAKE: [col('deepfakeScore', 'float8'), col('deepfakeVerdict', 'text', `r."deepfakeVerdict"::"DeepfakeVerdict"`)],
  EMOTION: [col('emotion', 'text'), col('emotionScores', 'jsonb')],
  IDENTIFICATION: [col('identityPersonId', 'uuid'), col('identitySimilarity', 'float8'), col('identityDecision', 'text'), col('identityMargin', 'float8'), col('identityCandidates', 'jsonb')],
};

/** One face's row for jsonb_to_recordset, keyed like `stageColumns`. */
export function faceRow(stage: PerFaceStage, result: StageResults[PerFaceStage], faceIndex: number): Record<string, unknown> {
  const row = { faceIndex };
  switch (stage) {
    case 'LANDMARKS': {
      const f = (result as StageResults['LANDMARKS']).faces[faceIndex];
      return f ? { ...row, landmarks68: f.points, poseYaw: f.pose.yaw, posePitch: f.pose.pitch, poseRoll: f.pose.roll } : row;
    }
    case 'QUALITY': {
      const f = (result as StageResults['QUALITY']).faces[faceIndex];
      if (!f) return row;
      const { score, passed, issues, ...reasons } = f;
      return { ...row, qualityScore: score, qualityPassed: passed, qualityIssues: issues, qualityReasons: reasons };
    }
    case 'RECOGNITION': {
      const r = result as StageResults['RECOGNITION'];
      const f = r.faces[faceIndex];
      if (!f) return row;
      return { ...row, embedding: f.embedding ? toVectorLiteral(f.embedding) : null, embeddingModel: r.model, recognitionSkipped: f.skipped };
    }
    case 'ANTI_SPOOFING': {
      const f = (result as StageResults['ANTI_SPOOFING']).faces[faceIndex];
      return f ? { ...row, liveScore: f.liveScore, livenessVerdict: f.verdict, livenessModels: f.perModel } : row;
    }
    case 'AGE_GENDER': {
      const f = (result as StageResults['AGE_GENDER']).faces[faceIndex];
      return f ? { ...row, age: f.age, gender: f.gender, genderProbability: f.genderProbability } : row;
    }
    case 'DEEPFAKE': {
      const f = (result as StageResults['DEEPFAKE']).faces[faceIndex];
      return f ? { ...row, deepfakeScore: f.fakeScore, deepfakeVerdict: f.verdict } : row;
    }
    case 'EMOTION': {
      const f = (result as StageResults['EMOTION']).faces[faceIndex];
      return f ? { ...row, emotion: f.emotion, emotionScores: f.scores } : row;
    }
    case 'IDENTIFICATION': {
      const f = (result as StageResults['IDENTIFICATION']).faces[faceIndex];
      return f ? { ...row, identityPersonId: f.personId, identitySimilarity: f.similarity, identityDecision: f.decision, identityMargin: f.margin, identityCandidates: f.candidates } : row;
    }
  }
}

/** Parameters $1..$8 of every stage statement: the StageRun row. */
export const stageRunCte = `run AS (
  INSERT INTO "StageRun" ("id", "tenantId", "sessionId", "stage", "status", "model", "startedAt", "finishedAt", "durationMs")
  VALUES (gen_random_uuid(), $1, $2::uuid, $3, 'COMPLETED', $4, $5::timestamptz, $6::timestamptz, $7::float8)
  ON CONFLICT ("sessionId", "stage") DO UPDATE SET
    "status" = EXCLUDED."status", "model" = EXCLUDED."model", "startedAt" = EXCLUDED."startedAt",
    "finishedAt" = EXCLUDED."finishedAt", "durationMs" = EXCLUDED."durationMs"
)`;

/** Stage run plus per-face updates; the face rows are parameter $8 (a JSON array). */
export function perFaceStageSql(stage: PerFaceStage): string {
  const columns = stageColumns[stage];
  const sets = columns.map((c) => `"${c.name}" = ${c.value ?? `r."${c.name}"`}`).join(', ');
  const record = ['"faceIndex" int', ...columns.map((c) => `"${c.name}" ${c.type}`)].join(', ');
  return `WITH ${stageRunCte}
UPDATE "Face" AS f SET ${sets}
FROM jsonb_to_recordset($8::jsonb) AS r(${record})
WHERE f."sessionId" = $2::uuid AND f."faceIndex" = r."faceIndex"`;
}

/** A stage without per-face columns (ALIGNMENT): the run row only. */
export const stageRunOnlySql = `WITH ${stageRunCte} SELECT 1`;

/** DETECTION: the run, the faces upserted by (session, faceIndex), extra faces of an earlier run removed; returns the IDs. */
export const detectionSql = `WITH ${stageRunCte},
dropped AS (DELETE FROM "Face" WHERE "sessionId" = $2::uuid AND "faceIndex" >= jsonb_array_length($8::jsonb))
INSERT INTO "Face" ("id", "tenantId", "sessionId", "faceIndex", "boxX", "boxY", "boxWidth", "boxHeight", "score", "landmarks", "detectedWithPadding")
SELECT gen_random_uuid(), $1, $2::uuid, r."faceIndex", r."boxX", r."boxY", r."boxWidth", r."boxHeight", r."score", r."landmarks", r."padded"
FROM jsonb_to_recordset($8::jsonb) AS r("faceIndex" int, "boxX" float8, "boxY" float8, "boxWidth" float8, "boxHeight" float8, "score" float8, "landmarks" jsonb, "padded" boolean)
ON CONFLICT ("sessionId", "faceIndex") DO UPDATE SET
  "boxX" = EXCLUDED."boxX", "boxY" = EXCLUDED."boxY", "boxWidth" = EXCLUDED."boxWidth", "boxHeight" = EXCLUDED."boxHeight",
  "score" = EXCLUDED."score", "landmarks" = EXCLUDED."landmarks", "detectedWithPadding" = EXCLUDED."detectedWithPadding"
RETURNING "id"::text AS id, "faceIndex" AS "faceIndex"`;
