import { faceStageColumns, type PerFaceStage } from './face-stage-columns.ts';

/**
 * SQL for writing one finished stage in a single statement: its StageRun row and every face's result
 * columns (or, for DETECTION, the Face rows themselves). One statement instead of one per face plus
 * one for the run: on embedded PGlite every statement costs the API's event loop about a millisecond.
 * Face values travel as one JSON parameter, unpacked by jsonb_to_recordset.
 */

/** Parameters $1..$8 of every stage statement: the StageRun row. */
const stageRunCte = `run AS (
  INSERT INTO "StageRun" ("id", "tenantId", "sessionId", "stage", "status", "model", "startedAt", "finishedAt", "durationMs")
  VALUES (gen_random_uuid(), $1, $2::uuid, $3, 'COMPLETED', $4, $5::timestamptz, $6::timestamptz, $7::float8)
  ON CONFLICT ("sessionId", "stage") DO UPDATE SET
    "status" = EXCLUDED."status", "model" = EXCLUDED."model", "startedAt" = EXCLUDED."startedAt",
    "finishedAt" = EXCLUDED."finishedAt", "durationMs" = EXCLUDED."durationMs"
)`;

/** Stage run plus per-face updates; the face rows are parameter $8 (a JSON array). */
export function perFaceStageSql(stage: PerFaceStage): string {
  const { columns } = faceStageColumns[stage];
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
