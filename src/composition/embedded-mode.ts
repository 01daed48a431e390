import type { Logger } from 'pino';
import { createInferenceRuntime } from '../../inference-workers/runtime.ts';
import { decideLivenessSession } from '../../inference-workers/liveness-decision.handler.ts';
import { failInterrupted } from '../analysis/reconcile-sessions.ts';
import { requeueUnfinishedVideos } from '../analysis/video-sweep.ts';
import type { Config } from '../config/config.ts';
import type { Repositories } from '../db/repositories.ts';
import type { ThresholdPolicy } from '../pipeline/thresholds.ts';
import { createMemoryDecisionQueue } from '../transport/decision-queue.ts';
import { createMemoryEventBus } from '../transport/event-bus.ts';
import { createMemoryImageStore } from '../transport/image-store.ts';
import { createMemoryQueue } from '../transport/memory-queue.ts';
import { createMemoryVideoQueue } from '../transport/video-queue.ts';
import { blobStoreOf } from './blob-store.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { Transport } from './transport.ts';

/** Jobs the in-process queue runs at once: one more than the threads keeps them busy while results are written. */
export const embeddedConcurrency = (config: Pick<Config, 'INFERENCE_THREADS'>): number => config.INFERENCE_THREADS + 1;

/** Embedded mode: in-process queue, inference in worker threads of this process, in-memory events and images. */
export async function embeddedTransport(
  config: Config,
  repositories: Repositories,
  thresholds: ThresholdPolicy,
  logger: Logger,
  metrics: Metrics,
): Promise<Transport> {
  const events = createMemoryEventBus(metrics.eventDelivered);
  const images = createMemoryImageStore();
  const blobs = await blobStoreOf(config);
  const runtime = await createInferenceRuntime(config, {
    repositories,
    thresholds,
    images,
    blobs,
    events,
    logger,
    observer: metrics.pipeline,
    onVideoEnded: metrics.videoAnalysisEnded,
    hooks: { onThreadDeath: () => metrics.threadDied() },
  });
  const { handler } = runtime;
  const queue = createMemoryQueue((job) => handler.handle(job).then(() => undefined), {
    concurrency: embeddedConcurrency(config),
    onError: (error, job) => void handler.failUnexpected(job, error),
  });
  const decisions = createMemoryDecisionQueue(
    async (job) => {
      await decideLivenessSession(
        { ...repositories, events, logger, auditFrames: config.LIVENESS_AUDIT_FRAMES, onDecided: metrics.livenessSessionDecided },
        job,
      );
    },
    (error, job) => logger.error({ err: error, livenessSessionId: job.livenessSessionId }, 'liveness decision failed'),
  );
  const videos = createMemoryVideoQueue(
    async (job) => {
      await runtime.video.handle(job);
    },
    (error, job) => void runtime.video.failUnexpected(job, error),
  );
  await failInterrupted(repositories.sessions);
  // A video's upload is still on disk after a restart: its analysis starts again instead of failing.
  await requeueUnfinishedVideos(repositories.videos, videos, new Date(), 1000);
  return {
    queue,
    decisions,
    videos,
    images,
    blobs,
    events,
    close: async () => {
      await videos.close();
      await decisions.close();
      await queue.close();
      await runtime.close();
      await events.close();
      await images.close();
      blobs.close?.();
    },
  };
}
