import type { Logger } from 'pino';
import type { SessionsRepository } from '../db/sessions.repository.ts';
import type { EventBus } from '../transport/event-bus.ts';
import type { ImageStore } from '../transport/image-store.ts';
import type { BullJobQueue } from '../transport/bullmq-queue.ts';

/**
 * Queue mode: a session whose job was lost (Redis flushed, enqueue interrupted) would wait forever:
 * re-enqueue it while its image is still stored, else fail it with IMAGE_EXPIRED. Job IDs are session
 * IDs, so replicas reconciling at the same time cannot enqueue a session twice.
 */
export async function reconcileQueued(deps: {
  sessions: SessionsRepository;
  queue: BullJobQueue;
  images: ImageStore;
  events: EventBus;
  logger: Logger;
}): Promise<void> {
  const { sessions, queue, images, events, logger } = deps;
  for (const session of await sessions.unfinished()) {
    if (await queue.hasJob(session.id)) continue;
    if (await images.has(session.id)) {
      await queue.enqueue({ sessionId: session.id, tenantId: session.tenantId, stages: session.stages, imageRef: session.id });
      logger.warn({ sessionId: session.id }, 're-enqueued a session that had no job');
    } else {
      const error = { code: 'IMAGE_EXPIRED', message: 'The uploaded image is no longer available; upload it again.' };
      if (await sessions.markFailed(session.id, error)) {
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
      }
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
