import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { pipeline, Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { assertBlobKey, byteLimit, type BlobStore } from './blob-store.ts';

export interface S3BlobStoreOptions {
  bucket: string;
  /** An S3-compatible service's URL (MinIO, R2, a test server); unset: AWS S3 of `region`. */
  endpoint?: string;
  region: string;
  /** Both set: these credentials; else the SDK's default chain (environment, profile, instance role). */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Most self-hosted S3-compatible services want `endpoint/bucket/key` rather than `bucket.endpoint/key`. */
  forcePathStyle: boolean;
  /** Put before every key, so that one bucket can be shared with other data. */
  prefix: string;
}

/** Multipart parts: the body's length is unknown, so it goes up in parts; at most partSize × (queueSize + 1) is held in memory. */
const PART_SIZE = 8 * 1024 * 1024;
const QUEUE_SIZE = 2;

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

function isMissing(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'NoSuchKey' || name === 'NotFound' || statusOf(error) === 404;
}

/** Blobs in an S3-compatible bucket (queue mode: shared by API replicas and workers on other machines). */
export function createS3BlobStore(options: S3BlobStoreOptions): BlobStore & { close(): void } {
  const { bucket, prefix } = options;
  const client = new S3Client({
    region: options.region,
    forcePathStyle: options.forcePathStyle,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.accessKeyId && options.secretAccessKey ? { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } } : {}),
  });
  const objectKey = (key: string): string => {
    assertBlobKey(key);
    return `${prefix}${key}`;
  };

  async function exists(Key: string): Promise<boolean> {
    try {
      await client.send(new HeadObjectCommand({ Bucket: bucket, Key }));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async function remove(Key: string): Promise<void> {
    try {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key }));
    } catch (error) {
      // S3 answers 204 for a missing key; some compatible services answer 404.
      if (!isMissing(error)) throw error;
    }
  }

  return {
    async put(key, body, { maxBytes }) {
      const Key = objectKey(key);
      // Like the filesystem store's 'wx': a blob is written once. (Not atomic; keys are the store's own IDs.)
      if (await exists(Key)) throw Object.assign(new Error(`EEXIST: blob ${JSON.stringify(key)} already exists`), { code: 'EEXIST' });
      const counted = { bytes: 0 };
      const source = body instanceof ReadableStream ? Readable.fromWeb(body as WebReadableStream<Uint8Array>) : Readable.from(body);
      // The first error of the body or of the limit: lib-storage reports its own AbortMultipartUpload failure instead when that fails too.
      let bodyError: unknown;
      const limited = pipeline(source, byteLimit(maxBytes, counted), (error) => {
        if (error) bodyError = error;
      });
      const upload = new Upload({ client, params: { Bucket: bucket, Key, Body: limited }, partSize: PART_SIZE, queueSize: QUEUE_SIZE });
      try {
        await upload.done();
      } catch (error) {
        // lib-storage has already sent AbortMultipartUpload (dropping the parts). Stop reading the body (an
        // upload that failed on S3's side leaves it unread) and remove the object in case it was completed
        // after all (a lost response).
        limited.destroy();
        await remove(Key).catch(() => undefined);
        throw bodyError ?? error;
      }
      return { bytes: counted.bytes };
    },
    // Not on this machine: readers stream it with get() (withLocalCopy when they need a file).
    async localPath(key) {
      objectKey(key);
      return null;
    },
    async get(key) {
      try {
        const { Body } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey(key) }));
        // In Node the SDK's body is an http.IncomingMessage (possibly wrapped in a checksum-checking Readable).
        if (!(Body instanceof Readable)) throw new Error(`S3 GetObject returned no Node stream for ${JSON.stringify(key)}`);
        return Body;
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },
    async list(listPrefix) {
      const keys: string[] = [];
      let ContinuationToken: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}${listPrefix}`, ContinuationToken }));
        for (const { Key } of page.Contents ?? []) if (Key) keys.push(Key.slice(prefix.length));
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
      return keys.sort();
    },
    async delete(key) {
      await remove(objectKey(key));
    },
    close() {
      client.destroy();
    },
  };
}
