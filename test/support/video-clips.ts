import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { samplePath } from './model-paths.ts';

const run = promisify(execFile);

/**
 * The clip, made with ffmpeg: photo `a` for 2 s then photo `b` for 2 s at 10 fps, each
 * letterboxed into 640x480 (setsar so that concat accepts both), H.264 in MP4.
 */
export async function photoSwitchClip(ffmpeg: string, dir: string, a: string, b: string, name = 'switch.mp4'): Promise<string> {
  const clip = join(dir, name);
  const fit = 'scale=640:480:force_original_aspect_ratio=decrease,pad=640:480:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=10';
  await run(ffmpeg, [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...['-loop', '1', '-t', '2', '-i', samplePath(a)],
    ...['-loop', '1', '-t', '2', '-i', samplePath(b)],
    ...['-filter_complex', `[0]${fit}[a];[1]${fit}[b];[a][b]concat=n=2:v=1`],
    ...['-pix_fmt', 'yuv420p', clip],
  ]);
  return clip;
}

/** A synthetic clip of ffmpeg's test pattern (no faces): `seconds` long, `size` pixels, in `dir`. */
export async function testPatternClip(
  ffmpeg: string,
  dir: string,
  options: { seconds: number; size?: string; fps?: number; name?: string; faststart?: boolean },
): Promise<string> {
  const clip = join(dir, options.name ?? 'pattern.mp4');
  await run(ffmpeg, [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...['-f', 'lavfi', '-i', `testsrc=size=${options.size ?? '320x240'}:rate=${options.fps ?? 10}`, '-t', String(options.seconds)],
    ...['-pix_fmt', 'yuv420p', ...(options.faststart ? ['-movflags', '+faststart'] : []), clip],
  ]);
  return clip;
}

/** An audio-only file (a sine tone): a container with no video stream. */
export async function audioOnlyFile(ffmpeg: string, dir: string): Promise<string> {
  const file = join(dir, 'tone.m4a');
  await run(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=2', file]);
  return file;
}
