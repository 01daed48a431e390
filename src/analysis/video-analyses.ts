import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { VideoAnalysisRecord } from '../db/video.repository.ts';
import { AppError, notFound } from '../pipeline/errors.ts';
import type { Stage } from '../pipeline/stages.ts';
import type { AppServices, Scope } from './services.ts';
import type { UploadFile } from './image-upload.ts';
import { BlobTooLargeError } from '../transport/blob-store.ts';
import { StagedUpload, videoTooLarge } from './staged-upload.ts';
import { planAvailableStages } from './submit-analysis.ts';
import { probeVideo } from './video-probe.ts';

/** Stages a video can run: per-face stages the tracker aggregates (RECOGNITION always: it is the tracker's identity cue). */
export const videoStages = [
  'DETECTION',
  'QUALITY',
  'RECOGNITION',
  'IDENTIFICATION',
  'ANTI_SPOOFING',
  'DEEPFAKE',
  'AGE_GENDER',
] as const satisfies readonly Stage[];
export type VideoStage = (typeof videoStages)[number];

export interface VideoRequest {
  file: UploadFile;
  stages: readonly VideoStage[] | null | undefined;
  sampleFps: number | null | undefined;
  maxFrames: number | null | undefined;
}

/** Requested sampling, checked against the server's limits: every value outside them is the caller's mistake, said so. */
function samplingOf(services: Pick<AppServices, 'config'>, request: Pick<VideoRequest, 'sampleFps' | 'maxFrames'>): { fps: number; maxFrames: number } {
  const { config } = services;
  const fps = request.sampleFps ?? config.VIDEO_DEFAULT_FPS;
  const maxFrames = request.maxFrames ?? Math.min(config.VIDEO_DEFAULT_MAX_FRAMES, config.VIDEO_MAX_FRAMES);
  if (!(fps > 0 && fps <= 60)) throw new AppError('BAD_USER_INPUT', `sampleFps must be above 0 and at most 60 (got ${fps}).`);
  if (!Number.isInteger(maxFrames) || maxFrames < 1 || maxFrames > config.VIDEO_MAX_FRAMES) {
    throw new AppError('BAD_USER_INPUT', `maxFrames must be 1 to ${config.VIDEO_MAX_FRAMES} (VIDEO_MAX_FRAMES); got ${maxFrames}.`);
  }
  return { fps, maxFrames };
}

/** The upload as a blob in the staging store: streamed there while the request arrived, or (a File from elsewhere) now. */
async function staged(services: AppServices, file: UploadFile): Promise<StagedUpload> {
  if (file instanceof StagedUpload) return file;
  const key = `uploads/${randomUUID()}`;
  const source = file as UploadFile & { stream?: () => ReadableStream<Uint8Array> };
  const body = source.stream ? source.stream() : new Blob([await file.arrayBuffer()]).stream();
  const { bytes } = await services.uploads.put(key, body, { maxBytes: services.config.MAX_VIDEO_BYTES }).catch((error: unknown) => {
    throw error instanceof BlobTooLargeError ? videoTooLarge(services.config.MAX_VIDEO_BYTES) : error;
  });
  return new StagedUpload({ store: services.uploads, key, size: bytes, name: file.name, type: file.type, field: 'video' });
}

/**
 * Checks the upload with ffprobe, moves it to the shared blob store when staging was local (S3 in
 * queue mode), creates the analysis (QUEUED) and queues its job. Sampling is even over the whole video:
 * `sampleFps`, lowered so that the frames fit in `maxFrames`. Any refusal leaves no blob and no row.
 */
export async function submitVideoAnalysis(scope: Scope, request: VideoRequest): Promise<VideoAnalysisRecord> {
  const { services } = scope;
  const { config } = services;
  const sampling = samplingOf(services, request);
  const stages = planAvailableStages(services, [...(request.stages ?? videoStages), 'RECOGNITION']);
  // Each waiting video holds disk: a tenant gets MAX_QUEUED_VIDEOS_PER_TENANT at once (racing uploads can pass it by their number).
  const unfinished = await services.videos.countUnfinished(scope.tenantId);
  if (unfinished >= config.MAX_QUEUED_VIDEOS_PER_TENANT) {
    throw new AppError(
      'RATE_LIMITED',
      `This tenant already has ${unfinished} video analyses queued or running (at most ${config.MAX_QUEUED_VIDEOS_PER_TENANT}); retry in ${config.RETRY_AFTER_SECONDS} s, when one has finished.`,
      { retryAfterSeconds: config.RETRY_AFTER_SECONDS, limit: 'queuedVideos' },
    );
  }
  const upload = await staged(services, request.file);
  const uploadKey = upload.claim();
  let blobKey: string | null = null;
  try {
    if (upload.size === 0) throw new AppError('BAD_VIDEO', 'The uploaded file is empty.');
    const path = await services.uploads.localPath(uploadKey);
    if (!path) throw new Error('the staging store keeps no local file');
    const facts = await probeVideo(path, { ffprobe: config.FFPROBE_PATH, ffmpeg: config.FFMPEG_PATH, maxSeconds: config.MAX_VIDEO_SECONDS });
    if (services.uploads === services.blobs) blobKey = uploadKey;
    else {
      blobKey = `videos/${randomUUID()}`;
      await services.blobs.put(blobKey, createReadStream(path), { maxBytes: config.MAX_VIDEO_BYTES });
      await services.uploads.delete(uploadKey);
    }
    const fps = Math.min(sampling.fps, sampling.maxFrames / facts.durationS);
    const analysis = await services.videos.create({
      tenantId: scope.tenantId,
      stages,
      requestId: scope.requestId,
      fileName: upload.name.slice(0, 255) || null,
      bytes: upload.size,
      container: facts.container,
      codec: facts.codec,
      durationS: facts.durationS,
      sourceFps: facts.fps,
      width: facts.width,
      height: facts.height,
      startS: facts.startS,
      sampleFps: fps,
      maxFrames: sampling.maxFrames,
      framesPlanned: Math.max(1, Math.min(sampling.maxFrames, Math.round(facts.durationS * fps))),
      blobKey,
    });
    try {
      await services.videoQueue.enqueue({ videoAnalysisId: analysis.id, tenantId: analysis.tenantId, requestId: scope.requestId });
    } catch (error) {
      await services.videos.erase(scope.tenantId, analysis.id);
      throw error;
    }
    services.logger.info(
      { videoAnalysisId: analysis.id, durationS: facts.durationS, fps, bytes: upload.size, requestId: scope.requestId },
      'video analysis queued',
    );
    return analysis;
  } catch (error) {
    await services.uploads.delete(uploadKey);
    if (blobKey && blobKey !== uploadKey) await services.blobs.delete(blobKey);
    throw error;
  }
}

export async function findVideoAnalysis(scope: Scope, id: string): Promise<VideoAnalysisRecord> {
  const analysis = await scope.services.videos.find(scope.tenantId, id);
  if (!analysis) throw notFound('Video analysis');
  return analysis;
}

/** Erases the analysis with its tracks and frame faces, and its upload if it is still stored. */
export async function deleteVideoAnalysis(scope: Scope, id: string): Promise<void> {
  const erased = await scope.services.videos.erase(scope.tenantId, id);
  if (!erased) throw notFound('Video analysis');
  if (erased.blobKey) await scope.services.blobs.delete(erased.blobKey);
  scope.services.logger.info({ videoAnalysisId: id, tenantId: scope.tenantId }, 'video analysis erased');
}
