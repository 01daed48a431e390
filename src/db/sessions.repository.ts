import type { Stage } from '../pipeline/stages.ts';
import type { Db } from './database.ts';
import { toFaceRecord, type FaceRecord } from './mappers/face.mapper.ts';
import {
  toSessionRecord,
  toStageRunRecord,
  type AnalysisBatch,
  type SessionRecord,
  type SessionStatus,
  type StageRunRecord,
} from './mappers/session.mapper.ts';

export type { AnalysisBatch, FaceRecord, SessionRecord, SessionStatus, StageRunRecord };

export interface NewSession {
  id?: string;
  tenantId: string;
  requestId?: string | null;
  batch?: { id: string; index: number } | undefined;
  livenessSessionId?: string | undefined;
  stages: Stage[];
  image: { width: number; height: number; format: string; bytes: number; sha256: string };
}

export interface SessionCursor {
  createdAt: Date;
  id: string;
}

export interface SessionPage {
  tenantId: string;
  status?: SessionStatus | null;
  /** Sessions are listed newest first; `after` pages towards older ones, `before` towards newer. */
  after?: SessionCursor | null;
  before?: SessionCursor | null;
  limit: number;
  /** Read in the opposite order (Relay's `last`); the caller reverses the rows. */
  inverted?: boolean;
}

/** All reads and writes of sessions, stage runs and faces, as typed records. Every query is scoped to a tenant. */
export class SessionsRepository {
  constructor(private readonly db: Db) {}

  async create(input: NewSession): Promise<SessionRecord> {
    return toSessionRecord(
      await this.db.analysisSession.create({
        data: {
          ...(input.id ? { id: input.id } : {}),
          ...(input.batch ? { batchId: input.batch.id, batchIndex: input.batch.index } : {}),
          ...(input.livenessSessionId ? { livenessSessionId: input.livenessSessionId } : {}),
          tenantId: input.tenantId,
          requestId: input.requestId ?? null,
          stages: input.stages,
          imageWidth: input.image.width,
          imageHeight: input.image.height,
          imageFormat: input.image.format,
          imageBytes: input.image.bytes,
          imageSha256: input.image.sha256,
        },
      }),
    );
  }

  createBatch(tenantId: string, size: number): Promise<AnalysisBatch> {
    return this.db.analysisBatch.create({ data: { tenantId, size } });
  }

  findBatch(tenantId: string, id: string): Promise<AnalysisBatch | null> {
    return this.db.analysisBatch.findFirst({ where: { id, tenantId } });
  }

  /** The sessions of many batches (one query for a page), in batch order. */
  async batchSessions(batchIds: readonly string[]): Promise<SessionRecord[]> {
    return (await this.db.analysisSession.findMany({ where: { batchId: { in: [...batchIds] } }, orderBy: [{ batchId: 'asc' }, { batchIndex: 'asc' }] })).map(
      toSessionRecord,
    );
  }

  /** A batch item whose upload was refused (unreadable, too large): a FAILED session with the reason, so the batch still accounts for it. */
  async createRejected(input: {
    tenantId: string;
    stages: Stage[];
    batch: { id: string; index: number };
    bytes: number;
    sha256: string;
    error: { code: string; message: string };
  }): Promise<SessionRecord> {
    const now = new Date();
    const row = await this.db.analysisSession.create({
      data: {
        tenantId: input.tenantId,
        stages: input.stages,
        batchId: input.batch.id,
        batchIndex: input.batch.index,
        status: 'FAILED',
        imageWidth: 0,
        imageHeight: 0,
        imageFormat: 'unknown',
        imageBytes: input.bytes,
        imageSha256: input.sha256,
        errorCode: input.error.code,
        errorMessage: input.error.message,
        completedAt: now,
      },
    });
    return toSessionRecord(row);
  }

  async find(tenantId: string, id: string): Promise<SessionRecord | null> {
    const row = await this.db.analysisSession.findFirst({ where: { id, tenantId } });
    return row ? toSessionRecord(row) : null;
  }

