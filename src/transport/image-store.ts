/** Hands image bytes from the API to the worker that runs the job; entries are deleted when the job ends. */
export interface ImageStore {
  /** Stores the bytes under `ref` (the session ID, so a reconciler can find them again). */
  put(ref: string, bytes: Uint8Array): Promise<void>;
  get(ref: string): Promise<Uint8Array | null>;
  has(ref: string): Promise<boolean>;
  delete(ref: string): Promise<void>;
  close(): Promise<void>;
}

export function createMemoryImageStore(): ImageStore {
  const images = new Map<string, Uint8Array>();
  return {
    async put(ref, bytes) {
      images.set(ref, bytes);
    },
    get: async (ref) => images.get(ref) ?? null,
    has: async (ref) => images.has(ref),
    delete: async (ref) => {
      images.delete(ref);
    },
    close: async () => images.clear(),
  };
}
