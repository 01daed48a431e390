/**
 * Frames of a video file as JPEG bytes with their presentation times, streamed out of ffmpeg (sampled
 * with its fps filter, optionally scaled down) one at a time with bounded memory: the video-analysis
 * worker decodes here; the evals collect the same stream with extractFrames.
 */
import { spawn } from 'node:child_process';
import { uploadedInputArgs } from '../../src/video/ffmpeg-input.ts';

export interface VideoFrame {
  /** 0, 1, ... in presentation order. */
  index: number;
  /** On the file's presentation timeline (a stream that starts late keeps its offset), ms. */
  timestampMs: number;
  jpeg: Uint8Array;
}

/** A restart marker (FFD0-FFD7): inside entropy-coded data, like stuffing (FF00), it does not end the scan. */
const isRestart = (marker: number): boolean => marker >= 0xd0 && marker <= 0xd7;

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
      while (i + 1 < bytes.length && !(bytes[i] === 0xff && bytes[i + 1] !== 0x00 && !isRestart(bytes[i + 1]!))) i++;
    }
    if (end < 0) throw new Error('truncated JPEG at the end of the stream');
    out.push(bytes.subarray(start, end));
    i = end;
  }
  return out;
}

/**
 * splitJpegs over a stream: push() the chunks as they arrive, in any sizes (a JPEG may be cut anywhere,
 * inside a marker or its length field too), and get each JPEG as soon as its end marker is in. Holds only
 * the JPEG being received (plus what follows it in the last chunk); the JPEGs it returns are copies.
 */
export class JpegSplitter {
  private buf = new Uint8Array(64 * 1024);
  /** Bytes of buf in use: the current JPEG from byte 0. */
  private length = 0;
  /** Where parsing resumes: a JPEG start at 0, a marker, or a byte of entropy-coded data. */
  private pos = 0;
  private state: 'start' | 'marker' | 'scan' = 'start';
  /** Bytes already passed on, for the error messages. */
  private consumed = 0;

  /** Appends `chunk`; returns the JPEGs it completes, in order. */
  push(chunk: Uint8Array): Uint8Array[] {
    this.append(chunk);
    const out: Uint8Array[] = [];
    for (;;) {
      const end = this.parse();
      if (end < 0) return out;
      out.push(this.buf.slice(0, end));
      this.buf.copyWithin(0, end, this.length);
      this.length -= end;
      this.consumed += end;
      this.pos = 0;
      this.state = 'start';
    }
  }

  /** The stream has ended: throws if it stopped inside a JPEG (a lone trailing byte is ignored, as by splitJpegs). */
  end(): void {
    if (this.length > 1) throw new Error('truncated JPEG at the end of the stream');
  }

  /** Bytes held for the JPEG not yet complete. */
  get pending(): number {
    return this.length;
  }

  private append(chunk: Uint8Array): void {
    if (this.length + chunk.length > this.buf.length) {
      let size = this.buf.length * 2;
      while (size < this.length + chunk.length) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(this.buf.subarray(0, this.length));
      this.buf = grown;
    }
    this.buf.set(chunk, this.length);
    this.length += chunk.length;
  }

  /** Advances over what is in buf; the end (exclusive) of the JPEG once complete, else -1 (more bytes needed). */
  private parse(): number {
    const b = this.buf;
    const n = this.length;
    for (;;) {
      const i = this.pos;
      if (i + 1 >= n) return -1;
      if (this.state === 'start') {
        if (b[i] !== 0xff || b[i + 1] !== 0xd8) throw new Error(`no JPEG start at byte ${this.consumed + i}`);
        this.pos = i + 2;
        this.state = 'marker';
      } else if (this.state === 'marker') {
        if (b[i] !== 0xff) throw new Error(`bad JPEG marker at byte ${this.consumed + i}`);
        const marker = b[i + 1]!;
        if (marker === 0xd9) return i + 2;
        if (i + 3 >= n) return -1;
        this.pos = i + 2 + ((b[i + 2]! << 8) | b[i + 3]!);
        if (marker === 0xda) this.state = 'scan';
      } else {
        let j = i;
        while (j + 1 < n && !(b[j] === 0xff && b[j + 1] !== 0x00 && !isRestart(b[j + 1]!))) j++;
        this.pos = j;
        if (j + 1 >= n) return -1;
        this.state = 'marker';
      }
    }
  }
}

const SHOWINFO_FRAME = /\] n:\s*\d+ pts:\s*-?\d+ pts_time:(-?[\d.]+(?:e-?\d+)?)/;

