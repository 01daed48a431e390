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
