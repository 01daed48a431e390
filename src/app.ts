import { createAnalysisJobHandler } from '../inference-workers/analysis-job.handler.ts';
import { engineOptionsOf, modelPlanOf } from '../inference-workers/engine/engine-options.ts';
import { createThreadPoolEngine } from '../inference-workers/engine/thread-pool.engine.ts';
import type { Config } from './config/config.ts';
import { openDatabase } from './db/database.ts';
import { FaceResultsRepository } from './db/face-results.repository.ts';
import { SessionsRepository } from './db/sessions.repository.ts';
import { createLogger, type Logger } from './observability/logger.ts';
import type { ModelPlan } from './pipeline/model-profile.ts';
import type { AppServices, ServerInfo } from './schema/context.ts';
import { createHttpApp, type HttpApp } from './server.ts';
import { createMemoryEventBus } from './transport/event-bus.ts';
import { createMemoryImageStore } from './transport/image-store.ts';
import { createMemoryQueue } from './transport/memory-queue.ts';
import packageJson from '../package.json' with { type: 'json' };

export interface App {
  services: AppServices;
  http: HttpApp;
  /** Starts listening; resolves to the GraphQL URL. */
  start(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Composition root: builds the adapters the configuration asks for and wires them together.
 * Embedded mode (the default): PGlite on disk, in-process queue, inference in worker threads.
 */
export async function buildApp(config: Config, logger: Logger = createLogger(config)): Promise<App> {
  const plan = modelPlanOf(config);
  const db = await openDatabase(config);
  const sessions = new SessionsRepository(db.prisma);
  const faceResults = new FaceResultsRepository(db.prisma);
  const events = createMemoryEventBus();
  const images = createMemoryImageStore();
  const engine = await createThreadPoolEngine(engineOptionsOf(config, plan), config.INFERENCE_THREADS).catch(async (error: unknown) => {
    await db.close();
    throw error;
  });
  const handler = createAnalysisJobHandler({ sessions, faceResults, engine, images, events, logger });
  const queue = createMemoryQueue((job) => handler.handle(job).then(() => undefined), {
    // One more than the threads keeps them busy while results are written.
    concurrency: config.INFERENCE_THREADS + 1,
    onError: (error, job) => void handler.failUnexpected(job, error),
  });

  // The in-process queue and image store do not survive a restart: sessions left unfinished by
  // the last run can never complete, so they end as FAILED with a reason instead of hanging.
  for (const session of await sessions.unfinished()) {
    await sessions.markFailed(session.id, {
      code: 'INTERRUPTED',
      message: 'The server stopped before this analysis finished; upload the image again.',
    });
  }

  const services: AppServices = {
    config,
    logger,
    sessions,
    faceResults,
    queue,
    images,
    events,
    info: serverInfoOf(config, plan, { version: packageJson.version, mode: 'embedded', database: db.kind }),
  };
  const http = createHttpApp(config, services, logger);
  return {
    services,
    http,
    start: () => http.listen(),
    stop: async () => {
      await http.close();
      await queue.close();
      await engine.close();
      await events.close();
      await images.close();
      await db.close();
    },
  };
}

function serverInfoOf(config: Config, plan: ModelPlan, base: Pick<ServerInfo, 'version' | 'mode' | 'database'>): ServerInfo {
  return {
    ...base,
    modelProfile: plan.profile,
    detector: plan.detector,
    stages: plan.stages,
    unavailableStages: Object.entries(plan.unavailable).map(([stage, reason]) => ({ stage: stage as ServerInfo['stages'][number], reason })),
    recognitionThreshold: config.RECOGNITION_THRESHOLD,
    qualityGate: config.QUALITY_GATE,
  };
}
