import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

/**
 * Large uploads (videos) on their way from an API replica to the worker that decodes them, streamed so
 * that no whole file is ever held in memory. Embedded mode keeps them under DATA_DIR; queue mode will
 * use an S3-compatible bucket shared by replicas and workers (issue 18).
 */
export interface BlobStore {
  /** Streams `body` to `key`; past `maxBytes` it stops reading, removes what it wrote and throws BlobTooLargeError. */
  put(key: string, body: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>, options: { maxBytes: number }): Promise<{ bytes: number }>;
  /** A local file path of the blob (what ffprobe and ffmpeg read), or null when it is not stored on this machine (S3) or absent. */
  localPath(key: string): Promise<string | null>;
  /** The blob's bytes as a stream, or null when there is no such blob. */
  get(key: string): Promise<Readable | null>;
  /** Keys under `prefix` (for housekeeping and tests). */
  list(prefix: string): Promise<string[]>;
  /** Removes the blob; a missing one is not an error. */
  delete(key: string): Promise<void>;
  /** Releases the store's connections (S3's HTTP agent); the filesystem store has none. */
  close?(): void;
}

/** A blob over its byte limit: the upload was cut off while it streamed. */
export class BlobTooLargeError extends Error {
  override name = 'BlobTooLargeError';
  constructor(readonly maxBytes: number) {
    super(`The upload is larger than ${maxBytes} bytes.`);
  }
}

/** Keys are the store's own (IDs and fixed suffixes), but a key must never reach outside the store's folder (or bucket prefix). */
export function assertBlobKey(key: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._/-]{0,200}$/.test(key) || key.split('/').includes('..')) throw new Error(`invalid blob key ${JSON.stringify(key)}`);
}

function pathOf(root: string, key: string): string {
  assertBlobKey(key);
  const path = resolve(root, key);
  if (!path.startsWith(root + sep)) throw new Error(`invalid blob key ${JSON.stringify(key)}`);
  return path;
}

/** Counts bytes as they pass and fails the stream at the first byte past the limit. */
export function byteLimit(maxBytes: number, counted: { bytes: number }): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      counted.bytes += chunk.byteLength;
      if (counted.bytes > maxBytes) done(new BlobTooLargeError(maxBytes));
      else done(null, chunk);
    },
  });
}

/** Blobs as files under `dir` (embedded mode: DATA_DIR/blobs). */
export function createFsBlobStore(dir: string): BlobStore {
  const root = resolve(dir);
  return {
    async put(key, body, { maxBytes }) {
      const path = pathOf(root, key);
      await mkdir(dirname(path), { recursive: true });
      const counted = { bytes: 0 };
      const source = body instanceof ReadableStream ? Readable.fromWeb(body as WebReadableStream<Uint8Array>) : Readable.from(body);
      try {
        await pipeline(source, byteLimit(maxBytes, counted), createWriteStream(path, { flags: 'wx' }));
      } catch (error) {
        // Nothing half-written stays behind.
        await rm(path, { force: true });
        throw error;
      }
      return { bytes: counted.bytes };
    },
    async localPath(key) {
      const path = pathOf(root, key);
      return (await stat(path).catch(() => null))?.isFile() ? path : null;
    },
    async get(key) {
      const path = pathOf(root, key);
      return (await stat(path).catch(() => null))?.isFile() ? createReadStream(path) : null;
    },
    async list(prefix) {
      const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
      return entries
        .filter((e) => e.isFile())
        .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join('/'))
        .filter((key) => key.startsWith(prefix))
        .sort();
    },
    async delete(key) {
      await rm(pathOf(root, key), { force: true });
    },
  };
}

/**
 * Runs `use` with a local file holding the blob: the store's own file (filesystem store), else a copy
 * streamed into `tmpDir` (S3) and removed afterwards. ffmpeg needs a seekable file: an MP4 whose index
 * sits at its end cannot be read from a pipe. Null when there is no such blob.
 */
export async function withLocalCopy<T>(store: BlobStore, key: string, tmpDir: string, use: (path: string) => Promise<T>): Promise<{ value: T } | null> {
  const local = await store.localPath(key);
  if (local) return { value: await use(local) };
  const body = await store.get(key);
  if (!body) return null;
  await mkdir(tmpDir, { recursive: true });
  // Named after the key: a retry on this machine (its worker killed mid-copy) overwrites the leftover, then removes it.
  const path = join(tmpDir, `${key.replace(/[^A-Za-z0-9._-]/g, '_')}.blob`);
  try {
    await pipeline(body, createWriteStream(path));
    return { value: await use(path) };
  } finally {
    await rm(path, { force: true });
  }
}
