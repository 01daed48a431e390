import type { Db } from './database.ts';
import type { VideoAnalysis, VideoFaceTrack, VideoFrameFace } from './generated/client.ts';
import {
  toVideoAnalysisRecord,
  toVideoFrameFaceRecord,
  toVideoTrackRecord,
  type VideoAnalysisRecord,
  type VideoFrameFaceRecord,
  type VideoTrackRecord,
} from './mappers/video.mapper.ts';

export type { VideoAnalysisRecord, VideoFrameFaceRecord, VideoTrackRecord };

export type NewVideoAnalysis = Pick<
  VideoAnalysis,
  | 'tenantId'
  | 'stages'
  | 'requestId'
  | 'fileName'
  | 'bytes'
  | 'container'
  | 'codec'
  | 'durationS'
  | 'sourceFps'
  | 'width'
  | 'height'
  | 'startS'
  | 'sampleFps'
  | 'maxFrames'
  | 'framesPlanned'
  | 'blobKey'
>;

export type NewVideoTrack = Omit<VideoFaceTrack, 'id' | 'tenantId' | 'videoAnalysisId' | 'identityCandidates'> & { identityCandidates: object | null };
export type NewVideoFrameFace = Omit<VideoFrameFace, 'id' | 'tenantId' | 'videoAnalysisId'>;

/** Video analyses, their tracks and frame faces; every read a client makes is scoped to a tenant. */
export class VideoRepository {
  constructor(private readonly db: Db) {}

  async create(input: NewVideoAnalysis): Promise<VideoAnalysisRecord> {
    return toVideoAnalysisRecord(await this.db.videoAnalysis.create({ data: input }));
  }

  async find(tenantId: string, id: string): Promise<VideoAnalysisRecord | null> {
    const row = await this.db.videoAnalysis.findFirst({ where: { id, tenantId } });
    return row && toVideoAnalysisRecord(row);
  }

  /** The tenant's analyses QUEUED or RUNNING (the per-tenant cap). */
  countUnfinished(tenantId: string): Promise<number> {
    return this.db.videoAnalysis.count({ where: { tenantId, status: { in: ['QUEUED', 'RUNNING'] } } });
  }

  /** The tenant's analyses, newest first, after a (createdAt, id) cursor. */
  async page(tenantId: string, options: { limit: number; before?: { createdAt: Date; id: string } | undefined }): Promise<VideoAnalysisRecord[]> {
    const { before } = options;
    const rows = await this.db.videoAnalysis.findMany({
      where: { tenantId, ...(before ? { OR: [{ createdAt: { lt: before.createdAt } }, { createdAt: before.createdAt, id: { lt: before.id } }] } : {}) },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: options.limit,
    });
    return rows.map(toVideoAnalysisRecord);
  }

  /**
   * QUEUED or RUNNING -> RUNNING, counting the attempt: a worker that takes over after another was
   * killed starts again from the first frame. Null when the analysis has ended (or is gone).
   */
  async start(id: string): Promise<VideoAnalysisRecord | null> {
    const { count } = await this.db.videoAnalysis.updateMany({
      where: { id, status: { in: ['QUEUED', 'RUNNING'] } },
      data: { status: 'RUNNING', startedAt: new Date(), framesDone: 0, attempts: { increment: 1 } },
    });
    const row = count === 1 ? await this.db.videoAnalysis.findUnique({ where: { id } }) : null;
    return row && toVideoAnalysisRecord(row);
  }

  /** Frames analysed so far (progress for clients that poll instead of subscribing). */
  async progress(id: string, framesDone: number): Promise<void> {
    await this.db.videoAnalysis.updateMany({ where: { id, status: 'RUNNING' }, data: { framesDone } });
  }

  /**
   * Stores the result once: RUNNING -> COMPLETED with every track and frame face in one transaction,
   * replacing what an earlier, interrupted attempt may have left. False when the analysis had already
   * ended (a second worker finishing the same job writes nothing).
   */
  async complete(
    id: string,
    result: {
      framesDone: number;
      frameSize: { width: number; height: number } | null;
      tracks: readonly NewVideoTrack[];
      frameFaces: readonly NewVideoFrameFace[];
      blob: { key: string | null; expiresAt: Date | null };
    },
  ): Promise<boolean> {
    return this.db.$transaction(async (tx) => {
      const row = await tx.videoAnalysis.findUnique({ where: { id }, select: { tenantId: true, status: true } });
      if (!row || row.status !== 'RUNNING') return false;
      const { tenantId } = row;
      await tx.videoFaceTrack.deleteMany({ where: { videoAnalysisId: id } });
      await tx.videoFrameFace.deleteMany({ where: { videoAnalysisId: id } });
      await tx.videoFaceTrack.createMany({
        data: result.tracks.map((t) => ({ ...t, identityCandidates: t.identityCandidates ?? undefined, tenantId, videoAnalysisId: id })),
      });
      await tx.videoFrameFace.createMany({ data: result.frameFaces.map((f) => ({ ...f, tenantId, videoAnalysisId: id })) });
      const { count } = await tx.videoAnalysis.updateMany({
        where: { id, status: 'RUNNING' },
        data: {
          status: 'COMPLETED',
          completedAt: new Date(),
          framesDone: result.framesDone,
          frameWidth: result.frameSize?.width ?? null,
          frameHeight: result.frameSize?.height ?? null,
          blobKey: result.blob.key,
          blobExpiresAt: result.blob.expiresAt,
        },
      });
      return count === 1;
    });
  }

