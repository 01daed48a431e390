import type { Redis } from 'ioredis';
import type { ImageStore } from './image-store.ts';

/**
 * Image bytes handed from an API replica to whichever worker takes the job: one Redis key per image,
 * with a TTL so an image whose job never runs cannot leak memory; deleted when the job ends.
 */
export function createRedisImageStore(redis: Redis, options: { prefix: string; ttlSeconds: number }): ImageStore {
  const key = (ref: string): string => `${options.prefix}:image:${ref}`;
  return {
    async put(ref, bytes) {
      await redis.set(key(ref), Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'EX', options.ttlSeconds);
    },
    get: async (ref) => {
      const value = await redis.getBuffer(key(ref));
      return value ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength) : null;
    },
    has: async (ref) => (await redis.exists(key(ref))) === 1,
    delete: async (ref) => {
      await redis.del(key(ref));
    },
    close: async () => undefined,
  };
}
