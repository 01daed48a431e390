import type { Logger } from 'pino';
import { reconcileQueued } from '../analysis/reconcile-sessions.ts';
import { requeueUnfinishedVideos } from '../analysis/video-sweep.ts';
import type { Config } from '../config/config.ts';
import type { SessionsRepository } from '../db/sessions.repository.ts';
import type { Metrics } from '../observability/metrics.ts';
import { bullmqTelemetry } from '../observability/tracing.ts';
import { createBullDecisionQueue } from '../transport/bullmq-decision-queue.ts';
import { createBullQueue } from '../transport/bullmq-queue.ts';
import { createBullVideoQueue } from '../transport/bullmq-video-queue.ts';
import type { VideoRepository } from '../db/video.repository.ts';
import { blobStoreOf } from './blob-store.ts';
import { createBlobImageStore } from '../transport/blob-image-store.ts';
import type { BlobStore } from '../transport/blob-store.ts';
import type { ImageStore } from '../transport/image-store.ts';
import type { Redis } from 'ioredis';
import { createRedis } from '../transport/redis.ts';
import { createRedisEventBus } from '../transport/redis-event-bus.ts';
import { createRedisImageStore } from '../transport/redis-image-store.ts';
import type { Transport } from './transport.ts';

/** Still images wait in Redis (with a TTL), or in the blob store with IMAGE_STORE=blob. */
const imageStoreOf = (config: Config, redis: Redis, blobs: BlobStore): ImageStore =>
  config.IMAGE_STORE === 'blob'
    ? createBlobImageStore(blobs)
    : createRedisImageStore(redis, { prefix: config.REDIS_PREFIX, ttlSeconds: config.IMAGE_TTL_SECONDS });

function redisUrl(config: Config): string {
  if (!config.REDIS_URL) throw new Error('queue mode needs REDIS_URL');
  return config.REDIS_URL;
}

/**
 * An API replica in queue mode: a command connection (queue, images, publish) and a subscriber for
 * events; jobs go to BullMQ for `npm run worker` processes. Reconciles unfinished sessions at start and
 * every RECONCILE_INTERVAL_MS (a Redis that restarted without persistence loses its jobs).
 */
export async function queueModeTransport(
  config: Config,
  repositories: { sessions: SessionsRepository; videos: VideoRepository },
  logger: Logger,
  metrics: Metrics,
): Promise<Transport> {
  const { sessions } = repositories;
  const url = redisUrl(config);
  const blobs = await blobStoreOf(config);
  const redis = createRedis(url, `${config.REDIS_PREFIX}:api`, logger, { commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS });
  const subscriber = createRedis(url, `${config.REDIS_PREFIX}:api:sub`, logger);
  const queue = createBullQueue(
    redis,
    { prefix: config.REDIS_PREFIX, attempts: config.JOB_ATTEMPTS, backoffMs: config.JOB_BACKOFF_MS, telemetry: bullmqTelemetry(config) },
    logger,
  );
  const decisions = createBullDecisionQueue(redis, config.REDIS_PREFIX, logger);
  const videos = createBullVideoQueue(redis, { prefix: config.REDIS_PREFIX, attempts: config.JOB_ATTEMPTS, backoffMs: config.JOB_BACKOFF_MS }, logger);
  const images = imageStoreOf(config, redis, blobs);
  const events = await createRedisEventBus({ publisher: redis, subscriber, prefix: config.REDIS_PREFIX, onDeliver: metrics.eventDelivered });
  const reconcile = async (): Promise<void> => {
    await reconcileQueued({ sessions, queue, images, events, logger });
    await requeueUnfinishedVideos(repositories.videos, videos, new Date(Date.now() - config.RECONCILE_INTERVAL_MS), 100);
  };
  const close = async (): Promise<void> => {
    await events.close();
    blobs.close?.();
    await queue.close();
    await decisions.close();
    await videos.close();
    subscriber.disconnect();
    await redis.quit().catch(() => redis.disconnect());
  };
  try {
    await reconcile();
  } catch (error) {
    await close();
    throw error;
  }
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    reconcile()
      .catch((error: unknown) => logger.warn({ err: error }, 'reconciling unfinished sessions failed; will retry'))
      .finally(() => {
        running = false;
      });
  }, config.RECONCILE_INTERVAL_MS);
  timer.unref();
  const queueCounts = (): Promise<Record<string, number>> => queue.queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
  metrics.setQueueCounts(queueCounts);
  metrics.setVideoQueueCounts(() => videos.counts());
  return {
    queue,
    decisions,
    videos,
    images,
    blobs,
    events,
    ping: async () => {
      await redis.ping();
    },
    queueCounts,
    workers: async () =>
      (await queue.queue.getWorkers()).map((w) => ({ name: String(w['name'] ?? ''), addr: String(w['addr'] ?? ''), age: Number(w['age'] ?? 0) })),
    close: async () => {
      clearInterval(timer);
      await close();
    },
  };
}

/** A worker process's Redis side: one connection for BullMQ, the image store and publishing events. */
export async function workerTransport(
  config: Config,
  logger: Logger,
): Promise<Omit<Transport, 'queue' | 'decisions' | 'videos'> & { redis: ReturnType<typeof createRedis> }> {
  const redis = createRedis(redisUrl(config), `${config.REDIS_PREFIX}:worker`, logger);
  const blobs = await blobStoreOf(config);
  const images = imageStoreOf(config, redis, blobs);
  const events = await createRedisEventBus({ publisher: redis, prefix: config.REDIS_PREFIX });
  return {
    redis,
    images,
    blobs,
    events,
    close: async () => {
      await events.close();
      blobs.close?.();
      redis.disconnect();
    },
  };
}
