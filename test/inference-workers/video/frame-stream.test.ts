import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  extractFrames,
  JpegSplitter,
  scaleFilter,
  showinfoTimes,
  splitJpegs,
  streamFrames,
  type VideoFrame,
} from '../../../inference-workers/video/frame-stream.ts';
import { requireFfmpeg } from '../../support/ffmpeg.ts';

const ffmpeg = requireFfmpeg('frames streamed out of ffmpeg');
const run = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A few JPEGs of different kinds: plain, with EXIF/ICC segments, progressive (several scans), noisy (many FF00 stuffings). */
async function sampleJpegs(): Promise<Buffer[]> {
  const noise = Buffer.alloc(96 * 64 * 3);
  let seed = 7;
  for (let i = 0; i < noise.length; i++) noise[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
  return Promise.all([
    ...[10, 200, 90].map((v) =>
      sharp({ create: { width: 16 + v / 10, height: 12, channels: 3, background: { r: v, g: 255 - v, b: 7 } } })
        .jpeg({ quality: 90 })
        .toBuffer(),
    ),
    sharp({ create: { width: 40, height: 30, channels: 3, background: 'teal' } })
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer(),
    sharp(noise, { raw: { width: 96, height: 64, channels: 3 } })
      .jpeg({ quality: 95, progressive: true })
      .toBuffer(),
    sharp(noise, { raw: { width: 96, height: 64, channels: 3 } })
      .jpeg({ quality: 100 })
      .toBuffer(),
  ]);
}

/** The JPEGs of `stream` fed to a JpegSplitter in chunks of the given sizes (cycled). */
function splitIncrementally(stream: Uint8Array, sizes: (i: number) => number): Uint8Array[] {
  const splitter = new JpegSplitter();
  const out: Uint8Array[] = [];
  for (let at = 0, i = 0; at < stream.length; i++) {
    const size = sizes(i);
    out.push(...splitter.push(stream.subarray(at, at + size)));
    at += size;
  }
  splitter.end();
  expect(splitter.pending).toBe(0);
  return out;
}

describe('splitJpegs', () => {
  it('splits concatenated JPEGs at their end markers, not at FFD9 bytes inside the scan', async () => {
    const images = await sampleJpegs();
    const parts = splitJpegs(new Uint8Array(Buffer.concat(images)));
    expect(parts.map((p) => p.length)).toEqual(images.map((i) => i.length));
    parts.forEach((p, i) => expect(Buffer.from(p).equals(images[i]!)).toBe(true));
  });
  it('refuses a truncated stream', async () => {
    const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: 'red' } })
      .jpeg()
      .toBuffer();
    expect(() => splitJpegs(new Uint8Array(jpeg.subarray(0, jpeg.length - 10)))).toThrow(/truncated/);
  });
});

