import { randomUUID } from 'node:crypto';
import type { SessionRecord } from '../db/sessions.repository.ts';
import { dependencyOutage } from '../observability/outage.ts';
import { AppError } from '../pipeline/errors.ts';
import type { Stage } from '../pipeline/stages.ts';
import type { UploadedImage } from './image-upload.ts';
import type { AppServices } from './services.ts';

/** The stages a request needs, or STAGE_UNAVAILABLE before anything is stored. */
export function planAvailableStages(services: Pick<AppServices, 'stageGraph' | 'info'>, requested: readonly Stage[] | null | undefined): Stage[] {
  const plan = services.stageGraph.plan(requested);
  const unavailable = services.info.unavailableStages.find((u) => plan.includes(u.stage));
  if (unavailable) throw new AppError('STAGE_UNAVAILABLE', `${unavailable.stage}: ${unavailable.reason}`);
  return plan;
}

/**
 * Stores the image, creates its session (QUEUED) and enqueues the job, then publishes QUEUED. The image
 * is stored under the session's ID, so the reconciler can re-enqueue a session whose job was lost. On
 * failure nothing half-made is left behind: no image without a session, no QUEUED session without a job.
 * A tenant that already has MAX_QUEUED_SESSIONS_PER_TENANT sessions QUEUED or RUNNING is refused
 * (RATE_LIMITED) before anything is stored. The check and the insert are not one transaction, so
 * uploads racing each other can pass the cap by at most their number.
 */
export async function submitAnalysis(
  services: AppServices,
  input: {
    tenantId: string;
    requestId: string | null;
    upload: UploadedImage;
    stages: Stage[];
    batch?: { id: string; index: number };
    /** A frame of this liveness session. */
    livenessSessionId?: string;
  },
): Promise<SessionRecord> {
  const { sessions, images, queue, events, config } = services;
  const { tenantId, upload, stages, requestId } = input;
  const logger = services.logger.child({ requestId });
  const unfinished = await sessions.countUnfinished(tenantId);
  if (unfinished >= config.MAX_QUEUED_SESSIONS_PER_TENANT) {
    throw new AppError(
      'RATE_LIMITED',
      `This tenant already has ${unfinished} analyses queued or running (at most ${config.MAX_QUEUED_SESSIONS_PER_TENANT}); retry in ${config.RETRY_AFTER_SECONDS} s, when some have finished.`,
      { retryAfterSeconds: config.RETRY_AFTER_SECONDS, limit: 'queuedSessions' },
    );
  }
  const id = randomUUID();
  await images.put(id, upload.bytes);
  let session: SessionRecord;
  try {
    session = await sessions.create({
      id,
      tenantId,
      requestId,
      stages,
      batch: input.batch,
      livenessSessionId: input.livenessSessionId,
      image: { ...upload, bytes: upload.bytes.byteLength },
    });
  } catch (error) {
    await images.delete(id).catch(() => undefined);
    throw error;
  }
  try {
    await queue.enqueue({ sessionId: id, tenantId, stages, imageRef: id, requestId, ...(input.livenessSessionId ? { livenessFrame: true } : {}) });
  } catch (error) {
    logger.error({ err: error, sessionId: id }, 'could not enqueue analysis job');
    const outage = dependencyOutage(error) !== null;
    await sessions.markFailed(id, { code: outage ? 'SERVICE_UNAVAILABLE' : 'INTERNAL', message: 'The analysis could not be queued; upload the image again.' });
    // The image key expires by itself if Redis cannot delete it now.
    await images.delete(id).catch(() => undefined);
    throw error;
  }
  await events.publish({ sessionId: id, tenantId, requestId, type: 'QUEUED', stage: null, model: null, durationMs: null, error: null, at: session.createdAt });
  logger.info({ sessionId: id, stages }, 'analysis queued');
  return session;
}
