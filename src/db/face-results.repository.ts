import type { StageResult } from '../pipeline/results.ts';
import type { Db } from './database.ts';
import { faceRows } from './face-stage-columns.ts';
import { detectionSql, perFaceStageSql, stageRunOnlySql } from './stage-writes.sql.ts';
import { parseVectorLiteral } from './vector.ts';

type SessionRef = { id: string; tenantId: string };

export interface FinishedStage {
  model: string | null;
  startedAt: Date;
  finishedAt: Date;
  durationMs: number;
}

/**
 * Each finished stage's results: its StageRun row and its per-face columns (DETECTION: the Face rows),
 * written in one statement (stage-writes.sql.ts). Upserts and plain updates of the same values, so a
 * job run twice leaves the same rows.
 */
export class FaceResultsRepository {
  constructor(private readonly db: Db) {}

  /** Writes one finished stage; for DETECTION returns faceIndex -> face ID (empty otherwise). */
  async saveStage(session: SessionRef, finished: StageResult & FinishedStage): Promise<Map<number, string>> {
    const run = [session.tenantId, session.id, finished.stage, finished.model, finished.startedAt, finished.finishedAt, finished.durationMs];
    switch (finished.stage) {
      case 'DETECTION': {
        const { faces, padded } = finished.result;
        const rows = faces.map((f, faceIndex) => ({
          faceIndex,
          boxX: f.box.x,
          boxY: f.box.y,
          boxWidth: f.box.width,
          boxHeight: f.box.height,
          score: f.score,
          landmarks: f.landmarks,
          padded,
        }));
        const ids = await this.db.$queryRawUnsafe<{ id: string; faceIndex: number }[]>(detectionSql, ...run, JSON.stringify(rows));
        return new Map(ids.map((r) => [r.faceIndex, r.id]));
      }
      case 'ALIGNMENT':
        await this.db.$executeRawUnsafe(stageRunOnlySql, ...run);
        return new Map();
      default: {
        await this.db.$executeRawUnsafe(perFaceStageSql(finished.stage), ...run, JSON.stringify(faceRows(finished.stage, finished.result)));
        return new Map();
      }
    }
  }

  /** Embeddings of many faces at once (a DataLoader batch); faces without one are absent. */
  async embeddings(tenantId: string, faceIds: readonly string[]): Promise<Map<string, number[]>> {
    const rows = await this.db.$queryRaw<{ id: string; embedding: string }[]>`
      SELECT "id"::text AS id, "embedding"::text AS embedding FROM "Face"
      WHERE "tenantId" = ${tenantId} AND "id" = ANY(${[...faceIds]}::uuid[]) AND "embedding" IS NOT NULL`;
    return new Map(rows.map((r) => [r.id, parseVectorLiteral(r.embedding)]));
  }
}