  async page({ tenantId, status, after, before, limit, inverted = false }: SessionPage): Promise<SessionRecord[]> {
    const older = (c: SessionCursor) => ({ OR: [{ createdAt: { lt: c.createdAt } }, { createdAt: c.createdAt, id: { lt: c.id } }] });
    const newer = (c: SessionCursor) => ({ OR: [{ createdAt: { gt: c.createdAt } }, { createdAt: c.createdAt, id: { gt: c.id } }] });
    const direction = inverted ? 'asc' : 'desc';
    const rows = await this.db.analysisSession.findMany({
      where: {
        tenantId,
        // A liveness session's frames belong to it (livenessSession), not to the tenant's list of analyses.
        livenessSessionId: null,
        ...(status ? { status } : {}),
        AND: [...(after ? [older(after)] : []), ...(before ? [newer(before)] : [])],
      },
      orderBy: [{ createdAt: direction }, { id: direction }],
      take: limit,
    });
    return rows.map(toSessionRecord);
  }

  async findFace(tenantId: string, id: string): Promise<FaceRecord | null> {
    const row = await this.db.face.findFirst({ where: { id, tenantId } });
    return row ? toFaceRecord(row) : null;
  }

  /** Stage runs of many sessions at once (one query for a whole page). */
  async stageRuns(sessionIds: readonly string[]): Promise<StageRunRecord[]> {
    return (await this.db.stageRun.findMany({ where: { sessionId: { in: [...sessionIds] } }, orderBy: { startedAt: 'asc' } })).map(toStageRunRecord);
  }

  async faces(sessionIds: readonly string[]): Promise<FaceRecord[]> {
    return (await this.db.face.findMany({ where: { sessionId: { in: [...sessionIds] } }, orderBy: [{ sessionId: 'asc' }, { faceIndex: 'asc' }] })).map(
      toFaceRecord,
    );
  }

  /** QUEUED -> RUNNING; false when the session is already terminal (a job run twice does nothing). */
  async markRunning(id: string): Promise<boolean> {
    const { count } = await this.db.analysisSession.updateMany({
      where: { id, status: { in: ['QUEUED', 'RUNNING'] } },
      data: { status: 'RUNNING', startedAt: new Date() },
    });
    return count === 1;
  }

  /**
   * Records a stage that failed. Finished stages are written with their results by
   * FaceResultsRepository.saveStage (one write per stage; the live STAGE_STARTED event has no row).
   */
  async stageEnded(
    session: { id: string; tenantId: string },
    run: { stage: Stage; model: string | null; status: 'COMPLETED' | 'FAILED'; startedAt: Date; finishedAt: Date; durationMs: number | null },
  ): Promise<void> {
    const data = { status: run.status, model: run.model, startedAt: run.startedAt, finishedAt: run.finishedAt, durationMs: run.durationMs };
    await this.db.stageRun.upsert({
      where: { sessionId_stage: { sessionId: session.id, stage: run.stage } },
      create: { sessionId: session.id, tenantId: session.tenantId, stage: run.stage, ...data },
      update: data,
    });
  }

  /** RUNNING -> COMPLETED. False when the session already ended (the first terminal state wins). */
  async markCompleted(id: string): Promise<boolean> {
    const { count } = await this.db.analysisSession.updateMany({
      where: { id, status: { in: ['QUEUED', 'RUNNING'] } },
      data: { status: 'COMPLETED', completedAt: new Date() },
    });
    return count === 1;
  }

  /** Fails the session (and any stage still marked RUNNING) unless it already ended; false then. */
  async markFailed(id: string, error: { code: string; message: string }): Promise<boolean> {
    const now = new Date();
    const [, { count }] = await this.db.$transaction([
      this.db.stageRun.updateMany({ where: { sessionId: id, status: 'RUNNING' }, data: { status: 'FAILED', finishedAt: now } }),
      this.db.analysisSession.updateMany({
        where: { id, status: { in: ['QUEUED', 'RUNNING'] } },
        data: { status: 'FAILED', errorCode: error.code, errorMessage: error.message, completedAt: now },
      }),
    ]);
    return count === 1;
  }

  /** How many of a tenant's sessions are QUEUED or RUNNING: one COUNT on the (tenantId, status) index (the queued-session cap). */
  countUnfinished(tenantId: string): Promise<number> {
    return this.db.analysisSession.count({ where: { tenantId, status: { in: ['QUEUED', 'RUNNING'] } } });
  }

  /** Sessions not in a terminal state (start-up reconciliation). */
  async unfinished(): Promise<SessionRecord[]> {
    return (await this.db.analysisSession.findMany({ where: { status: { in: ['QUEUED', 'RUNNING'] } } })).map(toSessionRecord);
  }
}
