import { createHash } from 'node:crypto';
import type { AnalysisBatch, SessionRecord } from '../db/sessions.repository.ts';
import { AppError, notFound } from '../pipeline/errors.ts';
import { isTerminal } from '../pipeline/events.ts';
import type { Stage } from '../pipeline/stages.ts';
import { readImageUpload, type UploadFile } from './image-upload.ts';
import type { AppServices, Scope } from './services.ts';
import { planAvailableStages, submitAnalysis } from './submit-analysis.ts';

export interface BatchSummary {
  total: number;
  completed: number;
  failed: number;
}

export type BatchEvent =
  | { type: 'ITEM_COMPLETED' | 'ITEM_FAILED'; index: number; sessionId: string; error: { code: string; message: string } | null; at: Date; summary: null }
  | { type: 'SUMMARY'; index: null; sessionId: null; error: null; at: Date; summary: BatchSummary };

export const summarise = (sessions: readonly Pick<SessionRecord, 'status'>[]): BatchSummary & { queued: number; running: number } => ({
  total: sessions.length,
  queued: sessions.filter((s) => s.status === 'QUEUED').length,
  running: sessions.filter((s) => s.status === 'RUNNING').length,
  completed: sessions.filter((s) => s.status === 'COMPLETED').length,
  failed: sessions.filter((s) => s.status === 'FAILED').length,
});

/**
 * One session per image under a batch. An image that cannot be read fails its own session with the
 * reason (BAD_IMAGE, IMAGE_TOO_LARGE), so the batch still accounts for it; anything else is thrown.
 */
export async function submitBatch(scope: Scope, files: readonly UploadFile[], requested: readonly Stage[] | null | undefined): Promise<AnalysisBatch> {
  const { services, tenantId } = scope;
  const { config, sessions } = services;
  if (files.length === 0) throw new AppError('BAD_USER_INPUT', 'Send at least one image.');
  if (files.length > config.MAX_BATCH_FILES) throw new AppError('BAD_USER_INPUT', `At most ${config.MAX_BATCH_FILES} images per request.`);
  const stages = planAvailableStages(services, requested);
  const batch = await sessions.createBatch(tenantId, files.length);
  for (const [index, file] of files.entries()) {
    try {
      const upload = await readImageUpload(file, config);
      await submitAnalysis(services, { tenantId, requestId: scope.requestId, upload, stages, batch: { id: batch.id, index } });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const bytes = Buffer.from(await file.arrayBuffer());
      await sessions.createRejected({
        tenantId,
        stages,
        batch: { id: batch.id, index },
        bytes: bytes.byteLength,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        error: { code: error.code, message: error.message },
      });
    }
  }
  return batch;
}

/**
 * A batch's progress: each image as it completes or fails (those already ended first), then a summary,
 * after which the stream ends. Subscribes before reading the database, so nothing falls in between.
 */
export async function* batchProgress(services: Pick<AppServices, 'events' | 'sessions'>, tenantId: string, batchId: string): AsyncGenerator<BatchEvent> {
  const live = services.events.tenant(tenantId);
  try {
    const batch = await services.sessions.findBatch(tenantId, batchId);
    if (!batch) throw notFound('Analysis batch');
    const items = await services.sessions.batchSessions([batch.id]);
    const indexOf = new Map(items.map((s) => [s.id, s.batchIndex ?? 0]));
    const ended = new Map<string, 'COMPLETED' | 'FAILED'>();
    const item = (sessionId: string, status: 'COMPLETED' | 'FAILED', error: BatchEvent['error'], at: Date): BatchEvent => {
      ended.set(sessionId, status);
      return { type: status === 'COMPLETED' ? 'ITEM_COMPLETED' : 'ITEM_FAILED', index: indexOf.get(sessionId) ?? 0, sessionId, error, at, summary: null };
    };
    for (const s of items) {
      if (s.status === 'COMPLETED' || s.status === 'FAILED') {
        yield item(s.id, s.status, s.errorCode ? { code: s.errorCode, message: s.errorMessage ?? '' } : null, s.completedAt ?? s.createdAt);
      }
    }
    if (ended.size < items.length) {
      for await (const event of live) {
        if (!indexOf.has(event.sessionId) || ended.has(event.sessionId) || !isTerminal(event)) continue;
        yield item(event.sessionId, event.type === 'COMPLETED' ? 'COMPLETED' : 'FAILED', event.error, event.at);
        if (ended.size === items.length) break;
      }
    }
    const statuses = [...ended.values()];
    yield {
      type: 'SUMMARY',
      index: null,
      sessionId: null,
      error: null,
      at: new Date(),
      summary: { total: items.length, completed: statuses.filter((s) => s === 'COMPLETED').length, failed: statuses.filter((s) => s === 'FAILED').length },
    };
  } finally {
    await live.return?.();
  }
}
