import type DataLoader from 'dataloader';
import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import type { Face, SessionsRepository, StageRun } from '../db/sessions.repository.ts';
import type { EventBus } from '../transport/event-bus.ts';
import type { ImageStore } from '../transport/image-store.ts';
import type { JobQueue } from '../transport/job-queue.ts';

/** Long-lived services the composition root builds once from config. */
export interface AppServices {
  config: Config;
  logger: Logger;
  sessions: SessionsRepository;
  queue: JobQueue;
  images: ImageStore;
  events: EventBus;
  info: ServerInfo;
}

export interface ServerInfo {
  version: string;
  mode: 'embedded' | 'queue';
  database: 'pglite' | 'postgres';
  detector: string;
}

/** Per-request batching, so a page of sessions costs one query per relation, not one per session. */
export interface Loaders {
  stageRuns: DataLoader<string, StageRun[]>;
  faces: DataLoader<string, Face[]>;
}

export interface Context {
  services: AppServices;
  /** Embedded mode serves one default tenant; auth (a later issue) sets it from the token. */
  tenantId: string;
  loaders: Loaders;
}
