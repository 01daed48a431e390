import { batchProgress, submitBatch, summarise, type BatchEvent, type BatchSummary } from '../analysis/batches.ts';
import { notFound } from '../pipeline/errors.ts';
import { builder } from './builder.ts';
import { ErrorInfoRef, StageEnum } from './common.ts';
import { parseId } from './ids.ts';
import { AnalysisBatchRef, AnalysisSessionRef } from './refs.ts';

const BatchSummaryRef = builder.objectRef<BatchSummary & Partial<{ queued: number; running: number }>>('BatchSummary').implement({
  fields: (t) => ({
    total: t.exposeInt('total'),
    queued: t.int({ nullable: true, description: 'Null in the final summary (nothing is left queued).', resolve: (s) => s.queued ?? null }),
    running: t.int({ nullable: true, resolve: (s) => s.running ?? null }),
    completed: t.exposeInt('completed'),
    failed: t.exposeInt('failed'),
  }),
});

builder.node(AnalysisBatchRef, {
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
    resolve: (_, { images, stages }, ctx) => submitBatch(ctx, images, stages),
  }),
);

builder.subscriptionField('batchProgress', (t) =>
  t.field({
    type: BatchEventRef,
    description: 'Each image of a batch as it completes or fails (those that already ended come first), then a SUMMARY, after which the stream ends.',
    args: { batchId: t.arg.id({ required: true }) },
    subscribe: (_, { batchId }, ctx) => {
      const uuid = parseId(batchId, 'AnalysisBatch');
      if (!uuid) throw notFound('Analysis batch');
      return batchProgress(ctx.services, ctx.tenantId, uuid);
    },
    resolve: (event) => event,
  }),
);
