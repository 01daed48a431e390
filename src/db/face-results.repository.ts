import type { StageResults } from '../pipeline/results.ts';
import type { Stage } from '../pipeline/stages.ts';
import type { Db } from './database.ts';
import type { Prisma } from './generated/client.ts';

type SessionRef = { id: string; tenantId: string };
type FaceUpdate = Prisma.FaceUpdateManyMutationInput;

/** pgvector's text form: '[0.1,0.2,...]'. */
export function toVectorLiteral(values: readonly number[]): string {
  return `[${values.join(',')}]`;
}

export function parseVectorLiteral(text: string): number[] {
  return text.replace(/^\[|\]$/g, '').split(',').map(Number);
}

/**
 * Writes each per-face stage's results onto the session's Face rows (keyed by faceIndex), one
 * transaction per stage. Plain updates of the same values, so a job run twice leaves the same rows.
 */
export class FaceResultsRepository {
  constructor(private readonly db: Db) {}

  async save<S extends Exclude<Stage, 'DETECTION' | 'ALIGNMENT'>>(session: SessionRef, stage: S, result: StageResults[S]): Promise<void> {
    if (stage === 'RECOGNITION') return this.saveEmbeddings(session, result as StageResults['RECOGNITION']);
    const updates = (result.faces as unknown[]).map((face) => toColumns(stage, face));
    await this.db.$transaction(
      updates.map((data, faceIndex) => this.db.face.updateMany({ where: { sessionId: session.id, faceIndex }, data })),
    );
  }

  /** The vector column is outside Prisma's types, so it is written with SQL. */
  private async saveEmbeddings(session: SessionRef, result: StageResults['RECOGNITION']): Promise<void> {
    await this.db.$transaction(
      result.faces.map((face, faceIndex) =>
        face.embedding
          ? this.db.$executeRaw`UPDATE "Face" SET "embedding" = ${toVectorLiteral(face.embedding)}::vector, "embeddingModel" = ${result.model}, "recognitionSkipped" = NULL
              WHERE "sessionId" = ${session.id}::uuid AND "faceIndex" = ${faceIndex}`
          : this.db.$executeRaw`UPDATE "Face" SET "embedding" = NULL, "embeddingModel" = ${result.model}, "recognitionSkipped" = ${face.skipped}
              WHERE "sessionId" = ${session.id}::uuid AND "faceIndex" = ${faceIndex}`,
      ),
    );
  }

  /** Embeddings of many faces at once (a DataLoader batch); faces without one are absent. */
  async embeddings(tenantId: string, faceIds: readonly string[]): Promise<Map<string, number[]>> {
    const rows = await this.db.$queryRaw<{ id: string; embedding: string }[]>`
      SELECT "id"::text AS id, "embedding"::text AS embedding FROM "Face"
      WHERE "tenantId" = ${tenantId} AND "id" = ANY(${[...faceIds]}::uuid[]) AND "embedding" IS NOT NULL`;
    return new Map(rows.map((r) => [r.id, parseVectorLiteral(r.embedding)]));
  }
}

function toColumns(stage: Exclude<Stage, 'DETECTION' | 'ALIGNMENT' | 'RECOGNITION'>, face: unknown): FaceUpdate {
  switch (stage) {
    case 'LANDMARKS': {
      const f = face as StageResults['LANDMARKS']['faces'][number];
      return { landmarks68: f.points.map((p) => ({ x: p.x, y: p.y })), poseYaw: f.pose.yaw, posePitch: f.pose.pitch, poseRoll: f.pose.roll };
    }
    case 'QUALITY': {
      const { score, passed, issues, ...reasons } = face as StageResults['QUALITY']['faces'][number];
      return { qualityScore: score, qualityPassed: passed, qualityIssues: issues, qualityReasons: reasons };
    }
    case 'ANTI_SPOOFING': {
      const f = face as StageResults['ANTI_SPOOFING']['faces'][number];
      return { liveScore: f.liveScore, livenessVerdict: f.verdict, livenessModels: f.perModel };
    }
    case 'AGE_GENDER': {
      const f = face as StageResults['AGE_GENDER']['faces'][number];
      return { age: f.age, gender: f.gender, genderProbability: f.genderProbability };
    }
    case 'DEEPFAKE': {
      const f = face as StageResults['DEEPFAKE']['faces'][number];
      return { deepfakeScore: f.fakeScore, deepfakeVerdict: f.verdict };
    }
    case 'EMOTION': {
      const f = face as StageResults['EMOTION']['faces'][number];
      return { emotion: f.emotion, emotionScores: f.scores };
    }
  }
}
