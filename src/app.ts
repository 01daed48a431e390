import { createAnalysisJobHandler } from '../inference-workers/analysis-job.handler.ts';
import { engineOptionsOf, modelPlanOf } from '../inference-workers/engine/engine-options.ts';
import { createThreadPoolEngine } from '../inference-workers/engine/thread-pool.engine.ts';
import { runMode, type Config } from './config/config.ts';
import { openDatabase } from './db/database.ts';
import { FaceResultsRepository } from './db/face-results.repository.ts';
import { GalleryRepository } from './db/gallery.repository.ts';
import { SessionsRepository } from './db/sessions.repository.ts';
import { createLogger, type Logger } from './observability/logger.ts';
import type { ModelPlan } from './pipeline/model-profile.ts';
import type { Stage } from './pipeline/stages.ts';
import type { AppServices, ServerInfo } from './schema/context.ts';
import { loadCalibration } from './pipeline/calibration.ts';
import { ThresholdPolicy } from './pipeline/thresholds.ts';
import { createHttpApp, type HttpApp } from './server.ts';
import { createMemoryEventBus } from './transport/event-bus.ts';
import { createMemoryImageStore } from './transport/image-store.ts';
import { createMemoryQueue } from './transport/memory-queue.ts';
import { createQueueTransport, type QueueTransport } from './transport/queue-mode.ts';
import packageJson from '../package.json' with { type: 'json' };

export interface App {
  services: AppServices;
  /** SQL statements this app has run (for tests of batching). */
  queryCount(): number;
  http: HttpApp;
  /** Starts listening; resolves to the GraphQL URL. */
  start(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Composition root: builds the adapters the configuration asks for and wires them together.
 * Embedded mode (the default): PGlite on disk, in-process queue, inference in worker threads.
 * Queue mode (DATABASE_URL and REDIS_URL): PostgreSQL, BullMQ jobs for worker processes, Redis events.
 */
export async function buildApp(config: Config, logger: Logger = createLogger(config)): Promise<App> {
  const plan = modelPlanOf(config);
  const mode = runMode(config);
  const db = await openDatabase(config);
  const sessions = new SessionsRepository(db.prisma);
  const faceResults = new FaceResultsRepository(db.prisma);
  const gallery = new GalleryRepository(db.prisma, { efSearch: config.HNSW_EF_SEARCH });
  let transport: Transport;
  try {
    transport = mode === 'queue' ? await queueTransport(config, sessions, logger) : await embeddedTransport(config, plan, { sessions, faceResults, gallery }, logger);
  } catch (error) {
    await db.close();
    throw error;
  }

  const services: AppServices = {
    config,
    logger,
    sessions,
    faceResults,
    gallery,
    queue: transport.queue,
    images: transport.images,
    events: transport.events,
    info: serverInfoOf(config, plan, { version: packageJson.version, mode, database: db.kind }),
    thresholds: new ThresholdPolicy({ verification: config.RECOGNITION_THRESHOLD, identification: config.IDENTIFY_THRESHOLD }, loadCalibration()),
  };
  const http = createHttpApp(config, services, logger);
  return {
    services,
    http,
    queryCount: () => db.queryCount(),
    start: () => http.listen(),
    stop: async () => {
      await http.close();
      await transport.close();
      await db.close();
    },
  };
}

type Transport = Pick<AppServices, 'queue' | 'images' | 'events'> & { close(): Promise<void> };

/** Embedded mode: in-process queue, inference in worker threads of this process, in-memory events and images. */
async function embeddedTransport(
  config: Config,
  plan: ModelPlan,
  repositories: { sessions: SessionsRepository; faceResults: FaceResultsRepository; gallery: GalleryRepository },
  logger: Logger,
): Promise<Transport> {
  const { sessions } = repositories;
  const events = createMemoryEventBus();
  const images = createMemoryImageStore();
  const engine = await createThreadPoolEngine(engineOptionsOf(config, plan), config.INFERENCE_THREADS, {
    onThreadDeath: (error) => logger.error({ err: error }, 'inference thread died; its image fails and a new thread is starting'),
  });
  const handler = createAnalysisJobHandler({ ...repositories, identifyThreshold: config.IDENTIFY_THRESHOLD, engine, images, events, logger });
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
  return {
    queue,
    images,
    events,
    close: async () => {
      await queue.close();
      await engine.close();
      await events.close();
      await images.close();
    },
  };
}

/** Queue mode: jobs go to BullMQ for `npm run worker` processes; events arrive over Redis pub/sub. */
async function queueTransport(config: Config, sessions: SessionsRepository, logger: Logger): Promise<Transport> {
  const transport = await createQueueTransport(config, 'api');
  await reconcileQueued(sessions, transport, logger);
  // Again every RECONCILE_INTERVAL_MS: a Redis that restarted without persistence loses its jobs.
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    reconcileQueued(sessions, transport, logger)
      .catch((error: unknown) => logger.warn({ err: error }, 'reconciling unfinished sessions failed; will retry'))
      .finally(() => {
        running = false;
      });
  }, config.RECONCILE_INTERVAL_MS);
  timer.unref();
  return {
    ...transport,
    close: async () => {
      clearInterval(timer);
      await transport.close();
    },
  };
}

/**
 * A session whose job was lost (Redis flushed, enqueue interrupted) would wait forever: re-enqueue it
 * while its image is still stored, else fail it with IMAGE_EXPIRED. Job IDs are session IDs, so
 * replicas reconciling at the same time cannot enqueue a session twice.
 */
async function reconcileQueued(sessions: SessionsRepository, transport: QueueTransport, logger: Logger): Promise<void> {
  for (const session of await sessions.unfinished()) {
    if (await transport.queue.hasJob(session.id)) continue;
    if (await transport.images.has(session.id)) {
      await transport.queue.enqueue({ sessionId: session.id, tenantId: session.tenantId, stages: session.stages as Stage[], imageRef: session.id });
      logger.warn({ sessionId: session.id }, 're-enqueued a session that had no job');
    } else {
      const error = { code: 'IMAGE_EXPIRED', message: 'The uploaded image is no longer available; upload it again.' };
      if (await sessions.markFailed(session.id, error)) {
        await transport.events.publish({ sessionId: session.id, tenantId: session.tenantId, type: 'FAILED', stage: null, model: null, durationMs: null, error, at: new Date() });
      }
    }
  }
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
