import { buffer } from 'node:stream/consumers';
import type { BlobStore } from './blob-store.ts';
import type { ImageStore } from './image-store.ts';

/**
 * Image bytes handed from an API replica to a worker through the blob store (IMAGE_STORE=blob): large
 * images stop travelling through Redis, whose memory then holds only jobs and events. There is no TTL:
 * an image is deleted when its job ends, as with Redis, and a session whose job was lost is failed by
 * the reconciler, which deletes its image.
 */
async function* once(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  yield bytes;
}

export function createBlobImageStore(blobs: BlobStore): ImageStore {
  const key = (ref: string): string => `images/${ref}`;
  return {
    async put(ref, bytes) {
      // A re-put (the reconciler re-enqueues) replaces the bytes: the stores never overwrite, so delete first.
      await blobs.delete(key(ref));
      await blobs.put(key(ref), once(bytes), { maxBytes: bytes.byteLength });
    },
    async get(ref) {
      const stream = await blobs.get(key(ref));
      return stream ? new Uint8Array(await buffer(stream)) : null;
    },
    has: async (ref) => (await blobs.list(key(ref))).includes(key(ref)),
    delete: (ref) => blobs.delete(key(ref)),
    close: async () => undefined,
  };
}
