/** Frames of a video file as JPEG bytes with their presentation times, through ffmpeg (sampled with its fps filter). */
import { spawn } from 'node:child_process';

export interface VideoFrame {
  /** 0, 1, ... in presentation order. */
  index: number;
  /** On the file's presentation timeline (a stream that starts late keeps its offset), ms. */
  timestampMs: number;
  jpeg: Uint8Array;
}

/**
 * Splits a concatenation of baseline JPEGs (ffmpeg's mjpeg image2pipe) into single images by walking
 * their marker segments: a bare scan for FFD9 could stop inside a table segment, while in the entropy-
 * coded data after SOS every 0xFF byte is followed by 0x00 or a restart marker, so the first other marker is the end.
 */
export function splitJpegs(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let i = 0;
  while (i + 1 < bytes.length) {
    if (bytes[i] !== 0xff || bytes[i + 1] !== 0xd8) throw new Error(`no JPEG start at byte ${i}`);
    const start = i;
    i += 2;
    let end = -1;
    while (end < 0 && i + 1 < bytes.length) {
      if (bytes[i] !== 0xff) throw new Error(`bad JPEG marker at byte ${i}`);
      const marker = bytes[i + 1]!;
      if (marker === 0xd9) {
        end = i + 2;
        break;
      }
      if (i + 3 >= bytes.length) break;
      const length = (bytes[i + 2]! << 8) | bytes[i + 3]!;
      i += 2 + length;
      if (marker !== 0xda) continue;
      // Entropy-coded data runs until a marker that is neither stuffing (FF00) nor a restart (FFD0-FFD7).
      while (i + 1 < bytes.length && !(bytes[i] === 0xff && bytes[i + 1] !== 0x00 && !(bytes[i + 1]! >= 0xd0 && bytes[i + 1]! <= 0xd7))) i++;
    }
    if (end < 0) throw new Error('truncated JPEG at the end of the stream');
    out.push(bytes.subarray(start, end));
    i = end;
  }
  return out;
}

/** pts_time of each frame reaching ffmpeg's showinfo filter, in order. */
export function showinfoTimes(stderr: string): number[] {
  return [...stderr.matchAll(/\] n:\s*\d+ pts:\s*-?\d+ pts_time:(-?[\d.]+(?:e-?\d+)?)/g)].map((m) => Number(m[1]));
}

export interface ExtractOptions {
  fps: number;
  maxFrames: number;
  /** Path of the ffmpeg binary. */
  ffmpeg?: string;
}

/** Samples `path` at `fps` (ffmpeg's fps filter picks the nearest source frames), at most `maxFrames` frames. */
export async function extractFrames(path: string, options: ExtractOptions): Promise<VideoFrame[]> {
  // -copyts: times on the file's own timeline (the labels'), not shifted to make the earliest stream start at 0.
  const args = ['-hide_banner', '-nostats', '-loglevel', 'info', '-copyts', '-i', path, '-an', '-sn'];
  // passthrough: the muxer must not duplicate frames to fill a stream that starts late (08 starts at 0.852 s).
  args.push(
    '-vf',
    `fps=${options.fps},showinfo`,
    '-fps_mode',
    'passthrough',
    '-frames:v',
    String(options.maxFrames),
    '-f',
    'image2pipe',
    '-c:v',
    'mjpeg',
    '-q:v',
    '2',
    'pipe:1',
  );
  const child = spawn(options.ffmpeg ?? 'ffmpeg', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => chunks.push(c));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) throw new Error(`ffmpeg exited with ${code} on ${path}: ${stderr.trim().split('\n').slice(-3).join(' / ')}`);
  const jpegs = splitJpegs(new Uint8Array(Buffer.concat(chunks)));
  const times = showinfoTimes(stderr);
  // showinfo may see one frame more than -frames:v lets through to the encoder; never fewer.
  if (times.length < jpegs.length) throw new Error(`ffmpeg gave ${jpegs.length} frames but ${times.length} timestamps for ${path}`);
  return jpegs.map((jpeg, index) => ({ index, timestampMs: Math.round(times[index]! * 1000), jpeg }));
}
