import type { Logger } from 'pino';
import type { Config } from '../src/config/config.ts';
import type { Repositories } from '../src/db/repositories.ts';
import type { ModelPlan } from '../src/pipeline/model-profile.ts';
import type { PipelineObserver } from '../src/pipeline/observer.ts';
import type { InferenceEngine } from '../src/pipeline/results.ts';
import type { ThresholdPolicy } from '../src/pipeline/thresholds.ts';
import type { EventBus } from '../src/transport/event-bus.ts';
import type { ImageStore } from '../src/transport/image-store.ts';
import { createAnalysisJobHandler, type AnalysisJobHandler } from './analysis-job.handler.ts';
import { engineOptionsOf, modelPlanOf } from './engine/engine-options.ts';
import { createThreadPoolEngine, type ThreadPoolHooks } from './engine/thread-pool.engine.ts';

/** What runs analysis jobs in a process: the model plan, the inference threads and the job handler. */
export interface InferenceRuntime {
  plan: ModelPlan;
  engine: InferenceEngine;
  handler: AnalysisJobHandler;
  close(): Promise<void>;
}

export interface InferenceRuntimeDeps {
  repositories: Repositories;
  thresholds: ThresholdPolicy;
  images: ImageStore;
  events: EventBus;
  logger: Logger;
  hooks?: ThreadPoolHooks;
  observer?: PipelineObserver;
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
  return { plan, engine, handler, close: () => engine.close() };
}
