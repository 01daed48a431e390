import type { Logger } from 'pino';
import type { NewVideoFrameFace, NewVideoTrack, VideoAnalysisRecord, VideoRepository } from '../src/db/video.repository.ts';
import { internalFailure } from '../src/pipeline/errors.ts';
import type { VideoEvent, VideoTrackProgress } from '../src/pipeline/events.ts';
import { DEFAULT_TOP_K, identifyFace, type GalleryPort } from '../src/pipeline/identification.ts';
import type { VideoJob } from '../src/pipeline/job.ts';
import type { InferenceEngine } from '../src/pipeline/results.ts';
import type { Stage } from '../src/pipeline/stages.ts';
import type { ThresholdPolicy } from '../src/pipeline/thresholds.ts';
import { livenessVerdict, type VerdictThresholds } from '../src/pipeline/verdicts.ts';
import { withLocalCopy, type BlobStore } from '../src/transport/blob-store.ts';
import type { EventBus } from '../src/transport/event-bus.ts';
import { frameFacesFromResults } from '../src/video/frame-faces.ts';
import { createTracker } from '../src/video/tracker.ts';
import type { FaceTrack, VideoFrameFaces } from '../src/video/types.ts';
import { collectStageResults } from './engine/stage-results.ts';
import { streamFrames, type VideoFrame } from './video/frame-stream.ts';

export interface VideoJobDeps {
  videos: VideoRepository;
  gallery: GalleryPort;
  thresholds: ThresholdPolicy;
  engine: InferenceEngine;
  blobs: BlobStore;
  events: EventBus;
  logger: Logger;
  verdicts: Pick<VerdictThresholds, 'liveAt' | 'spoofBelow' | 'fakeAt' | 'realBelow'>;
  ffmpeg: string;
  /** VIDEO_FRAME_MAX_SIDE */
  maxSide: number;
  /**
   * Frames analysed at once, across the inference threads. Every model of the manifest has a fixed batch of 1
   * (models/README.md), so faces of several frames cannot share a model call: frames run in parallel instead.
   */
  framesInFlight: number;
  /** BLOB_RETENTION_DAYS: 0 deletes the upload when the analysis ends. */
  blobRetentionDays: number;
  /** VIDEO_ANALYSIS_TIMEOUT_S (0: by the number of frames). */
  timeoutS: number;
  /** Where an S3 blob is copied for ffmpeg (it needs a seekable file). */
  tmpDir: string;
  /** Metrics: each analysis that ended, with its frames and seconds. */
  onEnded?: (status: 'COMPLETED' | 'FAILED', frames: number, seconds: number) => void;
}

export type VideoJobOutcome = { status: 'completed'; tracks: number } | { status: 'skipped' } | { status: 'failed'; code: string };

export interface VideoJobHandler {
  handle(job: VideoJob): Promise<VideoJobOutcome>;
  /** After the last attempt (or a crash past the queue's limit): FAILED with INTERNAL, the blob deleted. */
  failUnexpected(job: VideoJob, error: unknown): Promise<void>;
}

/** FRAMES events and the stored progress, at most this often: a 1,000-frame video would otherwise send 1,000 events. */
const PROGRESS_EVERY_MS = 250;

/**
 * The longest one analysis may take, decoding and inference together: a crafted file that makes ffmpeg
 * spin must not hold a worker (and its renewed job lock) for ever. By default 2 s a frame, 10x a 2-core CPU's pace.
 */
const timeBudgetMs = (frames: number, timeoutS: number): number => (timeoutS > 0 ? timeoutS * 1000 : Math.max(120_000, frames * 2000));

/** Since this attempt started (what video_analysis_duration_seconds observes). */
const secondsSinceStart = (a: Pick<VideoAnalysisRecord, 'startedAt' | 'createdAt'>): number => (Date.now() - (a.startedAt ?? a.createdAt).getTime()) / 1000;

const progressOf = (t: FaceTrack): VideoTrackProgress => ({ trackId: t.trackId, firstMs: t.firstMs, lastMs: t.lastMs, frames: t.frames });

/** A decoding failure (ffmpeg's exit) is the file's fault; ffmpeg missing (spawn ENOENT) is the server's. */
const isDecodeFailure = (error: unknown): boolean =>
  error instanceof Error && (error as NodeJS.ErrnoException).code !== 'ENOENT' && /ffmpeg/i.test(error.message);

/**
 * Runs one video analysis: frames sampled by ffmpeg straight from the stored upload, each through the
 * inference stages (several frames in flight, results taken in order), faces tracked as they come
 * (tracks announced as they form and end), then each track identified against the gallery and given
 * its verdicts; everything is stored in one transaction at the end. A retry (worker killed) starts
 * again from the first frame and replaces nothing twice: the store is conditional on RUNNING.
 */