/** pts_time of each frame reaching ffmpeg's showinfo filter, in order. */
export function showinfoTimes(stderr: string): number[] {
  return [...stderr.matchAll(new RegExp(SHOWINFO_FRAME.source, 'g'))].map((m) => Number(m[1]));
}

/** Lines of ffmpeg's stderr kept for an error message (showinfo's own lines are not kept). */
const STDERR_TAIL_LINES = 20;
/** A line longer than this is cut (ffmpeg's lines are short; this only bounds a runaway one). */
const STDERR_MAX_LINE = 4096;

/** ffmpeg's stderr read as it comes: showinfo frame times parsed out, the last other lines kept. */
class FfmpegLog {
  readonly times: number[] = [];
  readonly tail: string[] = [];
  private partial = '';

  push(text: string): void {
    const lines = (this.partial + text).split(/\r\n|\r|\n/);
    this.partial = lines.pop()!;
    if (this.partial.length > STDERR_MAX_LINE) {
      lines.push(this.partial);
      this.partial = '';
    }
    for (const line of lines) this.line(line);
  }

  end(): void {
    if (this.partial) this.line(this.partial);
    this.partial = '';
  }

  private line(raw: string): void {
    const line = raw.slice(0, STDERR_MAX_LINE);
    const time = SHOWINFO_FRAME.exec(line);
    if (time) this.times.push(Number(time[1]));
    if (line.startsWith('[Parsed_showinfo_') || !line.trim()) return;
    this.tail.push(line);
    if (this.tail.length > STDERR_TAIL_LINES) this.tail.shift();
  }
}

export interface ExtractOptions {
  fps: number;
  maxFrames: number;
  /**
   * Longer side of the frames at most this many pixels (scaled down keeping the aspect ratio, to even
   * dimensions; never up). Without it the frames keep the video's size.
   */
  maxSide?: number;
  /** Path of the ffmpeg binary. */
  ffmpeg?: string;
}

export interface StreamOptions extends ExtractOptions {
  /** Aborting kills ffmpeg; the generator then throws the signal's reason. */
  signal?: AbortSignal;
}

/**
 * ffmpeg's scale filter for a longer side of at most `maxSide`: the longer side becomes min(itself,
 * maxSide) rounded down to even, the other follows the aspect ratio (-2: to an even number).
 */
export function scaleFilter(maxSide: number): string {
  const side = (s: 'iw' | 'ih') => `trunc(min(${s},${maxSide})/2)*2`;
  return `scale='if(gte(iw,ih),${side('iw')},-2)':'if(gte(iw,ih),-2,${side('ih')})'`;
}

/** The ffmpeg command line of streamFrames. */
function ffmpegArgs(path: string, options: ExtractOptions): string[] {
  const { fps, maxFrames, maxSide } = options;
  if (!(Number.isFinite(fps) && fps > 0)) throw new RangeError(`fps must be a positive number, got ${fps}`);
  if (!(Number.isInteger(maxFrames) && maxFrames > 0)) throw new RangeError(`maxFrames must be a positive integer, got ${maxFrames}`);
  if (maxSide !== undefined && !(Number.isInteger(maxSide) && maxSide >= 2)) throw new RangeError(`maxSide must be an integer of 2 or more, got ${maxSide}`);
  // One thread for decoding, filtering and encoding: a job shares the worker's two cores with inference.
  // -copyts: times on the file's own timeline (the labels'), not shifted to make the earliest stream start at 0.
  const args = [
    '-hide_banner',
    '-nostats',
    '-loglevel',
    'info',
    '-filter_threads',
    '1',
    '-threads',
    '1',
    '-copyts',
    ...uploadedInputArgs,
    '-i',
    path,
    '-an',
    '-sn',
  ];
  // Scaled after fps (only the frames kept) and before showinfo; none without maxSide (the evals' figures are unscaled).
  const filters = [`fps=${fps}`, ...(maxSide === undefined ? [] : [scaleFilter(maxSide)]), 'showinfo'];
  // passthrough: the muxer must not duplicate frames to fill a stream that starts late (08 starts at 0.852 s).
  args.push('-vf', filters.join(','), '-fps_mode', 'passthrough', '-frames:v', String(maxFrames));
  args.push('-threads', '1', '-f', 'image2pipe', '-c:v', 'mjpeg', '-q:v', '2', 'pipe:1');
  return args;
}

