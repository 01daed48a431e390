import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobTooLargeError } from '../../src/transport/blob-store.ts';
import { createS3BlobStore } from '../../src/transport/s3-blob-store.ts';
import { startS3Server, type S3Server } from '../support/s3-server.ts';
import { chunks, endlessBody } from '../support/byte-streams.ts';

async function sha256(body: AsyncIterable<Uint8Array> | Readable): Promise<{ bytes: number; hash: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of body as AsyncIterable<Uint8Array>) {
    hash.update(chunk);
    bytes += chunk.byteLength;
  }
  return { bytes, hash: hash.digest('hex') };
}

describe('S3 blob store (large uploads streamed to a bucket shared by replicas and workers)', () => {
  let server: S3Server;
  let store: ReturnType<typeof createS3BlobStore>;
  const storeOf = (prefix: string) =>
    createS3BlobStore({
      bucket: server.bucket,
      endpoint: server.endpoint,
      region: server.region,
      accessKeyId: server.accessKeyId,
      secretAccessKey: server.secretAccessKey,
      forcePathStyle: true,
      prefix,
    });
  beforeAll(async () => {
    server = await startS3Server();
    store = storeOf('facesocial/');
  });
  afterAll(async () => {
    store?.close();
    await server?.close();
  });

  it('streams a body of several parts into the bucket, reads it back and deletes it', async () => {
    // 20 MiB: three parts of a multipart upload (8 + 8 + 4 MiB).
    const count = 320;
    const size = 64 * 1024;
    expect(await store.put('videos/a.mp4', chunks(count, size), { maxBytes: 32 * 1024 * 1024 })).toEqual({ bytes: count * size });
    expect(await store.localPath('videos/a.mp4')).toBeNull();
    const body = await store.get('videos/a.mp4');
    expect(body).not.toBeNull();
    expect(await sha256(body!)).toEqual(await sha256(chunks(count, size)));
    await store.delete('videos/a.mp4');
    expect(await store.get('videos/a.mp4')).toBeNull();
  });

  it("takes a web ReadableStream, as an uploaded File's stream()", async () => {
    const file = new File([new Uint8Array(300_000).fill(7)], 'clip.mp4', { type: 'video/mp4' });
    expect(await store.put('videos/web.mp4', file.stream(), { maxBytes: 1_000_000 })).toEqual({ bytes: 300_000 });
    expect(await sha256((await store.get('videos/web.mp4'))!)).toEqual(await sha256(file.stream() as unknown as AsyncIterable<Uint8Array>));
    await expect(store.put('videos/web-big.mp4', file.stream(), { maxBytes: 100_000 })).rejects.toBeInstanceOf(BlobTooLargeError);
    expect(await store.list('videos/web-big')).toEqual([]);
  });

  it('stops a body past its limit while it streams and leaves nothing in the bucket', async () => {
    let stream = endlessBody();
    await expect(store.put('videos/big.mp4', stream.body(), { maxBytes: 1024 * 1024 })).rejects.toBeInstanceOf(BlobTooLargeError);
    // It stopped reading soon after the limit (16 chunks of 64 KiB), not at the end of an endless body.
    expect(stream.read()).toBeLessThan(40);
    expect(await store.list('videos/big')).toEqual([]);

    // Past the first 8 MiB part: a multipart upload was under way, and is abandoned with nothing completed.
    stream = endlessBody();
    await expect(store.put('videos/bigger.mp4', stream.body(), { maxBytes: 10 * 1024 * 1024 })).rejects.toBeInstanceOf(BlobTooLargeError);
    expect(stream.read()).toBeLessThan(160 + 40);
    expect(await store.list('videos/bigger')).toEqual([]);
    expect(await store.get('videos/bigger.mp4')).toBeNull();
  });

  it('refuses keys that would leave its prefix, and never overwrites a blob', async () => {
    await expect(store.put('../escape', chunks(1, 10), { maxBytes: 100 })).rejects.toThrow(/invalid blob key/);
    await expect(store.localPath('a/../../x')).rejects.toThrow(/invalid blob key/);
    await expect(store.get('/abs')).rejects.toThrow(/invalid blob key/);
    await expect(store.delete('a/../../x')).rejects.toThrow(/invalid blob key/);
    await store.put('once', chunks(1, 10), { maxBytes: 100 });
    await expect(store.put('once', chunks(1, 10), { maxBytes: 100 })).rejects.toThrow(/EEXIST/);
    expect(await sha256((await store.get('once'))!)).toEqual(await sha256(chunks(1, 10)));
  });

  it('lists keys under a prefix, without its own prefix, and keeps to its prefix in a shared bucket', async () => {
    for (const key of ['list/b/2', 'list/a', 'list/b/1', 'listing', 'other/x']) await store.put(key, chunks(1, 5), { maxBytes: 100 });
    expect(await store.list('list/')).toEqual(['list/a', 'list/b/1', 'list/b/2']);
    expect(await store.list('list')).toEqual(['list/a', 'list/b/1', 'list/b/2', 'listing']);
    const whole = storeOf('');
    try {
      expect(await whole.list('facesocial/list/')).toEqual(['facesocial/list/a', 'facesocial/list/b/1', 'facesocial/list/b/2']);
      expect(await whole.list('list/')).toEqual([]);
    } finally {
      whole.close();
    }
  });

  it('lists past one page of ListObjectsV2 (1000 keys)', async () => {
    const client = new S3Client({
      endpoint: server.endpoint,
      region: server.region,
      forcePathStyle: true,
      credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    });
    const keys = Array.from({ length: 1005 }, (_, i) => `paged/${String(i).padStart(4, '0')}`);
    try {
      for (let i = 0; i < keys.length; i += 25) {
        await Promise.all(
          keys.slice(i, i + 25).map((key) => client.send(new PutObjectCommand({ Bucket: server.bucket, Key: `facesocial/${key}`, Body: 'x' }))),
        );
      }
    } finally {
      client.destroy();
    }
    expect(await store.list('paged/')).toEqual(keys);
  });

  it('deletes a missing key without complaint, and has no blob for it', async () => {
    await expect(store.delete('videos/never.mp4')).resolves.toBeUndefined();
    expect(await store.get('videos/never.mp4')).toBeNull();
  });
});
