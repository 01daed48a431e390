import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../src/config/config.ts';
import type { Repositories } from '../src/db/repositories.ts';
import type { ModelPlan } from '../src/pipeline/model-profile.ts';
import type { PipelineObserver } from '../src/pipeline/observer.ts';
import type { InferenceEngine } from '../src/pipeline/results.ts';
import type { ThresholdPolicy } from '../src/pipeline/thresholds.ts';
import type { EventBus } from '../src/transport/event-bus.ts';
import type { BlobStore } from '../src/transport/blob-store.ts';
import type { ImageStore } from '../src/transport/image-store.ts';
import { createAnalysisJobHandler, type AnalysisJobHandler } from './analysis-job.handler.ts';
import { engineOptionsOf, modelPlanOf } from './engine/engine-options.ts';
import { createThreadPoolEngine, type ThreadPoolHooks } from './engine/thread-pool.engine.ts';
import { createVideoJobHandler, type VideoJobHandler } from './video-analysis.handler.ts';

/** What runs analysis jobs in a process: the model plan, the inference threads and the job handler. */
export interface InferenceRuntime {
  plan: ModelPlan;
  engine: InferenceEngine;
  handler: AnalysisJobHandler;
  /** Video analyses (analyzeVideo), on the same threads. */
  video: VideoJobHandler;
  close(): Promise<void>;
}

export interface InferenceRuntimeDeps {
  repositories: Repositories;
  thresholds: ThresholdPolicy;
  images: ImageStore;
  /** Where uploaded videos wait (the filesystem, or an S3 bucket in queue mode). */
  blobs: BlobStore;
  events: EventBus;
  logger: Logger;
  hooks?: ThreadPoolHooks;
  observer?: PipelineObserver;
  onVideoEnded?: (status: 'COMPLETED' | 'FAILED', frames: number, seconds: number) => void;
}

/**
 * The inference side of the pipeline, built the same way by the embedded API (in-process queue) and by
 * `npm run worker` (BullMQ): models verified and loaded on INFERENCE_THREADS threads, and a job handler
 * that writes each stage and publishes its progress. IDENTIFICATION gets the gallery as its port.
 */
export async function createInferenceRuntime(config: Config, deps: InferenceRuntimeDeps): Promise<InferenceRuntime> {
  const { repositories, logger } = deps;
  const plan = modelPlanOf(config);
  const engine = await createThreadPoolEngine(engineOptionsOf(config, plan), config.INFERENCE_THREADS, {
    ...deps.hooks,
    onThreadDeath: (error) => {
      logger.error({ err: error }, 'inference thread died; its image fails and a new thread is starting');
      deps.hooks?.onThreadDeath?.(error);
    },
  });
  const handler = createAnalysisJobHandler({
    sessions: repositories.sessions,
    faceResults: repositories.faceResults,
    ports: { gallery: repositories.gallery, thresholds: deps.thresholds },
    engine,
    images: deps.images,
    events: deps.events,
    logger,
    faultKillOnImageSha256: config.FAULT_KILL_ON_IMAGE_SHA256,
    observer: deps.observer,
  });
  const video = createVideoJobHandler({
    videos: repositories.videos,
    gallery: repositories.gallery,
    thresholds: deps.thresholds,
    engine,
    blobs: deps.blobs,
    events: deps.events,
    logger,
    verdicts: {
      liveAt: config.LIVENESS_LIVE_AT,
      spoofBelow: config.LIVENESS_SPOOF_BELOW,
      fakeAt: config.DEEPFAKE_FAKE_AT,
      realBelow: config.DEEPFAKE_REAL_BELOW,
    },
    ffmpeg: config.FFMPEG_PATH,
    maxSide: config.VIDEO_FRAME_MAX_SIDE,
    // One frame more than the threads: a thread never waits while its last result is handed back (as embeddedConcurrency).
    framesInFlight: config.INFERENCE_THREADS + 1,
    blobRetentionDays: config.BLOB_RETENTION_DAYS,
    timeoutS: config.VIDEO_ANALYSIS_TIMEOUT_S,
    tmpDir: join(tmpdir(), 'facesocial-video'),
    ...(deps.onVideoEnded ? { onEnded: deps.onVideoEnded } : {}),
  });
  return { plan, engine, handler, video, close: () => engine.close() };
}
