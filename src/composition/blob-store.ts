import { join } from 'node:path';
import type { Config } from '../config/config.ts';
import { createFsBlobStore, type BlobStore } from '../transport/blob-store.ts';

/**
 * BLOB_S3_BUCKET set: the shared bucket (queue mode: replicas and workers on other machines); else files
 * under DATA_DIR/blobs. The AWS SDK is loaded only then: a server without S3 never pays for it.
 */
export async function blobStoreOf(config: Config): Promise<BlobStore> {
  if (!config.BLOB_S3_BUCKET) return createFsBlobStore(join(config.DATA_DIR, 'blobs'));
  const { createS3BlobStore } = await import('../transport/s3-blob-store.ts');
  return createS3BlobStore({
    bucket: config.BLOB_S3_BUCKET,
    region: config.BLOB_S3_REGION,
    forcePathStyle: config.BLOB_S3_FORCE_PATH_STYLE,
    prefix: config.BLOB_S3_PREFIX,
    ...(config.BLOB_S3_ENDPOINT ? { endpoint: config.BLOB_S3_ENDPOINT } : {}),
    ...(config.BLOB_S3_ACCESS_KEY_ID ? { accessKeyId: config.BLOB_S3_ACCESS_KEY_ID } : {}),
    ...(config.BLOB_S3_SECRET_ACCESS_KEY ? { secretAccessKey: config.BLOB_S3_SECRET_ACCESS_KEY } : {}),
  });
}
