import type { Logger } from 'pino';
import { internalFailure, workerCrashed } from '../pipeline/errors.ts';
import type { SessionsRepository } from '../db/sessions.repository.ts';
import type { EventBus } from '../transport/event-bus.ts';
import type { ImageStore } from '../transport/image-store.ts';
import { STALL_LIMIT_REASON, type BullJobQueue } from '../transport/bullmq-queue.ts';

/** Failed jobs cleared per pass; the rest wait for the next pass (every RECONCILE_INTERVAL_MS). */
const FAILED_SWEEP_LIMIT = 200;

/** Why a session ended without its worker saying so. */
const lostJobError = (failedReason: string): { code: string; message: string } => (failedReason === STALL_LIMIT_REASON ? workerCrashed : internalFailure);

/**
 * Queue mode: ends or restarts every unfinished session whose job no longer runs, exactly once.
 * - No job (Redis flushed, enqueue interrupted, removed): re-enqueued while its image is still
 *   stored, else FAILED with IMAGE_EXPIRED.
 * - A failed job (its last attempt, or BullMQ's stall limit for a job that crashed its worker each
 *   time) whose worker could not end the session: FAILED with WORKER_CRASHED or INTERNAL, its image
 *   deleted, the job removed. A failed job is lost, not owned.
 * - A job left in the failed set after its session ended (its worker died between ending the session
 *   and removing the job): removed, with its image.
 * Job IDs are session IDs and the first terminal state wins, so replicas reconciling at the same
 * time, and a late worker, cannot enqueue a session twice or contradict each other.
 */
export async function reconcileQueued(deps: {
  sessions: SessionsRepository;
  queue: BullJobQueue;
  images: ImageStore;
  events: EventBus;
  logger: Logger;
}): Promise<void> {
  const { sessions, queue, images, events, logger } = deps;
  const fail = async (session: { id: string; tenantId: string }, error: { code: string; message: string }): Promise<boolean> => {
    const ended = await sessions.markFailed(session.id, error);
    if (ended)
      await events.publish({
        sessionId: session.id,
        tenantId: session.tenantId,
        type: 'FAILED',
        stage: null,
        model: null,
        durationMs: null,
        error,
        at: new Date(),
      });
    return ended;
  };
  /** A failed job is lost, not owned: its session ends (unless something ended it already) and nothing of it stays in Redis. */
  const clearFailed = async (session: { id: string; tenantId: string }, failedReason: string): Promise<void> => {
    const error = lostJobError(failedReason);
    if (await fail(session, error))
      logger.error({ sessionId: session.id, failedReason, code: error.code }, 'ended a session whose job had failed without ending it');
    await images.delete(session.id);
    await queue.removeJob(session.id);
  };
  for (const { job, failedReason } of await queue.failedJobs(FAILED_SWEEP_LIMIT))
    await clearFailed({ id: job.sessionId, tenantId: job.tenantId }, failedReason);
  for (const session of await sessions.unfinished()) {
    const job = await queue.jobState(session.id);
    if (job?.state === 'failed') {
      await clearFailed(session, job.failedReason);
    } else if (job?.state === 'completed') {
      // The job ran to its end, so the session must have ended: one still open lost its last write.
      if (await fail(session, internalFailure)) {
        logger.error({ sessionId: session.id }, 'ended a session whose job had completed without ending it');
      }
    } else if (job) {
      continue;
    } else if (await images.has(session.id)) {
      await queue.enqueue({ sessionId: session.id, tenantId: session.tenantId, stages: session.stages, imageRef: session.id, requestId: session.requestId });
      logger.warn({ sessionId: session.id }, 're-enqueued a session that had no job');
    } else if (await fail(session, { code: 'IMAGE_EXPIRED', message: 'The uploaded image is no longer available; upload it again.' })) {
      logger.warn({ sessionId: session.id }, 'ended a session whose job and image were lost (IMAGE_EXPIRED)');
    }
  }
}

/**
 * Embedded mode: the in-process queue and image store do not survive a restart, so sessions left
 * unfinished by the last run can never complete: they end as FAILED with a reason instead of hanging.
 */
export async function failInterrupted(sessions: SessionsRepository): Promise<void> {
  for (const session of await sessions.unfinished()) {
    await sessions.markFailed(session.id, { code: 'INTERRUPTED', message: 'The server stopped before this analysis finished; upload the image again.' });
  }
}
