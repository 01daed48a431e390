import { randomUUID } from 'node:crypto';
import type { AnalysisSession } from '../db/sessions.repository.ts';
import { planStages, type Stage } from '../pipeline/stages.ts';
import type { AppServices } from './context.ts';
import { userError } from './errors.ts';
import type { UploadedImage } from './image-upload.ts';

/** The stages a request needs, or STAGE_UNAVAILABLE before anything is stored. */
export function planAvailableStages(services: AppServices, requested: readonly Stage[] | null | undefined): Stage[] {
  const plan = planStages(requested);
  const unavailable = services.info.unavailableStages.find((u) => plan.includes(u.stage));
  if (unavailable) throw userError('STAGE_UNAVAILABLE', `${unavailable.stage}: ${unavailable.reason}`);
  return plan;
}

/**
 * Stores the image, creates its session (QUEUED) and enqueues the job, then publishes QUEUED. The image
 * is stored under the session's ID, so the reconciler can re-enqueue a session whose job was lost. On
 * failure nothing half-made is left behind: no image without a session, no QUEUED session without a job.
 */
export async function submitAnalysis(
  services: AppServices,
  input: { tenantId: string; upload: UploadedImage; stages: Stage[]; batch?: { id: string; index: number } },
): Promise<AnalysisSession> {
  const { sessions, images, queue, events, logger } = services;
  const { tenantId, upload, stages } = input;
  const id = randomUUID();
  await images.put(id, upload.bytes);
  let session: AnalysisSession;
  try {
    session = await sessions.create({ id, tenantId, stages, batch: input.batch, image: { ...upload, bytes: upload.bytes.byteLength } });
  } catch (error) {
    await images.delete(id);
    throw error;
  }
  try {
    await queue.enqueue({ sessionId: id, tenantId, stages, imageRef: id });
  } catch (error) {
    logger.error({ err: error, sessionId: id }, 'could not enqueue analysis job');
    await sessions.markFailed(id, { code: 'INTERNAL', message: 'The analysis could not be queued; try again.' });
    await images.delete(id);
    throw error;
  }
  await events.publish({ sessionId: id, tenantId, type: 'QUEUED', stage: null, model: null, durationMs: null, error: null, at: session.createdAt });
  return session;
}
