import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeVideo } from '../../src/analysis/video-probe.ts';
import { loadConfig } from '../../src/config/config.ts';
import { AppError } from '../../src/pipeline/errors.ts';
import { requireFfmpeg } from '../support/ffmpeg.ts';
import { dataset } from '../support/paths.ts';

// ffprobe's check of an upload before any job: real files made with ffmpeg, and broken ones.
const ffmpeg = requireFfmpeg('video probe');
const config = loadConfig();

describe.skipIf(!ffmpeg)('probeVideo (ffprobe, before a video job is queued)', () => {
  let dir: string;
  const file = (name: string): string => join(dir, name);
  const probe = (path: string, maxSeconds = 600) => probeVideo(path, { ffprobe: config.FFPROBE_PATH, ffmpeg: config.FFMPEG_PATH, maxSeconds });
  const codeOf = async (path: string, maxSeconds?: number): Promise<string> => {
    const error = await probe(path, maxSeconds).catch((e: unknown) => e);
    if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
    return error.code;
  };
  const make = (...args: string[]): void => void execFileSync(ffmpeg as string, ['-v', 'error', '-y', ...args], { stdio: ['ignore', 'ignore', 'inherit'] });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'facesocial-probe-'));
    make('-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=10', '-t', '3', '-pix_fmt', 'yuv420p', file('ok.mp4'));
    make('-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25', '-t', '2', '-c:v', 'libvpx-vp9', '-b:v', '200k', file('ok.webm'));
    make('-f', 'lavfi', '-i', 'sine=frequency=440', '-t', '2', file('audio.m4a'));
    const whole = readFileSync(file('ok.mp4'));
    writeFileSync(file('truncated.mp4'), whole.subarray(0, Math.floor(whole.byteLength * 0.3)));
    writeFileSync(file('text.mp4'), 'this is not a video\n'.repeat(100));
    writeFileSync(file('empty.mp4'), '');
    make('-f', 'lavfi', '-i', 'testsrc=size=64x64:rate=10', '-frames:v', '1', file('still.png'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads duration, frame rate, size and codec of real videos (mp4/h264, webm/vp9)', async () => {
    expect(await probe(file('ok.mp4'))).toMatchObject({ width: 320, height: 240, fps: 10, codec: 'h264' });
    expect((await probe(file('ok.mp4'))).durationS).toBeCloseTo(3, 1);
    expect(await probe(file('ok.webm'))).toMatchObject({ width: 320, height: 240, fps: 25, codec: 'vp9' });
  });

  it('refuses what is not a playable video with BAD_VIDEO, and one over MAX_VIDEO_SECONDS with VIDEO_TOO_LARGE', async () => {
    expect(await codeOf(file('truncated.mp4'))).toBe('BAD_VIDEO');
    expect(await codeOf(file('text.mp4'))).toBe('BAD_VIDEO');
    expect(await codeOf(file('empty.mp4'))).toBe('BAD_VIDEO');
    expect(await codeOf(file('audio.m4a'))).toBe('BAD_VIDEO');
    expect(await codeOf(file('missing.mp4'))).toBe('BAD_VIDEO');
    expect(await codeOf(file('ok.mp4'), 2)).toBe('VIDEO_TOO_LARGE');
    const still = await probe(file('still.png')).catch((e: unknown) => e);
    // A single image is a one-frame "video" to ffprobe: refused or tiny, never an error without a code.
    if (still instanceof AppError) expect(still.code).toBe('BAD_VIDEO');
    else expect((still as { durationS: number }).durationS).toBeLessThan(1);
  });
});

const clips = ffmpeg ? dataset('face-videos') : null;

describe.skipIf(!clips)('probeVideo on the real face-videos clips', () => {
  it("reads every clip as labels.json describes it (duration, fps, size, codec, a late stream's start)", async () => {
    const labels = JSON.parse(readFileSync(join(clips as string, 'labels.json'), 'utf8')) as {
      clips: { file: string; duration_s: number; fps: number; width: number; height: number; codec: string }[];
    };
    for (const clip of labels.clips) {
      const facts = await probeVideo(join(clips as string, clip.file), { ffprobe: config.FFPROBE_PATH, ffmpeg: config.FFMPEG_PATH, maxSeconds: 600 });
      expect(facts, clip.file).toMatchObject({ width: clip.width, height: clip.height, codec: clip.codec });
      expect(Math.abs(facts.fps - clip.fps), clip.file).toBeLessThan(0.1);
      // labels.json gives the container's duration: the video stream ends there, whenever it starts (08 at 0.852 s).
      expect(Math.abs(facts.startS + facts.durationS - clip.duration_s), clip.file).toBeLessThan(0.2);
    }
    const late = await probeVideo(join(clips as string, 'videos/08_person_change_hamilton.mp4'), {
      ffprobe: config.FFPROBE_PATH,
      ffmpeg: config.FFMPEG_PATH,
      maxSeconds: 600,
    });
    expect(late.startS).toBeCloseTo(0.852, 2);
  });
});
