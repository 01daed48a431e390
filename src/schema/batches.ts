import { createHash } from 'node:crypto';
import type { AnalysisBatch, AnalysisSession } from '../db/sessions.repository.ts';
import { isTerminal } from '../pipeline/events.ts';
import { builder } from './builder.ts';
import type { Context } from './context.ts';
import { expectedError, notFound, userError } from './errors.ts';
import { parseId } from './ids.ts';
import { readImageUpload } from './image-upload.ts';
import { AnalysisSessionRef, ErrorInfoRef, StageEnum } from './sessions.ts';
import { planAvailableStages, submitAnalysis } from './submit-analysis.ts';

interface BatchSummary {
  total: number;
  completed: number;
  failed: number;
}

type BatchEvent =
  | { type: 'ITEM_COMPLETED' | 'ITEM_FAILED'; index: number; sessionId: string; error: { code: string; message: string } | null; at: Date; summary: null }
  | { type: 'SUMMARY'; index: null; sessionId: null; error: null; at: Date; summary: BatchSummary };

const summarise = (sessions: readonly Pick<AnalysisSession, 'status'>[]): BatchSummary & { queued: number; running: number } => ({
  total: sessions.length,
  queued: sessions.filter((s) => s.status === 'QUEUED').length,
  running: sessions.filter((s) => s.status === 'RUNNING').length,
  completed: sessions.filter((s) => s.status === 'COMPLETED').length,
  failed: sessions.filter((s) => s.status === 'FAILED').length,
});

const BatchSummaryRef = builder.objectRef<BatchSummary & Partial<{ queued: number; running: number }>>('BatchSummary').implement({
  fields: (t) => ({
    total: t.exposeInt('total'),
    queued: t.int({ nullable: true, description: 'Null in the final summary (nothing is left queued).', resolve: (s) => s.queued ?? null }),
    running: t.int({ nullable: true, resolve: (s) => s.running ?? null }),
    completed: t.exposeInt('completed'),
    failed: t.exposeInt('failed'),
  }),
});

export const AnalysisBatchRef = builder.node(builder.objectRef<AnalysisBatch>('AnalysisBatch'), {
  description: 'Images uploaded together with analyzeImages; each is its own session.',
  id: { resolve: (b) => b.id },
  loadOne: (id, ctx) => (parseId(id, 'AnalysisBatch') ? ctx.services.sessions.findBatch(ctx.tenantId, id) : null),
  fields: (t) => ({
    size: t.exposeInt('size'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    sessions: t.field({ type: [AnalysisSessionRef], description: 'In upload order.', resolve: (b, _, ctx) => ctx.services.sessions.batchSessions([b.id]) }),
    summary: t.field({ type: BatchSummaryRef, resolve: async (b, _, ctx) => summarise(await ctx.services.sessions.batchSessions([b.id])) }),
  }),
});

const BatchEventTypeEnum = builder.enumType('BatchEventType', {
  values: {
    ITEM_COMPLETED: { description: 'The image at `index` completed.' },
    ITEM_FAILED: { description: 'The image at `index` failed; see `error`. The other images go on.' },
    SUMMARY: { description: 'Final event: every image has ended.' },
  } as const,
});

const BatchEventRef = builder.objectRef<BatchEvent>('BatchEvent').implement({
  fields: (t) => ({
    type: t.field({ type: BatchEventTypeEnum, resolve: (e) => e.type }),
    index: t.int({ nullable: true, description: 'Position of the image in the upload.', resolve: (e) => e.index }),
    session: t.field({
      type: AnalysisSessionRef,
      nullable: true,
      resolve: async (e, _, ctx) => (e.sessionId ? ((await ctx.services.sessions.find(ctx.tenantId, e.sessionId)) ?? null) : null),
    }),
    error: t.field({ type: ErrorInfoRef, nullable: true, resolve: (e) => e.error }),
    summary: t.field({ type: BatchSummaryRef, nullable: true, resolve: (e) => e.summary }),
    at: t.expose('at', { type: 'DateTime' }),
  }),
});

builder.mutationField('analyzeImages', (t) =>
  t.field({
    type: AnalysisBatchRef,
    description:
      'Uploads several images at once (at most MAX_BATCH_FILES) and queues one session per image under a batch; follow it with ' +
      '`batchProgress`. An image that cannot be read fails its own session (BAD_IMAGE, IMAGE_TOO_LARGE), not the batch.',
    args: {
      images: t.arg({ type: ['File'], required: true }),
      stages: t.arg({ type: [StageEnum], required: false, description: 'For every image; defaults to [DETECTION].' }),
    },
    resolve: async (_, { images, stages }, ctx) => {
      const { config, sessions } = ctx.services;
      if (images.length === 0) throw userError('BAD_USER_INPUT', 'Send at least one image.');
      if (images.length > config.MAX_BATCH_FILES) throw userError('BAD_USER_INPUT', `At most ${config.MAX_BATCH_FILES} images per request.`);
      const plan = planAvailableStages(ctx.services, stages);
      const batch = await sessions.createBatch(ctx.tenantId, images.length);
      for (const [index, file] of images.entries()) {
        try {
          const upload = await readImageUpload(file, config);
          await submitAnalysis(ctx.services, { tenantId: ctx.tenantId, upload, stages: plan, batch: { id: batch.id, index } });
        } catch (error) {
          const rejected = expectedError(error);
          if (!rejected) throw error;
          const bytes = Buffer.from(await file.arrayBuffer());
          await sessions.createRejected({
            tenantId: ctx.tenantId,
            stages: plan,
            batch: { id: batch.id, index },
            bytes: bytes.byteLength,
            sha256: createHash('sha256').update(bytes).digest('hex'),
            error: rejected,
          });
        }
      }
      return batch;
    },
  }),
);

/**
 * A batch's progress: each image as it completes or fails (those already ended first), then a summary,
 * after which the stream ends. Subscribes before reading the database, so nothing falls in between.
 */
async function* batchProgress(ctx: Context, batchId: string): AsyncGenerator<BatchEvent> {
  const live = ctx.services.events.tenant(ctx.tenantId);
  try {
    const batch = await ctx.services.sessions.findBatch(ctx.tenantId, batchId);
    if (!batch) throw notFound('Analysis batch');
    const items = await ctx.services.sessions.batchSessions([batch.id]);
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

builder.subscriptionField('batchProgress', (t) =>
  t.field({
    type: BatchEventRef,
    description: 'Each image of a batch as it completes or fails (those that already ended come first), then a SUMMARY, after which the stream ends.',
    args: { batchId: t.arg.id({ required: true }) },
    subscribe: (_, { batchId }, ctx) => {
      const uuid = parseId(batchId, 'AnalysisBatch');
      if (!uuid) throw notFound('Analysis batch');
      return batchProgress(ctx, uuid);
    },
    resolve: (event) => event,
  }),
);