  /** QUEUED or RUNNING -> FAILED with a code, once; the blob's key is cleared with it when it was deleted. */
  async fail(id: string, error: { code: string; message: string }, blob: { key: string | null; expiresAt: Date | null }): Promise<boolean> {
    const { count } = await this.db.videoAnalysis.updateMany({
      where: { id, status: { in: ['QUEUED', 'RUNNING'] } },
      data: { status: 'FAILED', errorCode: error.code, errorMessage: error.message, completedAt: new Date(), blobKey: blob.key, blobExpiresAt: blob.expiresAt },
    });
    return count === 1;
  }

  async tracks(tenantId: string, videoAnalysisId: string, options: { afterTrackId: number; limit: number }): Promise<VideoTrackRecord[]> {
    const rows = await this.db.videoFaceTrack.findMany({
      where: { tenantId, videoAnalysisId, trackId: { gt: options.afterTrackId } },
      orderBy: { trackId: 'asc' },
      take: options.limit,
    });
    return rows.map(toVideoTrackRecord);
  }

  /** Tracks per analysis, for a page of analyses in one query. */
  async trackCounts(tenantId: string, videoAnalysisIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.db.videoFaceTrack.groupBy({
      by: ['videoAnalysisId'],
      where: { tenantId, videoAnalysisId: { in: [...videoAnalysisIds] } },
      _count: { _all: true },
    });
    return new Map(rows.map((r) => [r.videoAnalysisId, r._count._all]));
  }

  /** Frame faces in (frameIndex, faceIndex) order after a cursor, optionally of one track. */
  async frameFaces(
    tenantId: string,
    videoAnalysisId: string,
    options: { after: { frameIndex: number; faceIndex: number } | null; limit: number; trackId?: number | null | undefined },
  ): Promise<VideoFrameFaceRecord[]> {
    const { after } = options;
    const rows = await this.db.videoFrameFace.findMany({
      where: {
        tenantId,
        videoAnalysisId,
        ...(options.trackId !== undefined && options.trackId !== null ? { trackId: options.trackId } : {}),
        ...(after ? { OR: [{ frameIndex: { gt: after.frameIndex } }, { frameIndex: after.frameIndex, faceIndex: { gt: after.faceIndex } }] } : {}),
      },
      orderBy: [{ frameIndex: 'asc' }, { faceIndex: 'asc' }],
      take: options.limit,
    });
    return rows.map(toVideoFrameFaceRecord);
  }

  /** Erases the analysis with its tracks and frame faces (cascade); its blob key, so the caller can delete the blob. */
  async erase(tenantId: string, id: string): Promise<{ blobKey: string | null } | null> {
    return this.db.$transaction(async (tx) => {
      const row = await tx.videoAnalysis.findFirst({ where: { id, tenantId }, select: { blobKey: true } });
      if (!row) return null;
      await tx.videoAnalysis.delete({ where: { id } });
      return row;
    });
  }

  /** Analyses created before `before` (past their retention), at most `limit`. */
  pastRetention(before: Date, limit: number): Promise<{ id: string; tenantId: string }[]> {
    return this.db.videoAnalysis.findMany({ where: { createdAt: { lt: before } }, select: { id: true, tenantId: true }, take: limit });
  }

  /** Ended analyses whose blob was kept (BLOB_RETENTION_DAYS) past `now`, at most `limit`. */
  expiredBlobs(now: Date, limit: number): Promise<{ id: string; blobKey: string | null }[]> {
    return this.db.videoAnalysis.findMany({
      where: { blobExpiresAt: { lt: now }, blobKey: { not: null }, status: { in: ['COMPLETED', 'FAILED'] } },
      select: { id: true, blobKey: true },
      take: limit,
    });
  }

  async blobDeleted(id: string): Promise<void> {
    await this.db.videoAnalysis.updateMany({ where: { id }, data: { blobKey: null, blobExpiresAt: null } });
  }

  /** QUEUED or RUNNING analyses created before `before` (their job may be lost: Redis restarted without persistence). */
  unfinished(before: Date, limit: number): Promise<Pick<VideoAnalysis, 'id' | 'tenantId' | 'requestId'>[]> {
    return this.db.videoAnalysis.findMany({
      where: { status: { in: ['QUEUED', 'RUNNING'] }, createdAt: { lt: before } },
      select: { id: true, tenantId: true, requestId: true },
      take: limit,
    });
  }
}
