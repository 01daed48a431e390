import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobTooLargeError, createFsBlobStore, type BlobStore } from '../../src/transport/blob-store.ts';
import { chunks, endlessBody } from '../support/byte-streams.ts';

describe('filesystem blob store (large uploads streamed to DATA_DIR)', () => {
  let dir: string;
  let store: BlobStore;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'facesocial-blobs-'));
    store = createFsBlobStore(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('streams a body to a file and deletes it', async () => {
    expect(await store.put('videos/a.mp4', chunks(16, 64 * 1024), { maxBytes: 2 * 1024 * 1024 })).toEqual({ bytes: 16 * 64 * 1024 });
    const path = await store.localPath('videos/a.mp4');
    expect(path && readFileSync(path).byteLength).toBe(16 * 64 * 1024);
    await store.delete('videos/a.mp4');
    expect(await store.localPath('videos/a.mp4')).toBeNull();
  });

  it("takes a web ReadableStream, as an uploaded File's stream()", async () => {
    const file = new File([new Uint8Array(300_000).fill(7)], 'clip.mp4', { type: 'video/mp4' });
    expect(await store.put('videos/web.mp4', file.stream(), { maxBytes: 1_000_000 })).toEqual({ bytes: 300_000 });
    await expect(store.put('videos/web-big.mp4', file.stream(), { maxBytes: 100_000 })).rejects.toBeInstanceOf(BlobTooLargeError);
    expect(await store.localPath('videos/web-big.mp4')).toBeNull();
  });

  it('stops a body past its limit while it streams and leaves nothing behind', async () => {
    const stream = endlessBody();
    await expect(store.put('videos/big.mp4', stream.body(), { maxBytes: 1024 * 1024 })).rejects.toBeInstanceOf(BlobTooLargeError);
    // It stopped reading soon after the limit (16 chunks of 64 KiB), not at the end of an endless body.
    expect(stream.read()).toBeLessThan(40);
    expect(existsSync(join(dir, 'videos', 'big.mp4'))).toBe(false);
    expect(readdirSync(join(dir, 'videos')).filter((f) => f.startsWith('big'))).toEqual([]);
  });

  it('refuses keys that would leave its folder, and never overwrites a blob', async () => {
    await expect(store.put('../escape', chunks(1, 10), { maxBytes: 100 })).rejects.toThrow(/invalid blob key/);
    await expect(store.localPath('a/../../x')).rejects.toThrow(/invalid blob key/);
    await store.put('once', chunks(1, 10), { maxBytes: 100 });
    await expect(store.put('once', chunks(1, 10), { maxBytes: 100 })).rejects.toThrow(/EEXIST/);
  });
});
