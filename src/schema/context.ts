import type DataLoader from 'dataloader';
import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import type { FaceResultsRepository } from '../db/face-results.repository.ts';
import type { GalleryRepository, Person } from '../db/gallery.repository.ts';
import type { Face, SessionsRepository, StageRun } from '../db/sessions.repository.ts';
import type { ModelProfile } from '../pipeline/model-profile.ts';
import type { Stage } from '../pipeline/stages.ts';
import type { ThresholdPolicy } from '../pipeline/thresholds.ts';
import type { Caller } from './auth.ts';
import type { EventBus } from '../transport/event-bus.ts';
import type { ImageStore } from '../transport/image-store.ts';
import type { JobQueue } from '../transport/job-queue.ts';

/** Long-lived services the composition root builds once from config. */
export interface AppServices {
  config: Config;
  logger: Logger;
  sessions: SessionsRepository;
  faceResults: FaceResultsRepository;
  gallery: GalleryRepository;
  queue: JobQueue;
  images: ImageStore;
  events: EventBus;
  info: ServerInfo;
  thresholds: ThresholdPolicy;
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
}

/** Per-request batching, so a page of sessions costs one query per relation, not one per session. */
export interface Loaders {
  stageRuns: DataLoader<string, StageRun[]>;
  faces: DataLoader<string, Face[]>;
  /** Face ID -> embedding (null when the face has none). */
  embeddings: DataLoader<string, number[] | null>;
  /** Person ID -> enrolled faces; Person ID -> person. */
  personFaces: DataLoader<string, Face[]>;
  persons: DataLoader<string, Person | null>;
}

export interface Context {
  services: AppServices;
  /** The caller's tenant: every query is scoped to it (one default tenant without auth). */
  tenantId: string;
  caller: Caller;
  loaders: Loaders;
}
