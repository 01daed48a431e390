import { randomUUID } from 'node:crypto';

/** Hands image bytes from the API to the worker that runs the job; entries are deleted when the job ends. */
export interface ImageStore {
  put(bytes: Uint8Array): Promise<string>;
  get(ref: string): Promise<Uint8Array | null>;
  delete(ref: string): Promise<void>;
  close(): Promise<void>;
}

export function createMemoryImageStore(): ImageStore {
  const images = new Map<string, Uint8Array>();
  return {
    async put(bytes) {
      const ref = randomUUID();
      images.set(ref, bytes);
      return ref;
    },
    get: async (ref) => images.get(ref) ?? null,
    delete: async (ref) => {
      images.delete(ref);
    },
    close: async () => images.clear(),
  };
}
