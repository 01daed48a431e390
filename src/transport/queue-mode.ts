import type { Config } from '../config/config.ts';
import { createBullQueue, type BullJobQueue } from './bullmq-queue.ts';
import type { EventBus } from './event-bus.ts';
import type { ImageStore } from './image-store.ts';
import { createRedis } from './redis.ts';
import { createRedisEventBus } from './redis-event-bus.ts';
import { createRedisImageStore } from './redis-image-store.ts';

export interface QueueTransport {
  queue: BullJobQueue;
  images: ImageStore;
  events: EventBus;
  close(): Promise<void>;
}

/** The API replica's Redis side: a command connection (queue, images, publish) and a subscriber for events. */
export async function createQueueTransport(config: Config, role: string): Promise<QueueTransport> {
  const url = config.REDIS_URL;
  if (!url) throw new Error('queue mode needs REDIS_URL');
  const redis = createRedis(url, `${config.REDIS_PREFIX}:${role}`);
  const subscriber = createRedis(url, `${config.REDIS_PREFIX}:${role}:sub`);
  const queue = createBullQueue(redis, { prefix: config.REDIS_PREFIX, attempts: config.JOB_ATTEMPTS, backoffMs: config.JOB_BACKOFF_MS });
  const images = createRedisImageStore(redis, { prefix: config.REDIS_PREFIX, ttlSeconds: config.IMAGE_TTL_SECONDS });
  const events = await createRedisEventBus({ publisher: redis, subscriber, prefix: config.REDIS_PREFIX });
  return {
    queue,
    images,
    events,
    close: async () => {
      await events.close();
      await queue.close();
      subscriber.disconnect();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
