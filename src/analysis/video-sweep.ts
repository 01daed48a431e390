import type { VideoRepository } from '../db/video.repository.ts';
import type { VideoQueue } from '../transport/video-queue.ts';
import type { AppServices } from './services.ts';

/** Analyses handled per pass: a backlog drains over a few passes. */
const BATCH = 200;

/**
 * Video housekeeping, every RECONCILE_INTERVAL_MS on each API replica (each step is idempotent):
 * uploads kept by BLOB_RETENTION_DAYS are deleted once that has passed, and analyses older than
 * VIDEO_RETENTION_DAYS are erased with their tracks, frame faces and any upload still stored.
 */
export async function sweepVideoAnalyses(services: Pick<AppServices, 'videos' | 'blobs' | 'config' | 'logger'>, now = new Date()): Promise<void> {
  const { videos, blobs, config, logger } = services;
  for (const { id, blobKey } of await videos.expiredBlobs(now, BATCH)) {
    if (blobKey) await blobs.delete(blobKey);
    await videos.blobDeleted(id);
  }
  let erased = 0;
  for (const { id, tenantId } of await videos.pastRetention(new Date(now.getTime() - config.VIDEO_RETENTION_DAYS * 86_400_000), BATCH)) {
    const gone = await videos.erase(tenantId, id);
    if (gone?.blobKey) await blobs.delete(gone.blobKey);
    if (gone) erased++;
  }
  if (erased) logger.info({ erased, retentionDays: config.VIDEO_RETENTION_DAYS }, 'video analyses past their retention erased');
}

/**
 * Queues again the analyses still QUEUED or RUNNING that were created before `before`: after an embedded
 * restart (their uploads are still on disk), or when Redis lost their jobs (queue mode, where an existing
 * job ID makes this a no-op). The handler starts each from its first frame.
 */
export async function requeueUnfinishedVideos(videos: VideoRepository, queue: VideoQueue, before: Date, limit: number): Promise<void> {
  for (const video of await videos.unfinished(before, limit)) {
    await queue.enqueue({ videoAnalysisId: video.id, tenantId: video.tenantId, requestId: video.requestId });
  }
}