export function createVideoJobHandler(deps: VideoJobDeps): VideoJobHandler {
  const { videos, events, blobs, logger } = deps;

  const publish = (
    analysis: Pick<VideoAnalysisRecord, 'id' | 'tenantId' | 'framesPlanned'>,
    event: Pick<VideoEvent, 'type' | 'framesDone'> & Partial<VideoEvent>,
  ): void =>
    void events
      .publishVideo({
        tenantId: analysis.tenantId,
        videoAnalysisId: analysis.id,
        framesTotal: analysis.framesPlanned,
        track: null,
        error: null,
        at: new Date(),
        ...event,
      })
      .catch((error: unknown) => logger.warn({ err: error, videoAnalysisId: analysis.id }, 'video progress event not sent'));

  /** The upload is deleted when the analysis ends, unless BLOB_RETENTION_DAYS keeps it for that long. */
  const releaseBlob = async (key: string | null): Promise<{ key: string | null; expiresAt: Date | null }> => {
    if (!key) return { key: null, expiresAt: null };
    if (deps.blobRetentionDays > 0) return { key, expiresAt: new Date(Date.now() + deps.blobRetentionDays * 86_400_000) };
    await blobs.delete(key);
    return { key: null, expiresAt: null };
  };

  const fail = async (analysis: VideoAnalysisRecord, error: { code: string; message: string }, framesDone: number): Promise<VideoJobOutcome> => {
    const blob = await releaseBlob(analysis.blobKey);
    if (await videos.fail(analysis.id, error, blob)) {
      logger.info({ videoAnalysisId: analysis.id, code: error.code }, 'video analysis failed');
      publish(analysis, { type: 'FAILED', framesDone, error });
      deps.onEnded?.('FAILED', framesDone, secondsSinceStart(analysis));
    }
    return { status: 'failed', code: error.code };
  };

  /** One frame through the engine: the stage results the tracker reads, and the decoded size. */
  // The engine skips host stages: IDENTIFICATION runs once per track, below, on the track's mean embedding.
  const analyzeFrame = async (frame: VideoFrame, stages: readonly Stage[]): Promise<VideoFrameFaces> => {
    const collected = await collectStageResults((onEvent) => deps.engine.analyze({ image: frame.jpeg, stages }, onEvent));
    return frameFacesFromResults({ index: frame.index, timestampMs: frame.timestampMs, ...collected });
  };

  /** Identification and verdicts of each finished track, as stored. */
  const storedTracks = async (analysis: VideoAnalysisRecord, tracks: readonly FaceTrack[]): Promise<NewVideoTrack[]> => {
    const identify = analysis.stages.includes('IDENTIFICATION');
    const threshold = identify ? deps.thresholds.apply('identification', await deps.gallery.tenantSettings(analysis.tenantId)).threshold : 0;
    return Promise.all(
      tracks.map(async (t): Promise<NewVideoTrack> => {
        const a = t.aggregates;
        const identity = identify ? await identifyFace(deps.gallery, analysis.tenantId, a.meanEmbedding, { threshold, topK: DEFAULT_TOP_K }) : null;
        const entry = t.faces.find((f) => f.frameIndex === t.bestFrameIndex);
        return {
          trackId: t.trackId,
          firstMs: t.firstMs,
          lastMs: t.lastMs,
          frames: t.frames,
          bestFrameIndex: t.bestFrameIndex,
          bestTimestampMs: entry?.timestampMs ?? t.firstMs,
          bestBoxX: t.bestFace.box.x,
          bestBoxY: t.bestFace.box.y,
          bestBoxWidth: t.bestFace.box.width,
          bestBoxHeight: t.bestFace.box.height,
          bestScore: t.bestFace.score,
          bestQuality: t.bestFace.quality,
          identityDecision: identity?.decision ?? null,
          identityPersonId: identity?.personId ?? null,
          identitySimilarity: identity?.similarity ?? null,
          identityCandidates: identity ? identity.candidates : null,
          liveScore: a.liveScore,
          livenessVerdict: a.liveScore === null ? null : livenessVerdict(a.liveScore, deps.verdicts),
          livenessStrategy: a.liveStrategy,
          deepfakeScore: a.deepfakeScore,
          deepfakeVerdict: a.deepfakeVerdict ?? null,
          deepfakeStrategy: a.deepfakeStrategy,
          age: a.age,
          gender: a.gender,
          genderProbability: a.genderProbability,
        };
      }),
    );
  };

  const run = async (job: VideoJob): Promise<VideoJobOutcome> => {
    const analysis = await videos.start(job.videoAnalysisId);
    if (!analysis) return { status: 'skipped' };
    const log = logger.child({ videoAnalysisId: analysis.id, requestId: job.requestId });
    publish(analysis, { type: 'STARTED', framesDone: 0 });
    if (!analysis.blobKey) return fail(analysis, { code: 'VIDEO_EXPIRED', message: 'The uploaded video is no longer available; upload it again.' }, 0);
    const tracker = createTracker({ verdict: deps.verdicts });
    const tracks: FaceTrack[] = [];
    const frameFaces: NewVideoFrameFace[] = [];
    let framesDone = 0;
    let lastProgress = 0;
    let frameSize: { width: number; height: number } | null = null;

    const take = (frame: VideoFrameFaces): void => {
      const update = tracker.push(frame);
      frameSize ??= frame.width > 0 ? { width: frame.width, height: frame.height } : null;
      frame.faces.forEach((f, faceIndex) =>
        frameFaces.push({
          frameIndex: frame.index,
          timestampMs: frame.timestampMs,
          faceIndex,
          trackId: null,
          boxX: f.box.x,
          boxY: f.box.y,
          boxWidth: f.box.width,
          boxHeight: f.box.height,
          score: f.score,
          quality: f.quality,
        }),
      );
      framesDone++;
      for (const t of update.formed) publish(analysis, { type: 'TRACK_FORMED', framesDone, track: progressOf(t) });
      for (const t of update.ended) {
        tracks.push(t);
        publish(analysis, { type: 'TRACK_ENDED', framesDone, track: progressOf(t) });
      }
      const now = Date.now();
      if (now - lastProgress >= PROGRESS_EVERY_MS) {
        lastProgress = now;
        publish(analysis, { type: 'FRAMES', framesDone });
        void videos.progress(analysis.id, framesDone).catch((error: unknown) => log.warn({ err: error }, 'video progress not stored'));
      }
    };

    let decodeError: unknown = null;
    let timedOut = false;
    const found = await withLocalCopy(blobs, analysis.blobKey, deps.tmpDir, async (path) => {
      const inFlight: Promise<{ ok: true; frame: VideoFrameFaces } | { ok: false; error: unknown }>[] = [];
      const settle = (p: Promise<VideoFrameFaces>) =>
        p.then(
          (frame) => ({ ok: true as const, frame }),
          (error: unknown) => ({ ok: false as const, error }),
        );
      const drainOne = async (): Promise<void> => {
        const next = await inFlight.shift()!;
        if (!next.ok) throw next.error;
        take(next.frame);
      };
      try {
        const signal = AbortSignal.timeout(timeBudgetMs(analysis.framesPlanned, deps.timeoutS));
        for await (const frame of streamFrames(path, {
          fps: analysis.sampleFps,
          maxFrames: analysis.maxFrames,
          maxSide: deps.maxSide,
          ffmpeg: deps.ffmpeg,
          signal,
        })) {
          inFlight.push(settle(analyzeFrame(frame, analysis.stages)));
          if (inFlight.length >= deps.framesInFlight) await drainOne();
        }
      } catch (error) {
        // The frames decoded before the failure are still analysed; the file's fault ends the analysis below.
        if (error instanceof DOMException && error.name === 'TimeoutError') timedOut = true;
        else if (!isDecodeFailure(error)) throw error;
        else decodeError = error;
      }
      while (inFlight.length) await drainOne();
    });
    if (!found) return fail(analysis, { code: 'VIDEO_EXPIRED', message: 'The uploaded video is no longer available; upload it again.' }, framesDone);
    if (timedOut) {
      log.warn({ framesDone }, 'video analysis ran past its time budget');
      return fail(
        analysis,
        {
          code: 'TIMEOUT',
          message: `The video took longer than ${Math.round(timeBudgetMs(analysis.framesPlanned, deps.timeoutS) / 1000)} s to analyse (${framesDone} frames done).`,
        },
        framesDone,
      );
    }
    if (decodeError) {
      log.info({ err: decodeError, framesDone }, 'video stopped decoding');
      return fail(
        analysis,
        { code: 'BAD_VIDEO', message: `The video stopped decoding after ${framesDone} sampled frames (a damaged or truncated file).` },
        framesDone,
      );
    }
    // Tracks still open at the last frame end with the video: announced like the others.
    for (const t of tracker.finish()) {
      tracks.push(t);
      publish(analysis, { type: 'TRACK_ENDED', framesDone, track: progressOf(t) });
    }
    tracks.sort((a, b) => a.trackId - b.trackId);
    const byPlace = new Map(frameFaces.map((f) => [`${f.frameIndex}:${f.faceIndex}`, f]));
    for (const t of tracks) for (const entry of t.faces) byPlace.get(`${entry.frameIndex}:${entry.faceIndex}`)!.trackId = t.trackId;
    const stored = await storedTracks(analysis, tracks);
    const blob = await releaseBlob(analysis.blobKey);
    if (!(await videos.complete(analysis.id, { framesDone, frameSize, tracks: stored, frameFaces, blob }))) return { status: 'skipped' };
    const seconds = secondsSinceStart(analysis);
    log.info({ framesDone, tracks: stored.length, seconds }, 'video analysis completed');
    publish(analysis, { type: 'COMPLETED', framesDone });
    deps.onEnded?.('COMPLETED', framesDone, seconds);
    return { status: 'completed', tracks: stored.length };
  };

  const failUnexpected = async (job: VideoJob, error: unknown): Promise<void> => {
    logger.error({ err: error, videoAnalysisId: job.videoAnalysisId }, 'video analysis failed unexpectedly');
    const analysis = await videos.find(job.tenantId, job.videoAnalysisId);
    if (analysis) await fail(analysis, internalFailure, analysis.framesDone);
  };

  return { handle: run, failUnexpected };
}
