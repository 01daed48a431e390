import type { Logger } from 'pino';
import type { Caller } from '../auth/caller.ts';
import type { Config } from '../config/config.ts';
import type { Repositories } from '../db/repositories.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { ModelProfile } from '../pipeline/model-profile.ts';
import type { Stage, StageGraph } from '../pipeline/stages.ts';
import type { ThresholdPolicy } from '../pipeline/thresholds.ts';
import type { BlobStore } from '../transport/blob-store.ts';
import type { DecisionQueue } from '../transport/decision-queue.ts';
import type { EventBus } from '../transport/event-bus.ts';
import type { ImageStore } from '../transport/image-store.ts';
import type { JobQueue } from '../transport/job-queue.ts';
import type { VideoQueue } from '../transport/video-queue.ts';

/** Long-lived services the composition root builds once from config; the use cases run on them. */
export interface AppServices extends Repositories {
  config: Config;
  logger: Logger;
  queue: JobQueue;
  /** Liveness session decisions (in-process, or BullMQ in queue mode). */
  decisions: DecisionQueue;
  /** Video analyses (in-process, or BullMQ in queue mode). */
  videoQueue: VideoQueue;
  images: ImageStore;
  /** Uploaded videos (DATA_DIR/blobs, or the S3 bucket). */
  blobs: BlobStore;
  /** Where uploads stream while a request arrives: a local file (ffprobe reads it); `blobs` itself unless that is S3. */
  uploads: BlobStore;
  events: EventBus;
  info: ServerInfo;
  thresholds: ThresholdPolicy;
  metrics: Metrics;
  /** The stage graph of the stage modules: what a request's stages need. */
  stageGraph: StageGraph;
}

export interface ServerInfo {
  version: string;
  mode: 'embedded' | 'queue';
  database: 'pglite' | 'postgres';
  modelProfile: ModelProfile;
  detector: string;
  /** Stages this server can run, in execution order. */
  stages: Stage[];
  unavailableStages: { stage: Stage; reason: string }[];
  recognitionThreshold: number;
  qualityGate: number;
  /** analyzeVideo's limits and defaults, for clients that show them. */
  video: { maxBytes: number; maxSeconds: number; defaultFps: number; defaultMaxFrames: number; maxFrames: number; frameMaxSide: number };
}

/** Who a use case runs for: the services, and the caller with its tenant (every read and write is scoped to it). */
export interface Scope {
  services: AppServices;
  tenantId: string;
  caller: Caller;
  /** The request's ID (x-request-id, or one the server made): it follows the job into the worker's logs and onto its events. */
  requestId: string;
}