/** Frames with their times waiting for the consumer at most: past this ffmpeg's stdout is paused (and ffmpeg blocks on it). */
const MAX_READY_FRAMES = 3;
/**
 * JPEGs whose showinfo time has not come yet, in bytes, at most. ffmpeg logs a frame's time before it
 * encodes it, so the time is already in the stderr pipe when the JPEG is read: the gap is one read of stdout.
 * Past this, showinfo is not giving times at all.
 */
const MAX_UNTIMED_BYTES = 64 * 1024 * 1024;

/**
 * Samples `path` at `fps` (ffmpeg's fps filter picks the nearest source frames), at most `maxFrames`
 * frames, each as soon as ffmpeg has encoded it and its showinfo time has been read. A slow consumer
 * pauses ffmpeg (a few frames are buffered at most); returning early (break) or aborting kills it.
 * A failing ffmpeg throws with the last lines of its stderr, after the frames it gave.
 */
export async function* streamFrames(path: string, options: StreamOptions): AsyncGenerator<VideoFrame> {
  const { signal } = options;
  const args = ffmpegArgs(path, options);
  signal?.throwIfAborted();
  const child = spawn(options.ffmpeg ?? 'ffmpeg', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const { stdout, stderr } = child;
  const splitter = new JpegSplitter();
  const log = new FfmpegLog();
  /** Complete JPEGs not yet yielded; the first is frame `next`. */
  const jpegs: Uint8Array[] = [];
  let next = 0;
  let failure = null as { error: unknown } | null;
  let exit = null as { code: number | null; signal: NodeJS.Signals | null } | null;
  let wake = null as (() => void) | null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const fail = (error: unknown) => {
    failure ??= { error };
    child.kill('SIGKILL');
    notify();
  };
  /** Pauses stdout while enough frames are ready (JPEG and time in), resumes it when the consumer has taken some. */
  const flow = () => {
    const ready = Math.min(jpegs.length, log.times.length - next);
    if (ready >= MAX_READY_FRAMES) stdout.pause();
    else stdout.resume();
  };

  stdout.on('data', (chunk: Buffer) => {
    try {
      jpegs.push(...splitter.push(chunk));
    } catch (error) {
      fail(error);
      return;
    }
    const timed = Math.max(0, log.times.length - next);
    const untimedBytes = jpegs.slice(timed).reduce((sum, j) => sum + j.length, 0);
    if (untimedBytes > MAX_UNTIMED_BYTES) {
      fail(new Error(`ffmpeg gave ${next + jpegs.length} frames but ${log.times.length} showinfo timestamps for ${path}`));
      return;
    }
    flow();
    notify();
  });
  stderr.setEncoding('utf8');
  stderr.on('data', (text: string) => {
    log.push(text);
    flow();
    notify();
  });
  child.on('error', fail);
  const closed = new Promise<void>((resolve) => {
    child.on('close', (code, exitSignal) => {
      log.end();
      exit = { code, signal: exitSignal };
      resolve();
      notify();
    });
  });
  const onAbort = () => fail(signal!.reason);
  signal?.addEventListener('abort', onAbort, { once: true });

  try {
    for (;;) {
      if (failure) throw failure.error;
      if (jpegs.length > 0 && log.times.length > next) {
        const jpeg = jpegs.shift()!;
        const frame: VideoFrame = { index: next, timestampMs: Math.round(log.times[next]! * 1000), jpeg };
        next++;
        flow();
        yield frame;
        continue;
      }
      if (exit) {
        const { code, signal: exitSignal } = exit;
        if (code !== 0) {
          const how = code === null ? `was killed by ${exitSignal}` : `exited with code ${code}`;
          throw new Error(`ffmpeg ${how} on ${path}:\n${log.tail.join('\n')}`);
        }
        splitter.end();
        // showinfo may see one frame more than -frames:v lets through to the encoder; never fewer.
        if (jpegs.length > 0) throw new Error(`ffmpeg gave ${next + jpegs.length} frames but ${log.times.length} showinfo timestamps for ${path}`);
        return;
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    // Still running (the consumer stopped early, or a failure above): kill it and wait until it is reaped.
    if (!exit && child.pid !== undefined) {
      child.kill('SIGKILL');
      stdout.destroy();
      stderr.destroy();
      await closed;
    }
  }
}

/** Samples `path` at `fps` (ffmpeg's fps filter picks the nearest source frames), at most `maxFrames` frames, all at once. */
export async function extractFrames(path: string, options: ExtractOptions): Promise<VideoFrame[]> {
  const frames: VideoFrame[] = [];
  for await (const frame of streamFrames(path, options)) frames.push(frame);
  return frames;
}
