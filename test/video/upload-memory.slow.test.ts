// A 500 MB video upload goes to disk as it streams: the API process (a separate OS process, embedded mode)
// grows by less than 100 MB of RSS while it takes the whole body, and an upload one chunk past MAX_VIDEO_BYTES
// is cut off while it streams (413 VIDEO_TOO_LARGE) with nothing left on disk. The body is generated as it is
// sent, so the test process does not hold it either.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireFfmpeg } from '../support/ffmpeg.ts';
import { copyPgliteTemplate } from '../support/pglite-template.ts';
import { startApi, type Spawned } from '../support/processes.ts';
import { graphqlBody, sendRawVideo } from '../support/video-upload.ts';
import { createFsBlobStore } from '../../src/transport/blob-store.ts';

const ffmpeg = requireFfmpeg('500 MB video upload memory');
const MB = 1_000_000;
const BODY_BYTES = 500 * MB;
const MAX_VIDEO_BYTES = 520 * MB;

/** Resident memory of a process now, bytes (Linux /proc). */
const rssOf = (pid: number): number => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;

describe.skipIf(!ffmpeg)('a 500 MB video upload', () => {
  let api: Spawned & { url: string };
  let dataDir: string;
  const blobFiles = (): Promise<string[]> => createFsBlobStore(join(dataDir, 'blobs')).list('');
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'facesocial-upload-'));
    await copyPgliteTemplate(dataDir);
    api = await startApi({ DATA_DIR: dataDir, MAX_VIDEO_BYTES: String(MAX_VIDEO_BYTES), INFERENCE_THREADS: '1' });
  }, 180_000);
  afterAll(async () => {
    api?.kill('SIGKILL');
    await api?.exited;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('streams to disk: the API grows by less than 100 MB of RSS; past MAX_VIDEO_BYTES it is cut off with nothing left', async () => {
    const pid = api.child.pid!;
    // Warm: one small refused upload first, so the baseline includes the parser's and the route's code.
    await sendRawVideo(api.url, 1000);
    const baseline = rssOf(pid);
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 50);
    const started = performance.now();
    let answer: { status: number; body: string };
    try {
      answer = await sendRawVideo(api.url, BODY_BYTES);
    } finally {
      clearInterval(sampler);
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `500 MB upload: ${seconds.toFixed(1)} s (${(BODY_BYTES / MB / seconds).toFixed(0)} MB/s), API RSS ${(baseline / MB).toFixed(0)} -> peak ${(peak / MB).toFixed(0)} MB (+${((peak - baseline) / MB).toFixed(1)} MB; goal < 100)`,
    );
    // The body is no video: ffprobe refuses it once it is all on disk, and then it is deleted.
    expect(graphqlBody(answer.body).errors?.[0]?.extensions?.code, answer.body).toBe('BAD_VIDEO');
    expect(peak - baseline).toBeLessThan(100 * MB);
    expect(await blobFiles()).toEqual([]);

    const over = await sendRawVideo(api.url, MAX_VIDEO_BYTES + 2 * MB);
    expect(over.status).toBe(413);
    expect(graphqlBody(over.body).errors?.[0]?.extensions?.code).toBe('VIDEO_TOO_LARGE');
    expect(await blobFiles()).toEqual([]);
  }, 300_000);
});
