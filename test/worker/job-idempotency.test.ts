import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnalysisJobHandler, type AnalysisJobHandler } from '../../inference-workers/analysis-job.handler.ts';
import { engineOptionsOf } from '../../inference-workers/engine/engine-options.ts';
import { createThreadPoolEngine } from '../../inference-workers/engine/thread-pool.engine.ts';
import { loadConfig } from '../../src/config/config.ts';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { FaceResultsRepository } from '../../src/db/face-results.repository.ts';
import { GalleryRepository } from '../../src/db/gallery.repository.ts';
import { SessionsRepository } from '../../src/db/sessions.repository.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { thresholdPolicyOf } from '../../src/pipeline/thresholds.ts';
import type { InferenceEngine } from '../../src/pipeline/results.ts';
import { stageNames } from '../../src/pipeline/stages.ts';
import { planStages } from '../../inference-workers/stages/index.ts';
import { createMemoryEventBus } from '../../src/transport/event-bus.ts';
import { createMemoryImageStore, type ImageStore } from '../../src/transport/image-store.ts';
import { fixture } from '../support/paths.ts';
import { copyPgliteTemplate } from '../support/pglite-template.ts';

// A queue may deliver a job again (a worker died after writing some stages): the rows must come out the same.
describe('analysis job handler', () => {
  let dir: string;
  let db: Database;
  let engine: InferenceEngine;
  let images: ImageStore;
  let sessions: SessionsRepository;
  let handler: AnalysisJobHandler;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'facesocial-job-'));
    await copyPgliteTemplate(dir);
    const config = loadConfig({ DATA_DIR: dir, DATABASE_URL: undefined, LOG_LEVEL: 'silent' });
    db = await openDatabase(config);
    engine = await createThreadPoolEngine(engineOptionsOf(config), 1);
    images = createMemoryImageStore();
    sessions = new SessionsRepository(db.prisma);
    handler = createAnalysisJobHandler({
      sessions,
      faceResults: new FaceResultsRepository(db.prisma),
      ports: { gallery: new GalleryRepository(db.prisma, { efSearch: config.HNSW_EF_SEARCH }), thresholds: thresholdPolicyOf(config) },
      engine,
      images,
      events: createMemoryEventBus(),
      logger: createLogger(config),
    });
  });
  afterAll(async () => {
    await engine?.close();
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const snapshot = async (sessionId: string): Promise<unknown[]> =>
    db.prisma.$queryRaw`SELECT f.*, f."embedding"::text AS embedding FROM "Face" f WHERE "sessionId" = ${sessionId}::uuid ORDER BY "faceIndex"`;

  it('leaves the same face rows when a job runs a second time', async () => {
    const bytes = readFileSync(fixture('multi_two_people.jpg'));
    const stages = planStages(stageNames.filter((s) => s !== 'EMOTION'));
    const session = await sessions.create({
      tenantId: 'default',
      stages,
      image: { width: 1, height: 1, format: 'jpeg', bytes: bytes.byteLength, sha256: 'x' },
    });
    await images.put(session.id, bytes);
    const job = { sessionId: session.id, tenantId: 'default', stages, imageRef: session.id };
    expect(await handler.handle(job)).toEqual({ status: 'completed' });
    const first = await snapshot(session.id);
    expect(first).toHaveLength(2);
    expect(first.every((f) => (f as { embedding: string | null }).embedding !== null)).toBe(true);

    // Redelivery after a crash: the session is still RUNNING and the image is still stored.
    await db.prisma.analysisSession.update({ where: { id: session.id }, data: { status: 'RUNNING', completedAt: null } });
    await images.put(session.id, bytes);
    expect(await handler.handle(job)).toEqual({ status: 'completed' });
    expect(await snapshot(session.id)).toEqual(first);
    expect(await db.prisma.stageRun.count({ where: { sessionId: session.id } })).toBe(stages.length);

    // A job for a session already finished does nothing.
    await images.put(session.id, bytes);
    expect(await handler.handle(job)).toMatchObject({ status: 'skipped' });
  });
});
