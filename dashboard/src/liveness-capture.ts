// The camera side of the "Liveness check" page: open the camera, grab JPEG frames from the preview's
// <video> at about 12 fps (the raw, unmirrored frames), and send them in order, chunk after chunk,
// while capture goes on. No React here: the page drives a LivenessRun and shows what it reports.
import type { FramesAdded, LivenessChallenge, LivenessMode, LivenessProgress } from './liveness-api.ts';

/** What the server wants at least (minFps is 10): a little above, so a late frame or two does not drop the rate below it. */
const TARGET_FPS = 12;
/** The longer side of a frame sent: enough for the face models, small enough to upload fast. */
const MAX_SIDE = 640;
const JPEG_QUALITY = 0.85;
/** A chunk is sent once this many frames are waiting (and the previous chunk was answered). */
const CHUNK_MIN = 8;
/** The most frames per call while capturing (quick feedback) and once capture stopped (fewer round trips). */
const CHUNK_MAX_CAPTURING = 10;
const CHUNK_MAX_FLUSHING = 20;

interface CameraProblem {
  code: string;
  message: string;
}

class CameraUnavailable extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The front camera, as a stream for the preview and the frames; what it throws, describeCameraError puts in words. */
export async function openCamera(): Promise<MediaStream> {
  if (!window.isSecureContext || !navigator.mediaDevices?.getUserMedia) {
    throw new CameraUnavailable(
      'CAMERA_UNSUPPORTED',
      window.isSecureContext
        ? 'This browser gives the page no camera access (no getUserMedia).'
        : 'The camera works on secure pages only: open the dashboard over https (or on localhost).',
    );
  }
  return navigator.mediaDevices.getUserMedia({
    audio: false,
    video: { facingMode: 'user', width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 15 } },
  });
}

/** A clear message for what getUserMedia threw (permission denied, no camera, camera busy, ...). */
export function describeCameraError(error: unknown): CameraProblem {
  if (error instanceof CameraUnavailable) return { code: error.code, message: error.message };
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return {
        code: 'CAMERA_DENIED',
        message: 'Camera access was denied. Allow the camera for this site (the camera icon in the address bar), then press Start again.',
      };
    case 'NotFoundError':
    case 'OverconstrainedError':
      return { code: 'NO_CAMERA', message: 'No camera was found. Connect a camera, then press Start again.' };
    case 'NotReadableError':
    case 'AbortError':
      return { code: 'CAMERA_BUSY', message: 'The camera could not be started: another application may be using it.' };
    default:
      return { code: 'CAMERA_ERROR', message: `The camera could not be started: ${error instanceof Error ? error.message : String(error)}` };
  }
}

export function stopCamera(stream: MediaStream | null): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

export interface CapturedFrame {
  file: File;
  /** Since the first frame of the run, from performance.now() at capture. */
  timestampMs: number;
}

/**
 * Grabs frames from a playing <video> at about `fps`: on each new video frame (requestVideoFrameCallback)
 * while credit allows, so no frame is sent twice (the server refuses the same bytes again as a replay);
 * with a timer where the browser lacks that callback. Frames arrive in order. Returns the stop function.
 */
function grabFrames(video: HTMLVideoElement, fps: number, onFrame: (frame: CapturedFrame) => void): () => void {
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d');
  const interval = 1000 / fps;
  let stopped = false;
  let start: number | null = null;
  let lastTimestamp = -1;
  let seq = 0;
  // toBlob answers asynchronously: chain them so that frames are handed on in capture order.
  let chain: Promise<void> = Promise.resolve();

  const grab = () => {
    const width = video.videoWidth;
    const height = video.videoHeight;
    if (!context || width === 0 || height === 0) return;
    const scale = Math.min(1, MAX_SIDE / Math.max(width, height));
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    const now = performance.now();
    start ??= now;
    const timestampMs = Math.max(now - start, lastTimestamp + 1);
    lastTimestamp = timestampMs;
    const name = `frame${seq++}.jpg`;
    const blob = new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', JPEG_QUALITY));
    chain = chain.then(async () => {
      const jpeg = await blob;
      if (jpeg && !stopped) onFrame({ file: new File([jpeg], name, { type: 'image/jpeg' }), timestampMs });
    });
  };

  if ('requestVideoFrameCallback' in video) {
    let credit = 1;
    let previous: number | null = null;
    let handle = 0;
    const onVideoFrame = (now: number) => {
      if (stopped) return;
      handle = video.requestVideoFrameCallback(onVideoFrame);
      if (previous !== null) credit = Math.min(credit + (now - previous) / interval, 1.5);
      previous = now;
      if (credit >= 1) {
        credit -= 1;
        grab();
      }
    };
    handle = video.requestVideoFrameCallback(onVideoFrame);
    return () => {
      stopped = true;
      video.cancelVideoFrameCallback(handle);
    };
  }
  const timer = window.setInterval(grab, interval);
  return () => {
    stopped = true;
    window.clearInterval(timer);
  };
}

