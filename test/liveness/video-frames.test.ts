import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { extractFrames, showinfoTimes, splitJpegs } from '../../eval/video-frames.ts';

/** On PATH (Debian's package); the eval needs it, so its tests skip without it. */
const FFMPEG = 'ffmpeg';
const hasFfmpeg = spawnSync(FFMPEG, ['-version']).status === 0;

describe('splitJpegs', () => {
  it('splits concatenated JPEGs at their end markers, not at FFD9 bytes inside the scan', async () => {
    const images = await Promise.all(
      [10, 200, 90].map((v) =>
        sharp({ create: { width: 16 + v / 10, height: 12, channels: 3, background: { r: v, g: 255 - v, b: 7 } } })
          .jpeg({ quality: 90 })
          .toBuffer(),
      ),
    );
    const parts = splitJpegs(new Uint8Array(Buffer.concat(images)));
    expect(parts.map((p) => p.length)).toEqual(images.map((i) => i.length));
    expect(Buffer.from(parts[1]!).equals(images[1]!)).toBe(true);
  });
  it('refuses a truncated stream', async () => {
    const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: 'red' } })
      .jpeg()
      .toBuffer();
    expect(() => splitJpegs(new Uint8Array(jpeg.subarray(0, jpeg.length - 10)))).toThrow(/truncated/);
  });
});

describe('showinfoTimes', () => {
  it('reads pts_time of each frame line', () => {
    const stderr = [
      '[Parsed_showinfo_1 @ 0x5] config in time_base: 1/10, frame_rate: 10/1',
      '[Parsed_showinfo_1 @ 0x5] n:   0 pts:      8 pts_time:0.8     pos:    10226 fmt:yuv420p',
      '[Parsed_showinfo_1 @ 0x5] color_range:tv color_space:bt709',
      '[Parsed_showinfo_1 @ 0x5] n:  11 pts:     19 pts_time:1.9     pos:    85263 fmt:yuv420p',
    ].join('\n');
    expect(showinfoTimes(stderr)).toEqual([0.8, 1.9]);
  });
});

describe.skipIf(!hasFfmpeg)('extractFrames (ffmpeg)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'video-frames-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('samples a 25-fps clip that starts late at 10 fps, keeping presentation times', async () => {
    const clip = join(dir, 'late.mkv');
    // 2 s of test pattern whose timeline starts at 0.5 s.
    const made = spawnSync(FFMPEG, [
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      'testsrc=size=64x48:rate=25:duration=2',
      '-output_ts_offset',
      '0.5',
      '-pix_fmt',
      'yuv420p',
      clip,
    ]);
    expect(made.status).toBe(0);
    const frames = await extractFrames(clip, { fps: 10, maxFrames: 15 });
    expect(frames).toHaveLength(15);
    expect(frames[0]!.timestampMs).toBe(500);
    expect(frames[1]!.timestampMs - frames[0]!.timestampMs).toBe(100);
    const { width, height } = await sharp(frames[3]!.jpeg).metadata();
    expect([width, height]).toEqual([64, 48]);
  });
});