describe('JpegSplitter', () => {
  it('gives the JPEGs of splitJpegs for every chunk size from 1 to 17 bytes', async () => {
    const stream = new Uint8Array(Buffer.concat(await sampleJpegs()));
    const expected = splitJpegs(stream).map((j) => Buffer.from(j));
    for (let size = 1; size <= 17; size++) {
      const parts = splitIncrementally(stream, () => size);
      expect(
        parts.map((p) => Buffer.from(p)),
        `chunks of ${size}`,
      ).toEqual(expected);
    }
  });
  it('gives the same JPEGs for random splits, one chunk or many, and returns them as they complete', async () => {
    const images = await sampleJpegs();
    const stream = new Uint8Array(Buffer.concat(images));
    const expected = splitJpegs(stream).map((j) => Buffer.from(j));
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    for (let trial = 0; trial < 50; trial++) {
      const max = [2, 30, 700, 5000, stream.length][trial % 5]!;
      const parts = splitIncrementally(stream, () => 1 + Math.floor(random() * max));
      expect(
        parts.map((p) => Buffer.from(p)),
        `trial ${trial}`,
      ).toEqual(expected);
    }
    // Each JPEG comes out of the push that brings its last byte.
    const splitter = new JpegSplitter();
    const first = images[0]!.length;
    expect(splitter.push(stream.subarray(0, first - 1))).toEqual([]);
    expect(splitter.push(stream.subarray(first - 1, first + 3)).map((p) => p.length)).toEqual([first]);
    expect(splitter.pending).toBe(3);
  });
  it('refuses bytes that are not a JPEG, and a stream that ends inside one', async () => {
    expect(() => new JpegSplitter().push(new TextEncoder().encode('not a jpeg'))).toThrow(/no JPEG start at byte 0/);
    const [jpeg] = await sampleJpegs();
    const splitter = new JpegSplitter();
    expect(splitter.push(jpeg!.subarray(0, jpeg!.length - 1))).toEqual([]);
    expect(() => splitter.end()).toThrow(/truncated/);
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

describe('scaleFilter', () => {
  it('is a scale filter on the longer side, rounded down to even', () => {
    expect(scaleFilter(1280)).toBe("scale='if(gte(iw,ih),trunc(min(iw,1280)/2)*2,-2)':'if(gte(iw,ih),-2,trunc(min(ih,1280)/2)*2)'");
  });
});

/** Processes of this test whose command line names `file`, with their state (R, S, Z, ...); Linux's /proc. */
function processesOn(file: string): { pid: number; state: string }[] {
  const found: { pid: number; state: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid ...
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(ppid) !== process.pid) continue;
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (state === 'Z' || cmdline.includes(file)) found.push({ pid: Number(entry), state: state! });
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

/** The process is gone: neither running nor left a zombie. */
const gone = (pid: number) => !existsSync(`/proc/${pid}`);

describe.skipIf(!ffmpeg)('streamFrames (ffmpeg)', () => {
  let dir: string;
  /** 3 s of 1920x1080 test pattern at 25 fps, H.264 in mp4 (its index at the end, as ffmpeg writes it by default). */
  let clip: string;
  const make = async (out: string, input: string, ...encode: string[]) => {
    await run(ffmpeg!, ['-loglevel', 'error', '-f', 'lavfi', '-i', input, ...encode, out]);
    return out;
  };
  const collect = async (frames: AsyncIterable<VideoFrame>) => {
    const out: VideoFrame[] = [];
    for await (const frame of frames) out.push(frame);
    return out;
  };
  const decodedSize = async (jpeg: Uint8Array) => {
    const { info } = await sharp(jpeg, { failOn: 'error' }).raw().toBuffer({ resolveWithObject: true });
    return [info.width, info.height];
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'frame-stream-'));
    clip = await make(join(dir, 'testsrc.mp4'), 'testsrc=size=1920x1080:rate=25', '-t', '3', '-pix_fmt', 'yuv420p');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('samples 3 s at 5 fps: 15 frames at 0, 200, ... 2800 ms, each a whole JPEG, scaled to a longer side of 1280', async () => {
    const frames = await collect(streamFrames(clip, { fps: 5, maxFrames: 100, maxSide: 1280, ffmpeg: ffmpeg! }));
    expect(frames.map((f) => f.index)).toEqual([...Array(15).keys()]);
    frames.forEach((f, i) => expect(Math.abs(f.timestampMs - 200 * i), `frame ${i} at ${f.timestampMs} ms`).toBeLessThanOrEqual(40));
    for (const f of frames) expect(await decodedSize(f.jpeg)).toEqual([1280, 720]);
  });

  it('keeps the size of the video without maxSide, and stops at maxFrames', async () => {
    const frames = await extractFrames(clip, { fps: 5, maxFrames: 4, ffmpeg: ffmpeg! });
    expect(frames.map((f) => f.timestampMs)).toEqual([0, 200, 400, 600]);
    for (const f of frames) expect(await decodedSize(f.jpeg)).toEqual([1920, 1080]);
  });

  it('scales the longer side only, never up, to even dimensions', async () => {
    const sizes: [string, number, number[]][] = [
      ['720x1280', 640, [360, 640]],
      ['641x481', 1280, [640, 480]],
      ['640x480', 1280, [640, 480]],
      ['500x500', 300, [300, 300]],
      ['1001x2000', 1279, [640, 1278]],
    ];
    for (const [size, maxSide, expected] of sizes) {
      // ffv1: lossless and fine with odd sizes (H.264 in 4:2:0 is not).
      const file = await make(join(dir, `${size}.mkv`), `testsrc=size=${size}:rate=10`, '-t', '0.3', '-c:v', 'ffv1');
      const [frame] = await extractFrames(file, { fps: 10, maxFrames: 1, maxSide, ffmpeg: ffmpeg! });
      expect(await decodedSize(frame!.jpeg), `${size} at most ${maxSide}`).toEqual(expected);
    }
  });

  it('samples a 25-fps clip that starts late at 10 fps, keeping presentation times', async () => {
    // 2 s of test pattern whose timeline starts at 0.5 s.
    const late = await make(join(dir, 'late.mkv'), 'testsrc=size=64x48:rate=25:duration=2', '-output_ts_offset', '0.5', '-pix_fmt', 'yuv420p');
    const frames = await extractFrames(late, { fps: 10, maxFrames: 15, ffmpeg: ffmpeg! });
    expect(frames).toHaveLength(15);
    expect(frames[0]!.timestampMs).toBe(500);
    expect(frames[1]!.timestampMs - frames[0]!.timestampMs).toBe(100);
    expect(await decodedSize(frames[3]!.jpeg)).toEqual([64, 48]);
  });

  it('kills ffmpeg when the consumer stops early, and leaves no zombie', async () => {
    const file = join(dir, 'break.mp4');
    await copyFile(clip, file);
    const seen: number[] = [];
    let pids: number[] = [];
    let returned = 0;
    for await (const frame of streamFrames(file, { fps: 25, maxFrames: 75, ffmpeg: ffmpeg! })) {
      seen.push(frame.index);
      if (seen.length < 2) continue;
      pids = processesOn(file).map((p) => p.pid);
      returned = performance.now();
      break;
    }
    const returnMs = performance.now() - returned;
    expect(seen).toEqual([0, 1]);
    // 75 frames do not fit in the pipes: ffmpeg was still there (held by the paused stdout).
    expect(pids).toHaveLength(1);
    expect(returnMs).toBeLessThan(2000);
    expect(gone(pids[0]!)).toBe(true);
    expect(processesOn(file)).toEqual([]);
  });

  it('pauses ffmpeg while the consumer holds frames, and a slow consumer still gets every frame in order', async () => {
    const file = join(dir, 'slow.mp4');
    await copyFile(clip, file);
    const frames = streamFrames(file, { fps: 25, maxFrames: 75, ffmpeg: ffmpeg! });
    const first = await frames.next();
    expect(first.done).toBe(false);
    // Unpaused, ffmpeg would have written all 75 frames (a few MB) and exited by now.
    await sleep(1500);
    const held = processesOn(file);
    expect(held).toHaveLength(1);
    expect(held[0]!.state).not.toBe('Z');
    const rest: VideoFrame[] = [];
    for await (const frame of frames) {
      rest.push(frame);
      if (rest.length < 14) await sleep(50);
    }
    expect([(first.value as VideoFrame).index, ...rest.map((f) => f.index)]).toEqual([...Array(75).keys()]);
    rest.forEach((f) => expect(Math.abs(f.timestampMs - 40 * f.index)).toBeLessThanOrEqual(40));
    expect(gone(held[0]!.pid)).toBe(true);
  });

  it('gives a slow consumer (50 ms a frame) all 15 frames in order', async () => {
    const frames: VideoFrame[] = [];
    for await (const frame of streamFrames(clip, { fps: 5, maxFrames: 15, maxSide: 640, ffmpeg: ffmpeg! })) {
      frames.push(frame);
      await sleep(50);
    }
    expect(frames.map((f) => f.index)).toEqual([...Array(15).keys()]);
    expect(frames.map((f) => f.timestampMs)).toEqual([...Array(15).keys()].map((i) => 200 * i));
  });

  it('kills ffmpeg when the signal aborts, and throws its reason', async () => {
    const file = join(dir, 'abort.mp4');
    await copyFile(clip, file);
    const controller = new AbortController();
    const seen: number[] = [];
    let pids: number[] = [];
    await expect(async () => {
      for await (const frame of streamFrames(file, { fps: 25, maxFrames: 75, ffmpeg: ffmpeg!, signal: controller.signal })) {
        seen.push(frame.index);
        pids = processesOn(file).map((p) => p.pid);
        controller.abort(new Error('job cancelled'));
      }
    }).rejects.toThrow('job cancelled');
    expect(seen).toEqual([0]);
    expect(pids).toHaveLength(1);
    expect(gone(pids[0]!)).toBe(true);
    // Aborted before it starts: ffmpeg is not even spawned.
    await expect(collect(streamFrames(file, { fps: 5, maxFrames: 1, ffmpeg: ffmpeg!, signal: AbortSignal.abort() }))).rejects.toThrow(/abort/i);
    expect(processesOn(file)).toEqual([]);
  });

  it("throws ffmpeg's message on a file that is not a video", async () => {
    const file = join(dir, 'notes.mp4');
    await writeFile(file, 'this is not a video\n'.repeat(100));
    await expect(extractFrames(file, { fps: 5, maxFrames: 10, ffmpeg: ffmpeg! })).rejects.toThrow(
      /ffmpeg exited with code 1 on .*notes\.mp4:[\s\S]*Invalid data found when processing input/,
    );
  });

  it('throws on a missing ffmpeg binary, and on options that make no sense', async () => {
    await expect(extractFrames(clip, { fps: 5, maxFrames: 10, ffmpeg: join(dir, 'no-ffmpeg') })).rejects.toThrow(/ENOENT/);
    await expect(extractFrames(clip, { fps: 0, maxFrames: 10, ffmpeg: ffmpeg! })).rejects.toThrow(RangeError);
    await expect(extractFrames(clip, { fps: 5, maxFrames: 1.5, ffmpeg: ffmpeg! })).rejects.toThrow(RangeError);
    await expect(extractFrames(clip, { fps: 5, maxFrames: 10, maxSide: 0, ffmpeg: ffmpeg! })).rejects.toThrow(RangeError);
  });

  it('throws or ends early on a truncated mp4 (the first 60% of its bytes), without hanging', { timeout: 20_000 }, async () => {
    const faststart = await make(join(dir, 'faststart.mp4'), 'testsrc=size=1920x1080:rate=25', '-t', '3', '-pix_fmt', 'yuv420p', '-movflags', '+faststart');
    for (const source of [clip, faststart]) {
      const bytes = await readFile(source);
      const cut = source.replace(/\.mp4$/, '-cut.mp4');
      await writeFile(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
      const started = performance.now();
      const outcome = await extractFrames(cut, { fps: 5, maxFrames: 100, ffmpeg: ffmpeg! }).then(
        (frames) => frames.length,
        (error: Error) => error.message,
      );
      expect(performance.now() - started).toBeLessThan(10_000);
      // Its index at the end, cut off: ffmpeg cannot read it at all. Its index first: the frames of the 60% are readable.
      if (source === clip) expect(outcome).toMatch(/^ffmpeg exited with code 1 on .*testsrc-cut\.mp4:[\s\S]*moov atom not found/);
      else if (typeof outcome === 'number') expect(outcome).toBeLessThan(15);
      else expect(outcome).toMatch(/^ffmpeg exited with code|truncated JPEG/);
    }
  });
});