export type SendResult = { ok: true; data: FramesAdded } | { ok: false; code: string; message: string };

type RunEnd = 'completed' | 'time' | 'budget' | 'error' | 'cancelled';

export interface RunState {
  /** capturing: the camera is sampled; sending: capture ended, the frames still waiting go out. */
  phase: 'capturing' | 'sending';
  captured: number;
  sent: number;
  /** Since the first frame. */
  elapsedMs: number;
  timeLimitMs: number;
  progress: LivenessProgress | null;
  /** The chunks answered so far. */
  updates: number;
}

interface RunOutcome {
  end: RunEnd;
  state: RunState;
  error: { code: string; message: string } | null;
  /** The last frame captured (for a still of the preview once the camera is off). */
  lastFrame: File | null;
}

/**
 * One capture: frames from the video go out in chunks, one call at a time (the server takes them in
 * order only), while capture goes on into the next chunk. Capture ends when the challenge is done
 * (ACTIVE), after `timeLimitMs`, at the frame budget, on a refusal, or on cancel; the frames still
 * waiting are then sent (except after completion, error or cancel). `done` resolves when the last answer came.
 */
export class LivenessRun {
  readonly done: Promise<RunOutcome>;
  private readonly queue: CapturedFrame[] = [];
  private state: RunState;
  private end: RunEnd | null = null;
  private error: { code: string; message: string } | null = null;
  private lastFrame: File | null = null;
  private stopGrabbing: (() => void) | null = null;
  private wake: (() => void) | null = null;
  private limitTimer = 0;

  constructor(
    private readonly options: {
      video: HTMLVideoElement;
      mode: LivenessMode;
      challenge: LivenessChallenge;
      timeLimitMs: number;
      send: (frames: CapturedFrame[], firstSeq: number) => Promise<SendResult>;
      onState: (state: RunState) => void;
    },
  ) {
    this.state = { phase: 'capturing', captured: 0, sent: 0, elapsedMs: 0, timeLimitMs: options.timeLimitMs, progress: null, updates: 0 };
    this.stopGrabbing = grabFrames(options.video, TARGET_FPS, (frame) => this.onFrame(frame));
    // Also when no frame comes at all (a frozen camera): the limit counts from the start then.
    this.limitTimer = window.setTimeout(() => this.stopCapture('time'), options.timeLimitMs + 2000);
    this.done = this.sendLoop();
  }

  cancel(): void {
    this.stopCapture('cancelled');
    this.queue.length = 0;
  }

  private update(patch: Partial<RunState>): void {
    this.state = { ...this.state, ...patch };
    this.options.onState(this.state);
  }

  private onFrame(frame: CapturedFrame): void {
    if (this.end) return;
    this.queue.push(frame);
    this.lastFrame = frame.file;
    this.update({ captured: this.state.captured + 1, elapsedMs: frame.timestampMs });
    if (this.state.captured >= this.options.challenge.frameBudget) this.stopCapture('budget');
    else if (frame.timestampMs >= this.options.timeLimitMs) this.stopCapture('time');
    this.wake?.();
  }

  private stopCapture(end: RunEnd): void {
    if (this.end) return;
    this.end = end;
    this.stopGrabbing?.();
    this.stopGrabbing = null;
    window.clearTimeout(this.limitTimer);
    if (end === 'cancelled' || end === 'completed' || end === 'error') this.queue.length = 0;
    this.update({ phase: 'sending' });
    this.wake?.();
  }

  /** Until `count` frames wait or capture has ended. */
  private async waitFor(count: number): Promise<void> {
    while (this.queue.length < count && !this.end) await new Promise<void>((resolve) => (this.wake = resolve));
    this.wake = null;
  }

  private async sendLoop(): Promise<RunOutcome> {
    const { challenge, mode, send } = this.options;
    const active = mode === 'ACTIVE' && challenge.steps.length > 0;
    for (;;) {
      await this.waitFor(CHUNK_MIN);
      if (this.queue.length === 0) break;
      const most = Math.min(challenge.maxFramesPerCall, this.end ? CHUNK_MAX_FLUSHING : CHUNK_MAX_CAPTURING);
      const chunk = this.queue.splice(0, most);
      const answer = await send(chunk, this.state.sent);
      if (this.end === 'cancelled') break;
      if (!answer.ok) {
        this.error = { code: answer.code, message: answer.message };
        this.stopCapture('error');
        break;
      }
      const { progress, session } = answer.data;
      this.update({ sent: session.framesReceived, progress, updates: this.state.updates + 1 });
      if (active && progress.activeStep === null && progress.stepsCompleted.length >= challenge.steps.length) this.stopCapture('completed');
    }
    return { end: this.end ?? 'time', state: this.state, error: this.error, lastFrame: this.lastFrame };
  }
}
