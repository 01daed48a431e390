import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { z } from 'zod';
import { AppError } from '../pipeline/errors.ts';
import { uploadedInputArgs } from '../video/ffmpeg-input.ts';

const run = promisify(execFile);

/** What a video analysis needs to know of a file before any job is queued. */
export interface VideoFacts {
  durationS: number;
  /** The video stream's average frame rate (frames per second). */
  fps: number;
  width: number;
  height: number;
  codec: string;
  /** Where the video stream starts on the file's timeline (clip 08 of face-videos starts at 0.852 s). */
  startS: number;
  container: string;
}

const probeSchema = z.object({
  streams: z
    .array(
      z.object({
        codec_type: z.string().optional(),
        codec_name: z.string().optional(),
        width: z.number().optional(),
        height: z.number().optional(),
        avg_frame_rate: z.string().optional(),
        start_time: z.string().optional(),
        duration: z.string().optional(),
      }),
    )
    .default([]),
  format: z.object({ format_name: z.string().optional(), duration: z.string().optional() }).optional(),
});

/** "30000/1001" -> 29.97; "0/0" -> NaN. */
const rate = (fraction: string | undefined): number => {
  const [n, d] = (fraction ?? '').split('/').map(Number);
  return n !== undefined && d ? n / d : Number.NaN;
};

const bad = (message: string): AppError => new AppError('BAD_VIDEO', message);

/**
 * Checks an uploaded file with ffprobe before a job is queued: it must be a container ffprobe reads,
 * with a video stream of a known size, frame rate and a duration above zero, no longer than
 * `maxSeconds` (VIDEO_TOO_LARGE), and its first second must decode (a truncated file whose header
 * survived fails there). Every refusal says why; nothing is written.
 */
export async function probeVideo(path: string, options: { ffprobe: string; ffmpeg: string; maxSeconds: number }): Promise<VideoFacts> {
  let stdout: string;
  try {
    ({ stdout } = await run(options.ffprobe, ['-v', 'error', ...uploadedInputArgs, '-print_format', 'json', '-show_format', '-show_streams', path], {
      maxBuffer: 4 * 1024 * 1024,
    }));
  } catch {
    throw bad('The file is not a video this server can read (ffprobe found no container it knows).');
  }
  const parsed = probeSchema.safeParse(JSON.parse(stdout || '{}'));
  if (!parsed.success) throw bad('The file is not a video this server can read.');
  const video = parsed.data.streams.find((s) => s.codec_type === 'video');
  if (!video) throw bad('The file has no video stream.');
  const durationS = Number(video.duration ?? parsed.data.format?.duration);
  const fps = rate(video.avg_frame_rate);
  if (!(durationS > 0)) throw bad('The video has no duration (an empty or broken stream).');
  if (!(fps > 0) || !video.width || !video.height) throw bad('The video stream has no frame size or frame rate.');
  if (durationS > options.maxSeconds) {
    throw new AppError('VIDEO_TOO_LARGE', `The video lasts ${durationS.toFixed(1)} s; the limit is ${options.maxSeconds} s (MAX_VIDEO_SECONDS).`);
  }
  // The header can survive a cut file: decode its first second to be sure there are frames behind it.
  const decoded = await run(options.ffmpeg, ['-v', 'error', '-xerror', ...uploadedInputArgs, '-i', path, '-map', '0:v:0', '-t', '1', '-f', 'null', '-'], {
    maxBuffer: 1024 * 1024,
  }).then(
    () => true,
    () => false,
  );
  if (!decoded) throw bad('The video stream does not decode (a truncated or damaged file).');
  return {
    durationS,
    fps,
    width: video.width,
    height: video.height,
    codec: video.codec_name ?? 'unknown',
    startS: Number(video.start_time ?? 0) || 0,
    container: parsed.data.format?.format_name ?? 'unknown',
  };
}
