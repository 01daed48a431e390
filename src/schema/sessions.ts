import { encodeGlobalID, resolveCursorConnection } from '@pothos/plugin-relay';
import { readImageUpload } from '../analysis/image-upload.ts';
import { sessionProgress } from '../analysis/session-progress.ts';
import { planAvailableStages, submitAnalysis } from '../analysis/submit-analysis.ts';
import type { SessionCursor, SessionRecord, StageRunRecord } from '../db/sessions.repository.ts';
import { notFound } from '../pipeline/errors.ts';
import type { AnalysisEvent } from '../pipeline/events.ts';
import { builder } from './builder.ts';
import { decodeTimeCursor, encodeTimeCursor } from './time-cursor.ts';
import { perEvent } from './event-memo.ts';
import { ErrorInfoRef, StageEnum } from './common.ts';
import { parseId } from './ids.ts';
import { AnalysisSessionRef, FaceRef } from './refs.ts';

const SessionStatusEnum = builder.enumType('SessionStatus', {
  values: {
    QUEUED: { description: 'Accepted and waiting for an inference worker.' },
    RUNNING: { description: 'A worker is running its stages.' },
    COMPLETED: { description: 'Every stage finished; results are final.' },
    FAILED: { description: 'Stopped; `error` says why.' },
  } as const,
});

const StageRunStatusEnum = builder.enumType('StageRunStatus', { values: ['RUNNING', 'COMPLETED', 'FAILED'] as const });

const AnalysisEventTypeEnum = builder.enumType('AnalysisEventType', {
  values: {
    QUEUED: { description: 'The session was accepted.' },
    STAGE_STARTED: { description: '`stage` started on `model`.' },
    STAGE_FINISHED: { description: '`stage` finished after `durationMs`; its results are readable now.' },
    COMPLETED: { description: 'Final event: every stage finished.' },
    FAILED: { description: 'Final event: the session failed; see `error`.' },
  } as const,
});

const ImageInfoRef = builder.objectRef<SessionRecord>('ImageInfo').implement({
  description: 'The uploaded image as the server read it.',
  fields: (t) => ({
    width: t.exposeInt('imageWidth', { description: 'Upright width in pixels.' }),
    height: t.exposeInt('imageHeight', { description: 'Upright height in pixels.' }),
    format: t.exposeString('imageFormat', { description: 'jpeg, png or webp (sniffed from the bytes).' }),
    bytes: t.exposeInt('imageBytes'),
    sha256: t.exposeString('imageSha256'),
  }),
});

const StageRunRef = builder.objectRef<StageRunRecord>('StageRun').implement({
  fields: (t) => ({
    stage: t.field({ type: StageEnum, resolve: (r) => r.stage }),
    status: t.field({ type: StageRunStatusEnum, resolve: (r) => r.status }),
    model: t.exposeString('model', { nullable: true, description: 'The model that ran this stage.' }),
    durationMs: t.exposeFloat('durationMs', { nullable: true }),
    startedAt: t.expose('startedAt', { type: 'DateTime' }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
  }),
});

builder.node(AnalysisSessionRef, {
  description: 'One uploaded image and the pipeline stages run on it.',
  id: { resolve: (s) => s.id },
  loadOne: (id, ctx) => (parseId(id, 'AnalysisSession') ? ctx.services.sessions.find(ctx.tenantId, id) : null),
  fields: (t) => ({
    status: t.field({ type: SessionStatusEnum, resolve: (s) => s.status }),
    stages: t.field({
      type: [StageEnum],
      description: 'The stages this session runs, in execution order (requested plus needed).',
      resolve: (s) => s.stages,
    }),
    faces: t.field({ type: [FaceRef], resolve: (s, _, ctx) => ctx.loaders.faces.load(s.id) }),
    image: t.field({ type: ImageInfoRef, resolve: (s) => s }),
    stageRuns: t.field({
      type: [StageRunRef],
      description: 'The stages that have ended (or failed), in execution order.',
      resolve: async (s, _, ctx) => {
        const order = (run: StageRunRecord): number => s.stages.indexOf(run.stage);
        return [...(await ctx.loaders.stageRuns.load(s.id))].sort((a, b) => order(a) - order(b));
      },
    }),
    error: t.field({
      type: ErrorInfoRef,
      nullable: true,
      resolve: (s) => (s.errorCode ? { code: s.errorCode, message: s.errorMessage ?? '' } : null),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
    completedAt: t.expose('completedAt', { type: 'DateTime', nullable: true, description: 'When it reached COMPLETED or FAILED.' }),
    requestId: t.exposeString('requestId', {
      nullable: true,
      description: "The x-request-id of the request that submitted it (or the one the server made): search the API's and the worker's logs for it.",
    }),
  }),
});

const statusForEvent: Record<AnalysisEvent['type'], 'QUEUED' | 'RUNNING' | 'COMPLETED' | 'FAILED'> = {
  QUEUED: 'QUEUED',
  STAGE_STARTED: 'RUNNING',
  STAGE_FINISHED: 'RUNNING',
  COMPLETED: 'COMPLETED',
  FAILED: 'FAILED',
};

const AnalysisEventRef = builder.objectRef<AnalysisEvent>('AnalysisEvent').implement({
  description: 'Progress of one analysis session.',
  fields: (t) => ({
    type: t.field({ type: AnalysisEventTypeEnum, resolve: (e) => e.type }),
    status: t.field({ type: SessionStatusEnum, description: "The session's status after this event.", resolve: (e) => statusForEvent[e.type] }),
    stage: t.field({ type: StageEnum, nullable: true, resolve: (e) => e.stage }),
    model: t.exposeString('model', { nullable: true }),
    durationMs: t.exposeFloat('durationMs', { nullable: true }),
    error: t.field({ type: ErrorInfoRef, nullable: true, resolve: (e) => e.error }),
    at: t.expose('at', { type: 'DateTime' }),
    requestId: t.string({
      nullable: true,
      description: 'The request that submitted the session (live events; null in the replay of past ones).',
      resolve: (e) => e.requestId ?? null,
    }),
    sessionId: t.id({ description: 'The Relay ID of the session.', resolve: (e) => encodeGlobalID('AnalysisSession', e.sessionId) }),
    session: t.field({
      type: AnalysisSessionRef,
      description: 'The session as stored now (faces and stage runs included).',
      resolve: async (e, _, ctx) => {
        const session = await perEvent(e, ctx.tenantId, 'session', () => ctx.services.sessions.find(ctx.tenantId, e.sessionId));
        if (!session) throw notFound('Analysis session');
        return session;
      },
    }),
  }),
});

const encodeCursor = (s: SessionRecord): string => encodeTimeCursor(s.createdAt, s.id);
function decodeCursor(cursor: string | undefined): SessionCursor | null {
  const decoded = decodeTimeCursor(cursor);
  return decoded && { createdAt: decoded.at, id: decoded.id };
}

builder.queryFields((t) => ({
  analysisSession: t.field({
    type: AnalysisSessionRef,
    nullable: true,
    description: 'One session by ID (the Relay ID or the bare UUID). Unknown IDs give a NOT_FOUND error.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_, { id }, ctx) => {
      const uuid = parseId(id, 'AnalysisSession');
      const session = uuid ? await ctx.services.sessions.find(ctx.tenantId, uuid) : null;
      if (!session) throw notFound('Analysis session');
      return session;
    },
  }),
  analysisSessions: t.connection({
    type: AnalysisSessionRef,
    description: 'Sessions, newest first.',
    args: { status: t.arg({ type: SessionStatusEnum, required: false }) },
    resolve: (_, args, ctx) =>
      resolveCursorConnection<Promise<SessionRecord[]>>(
        { args, toCursor: encodeCursor, defaultSize: 20, maxSize: 100 },
        async ({ after, before, limit, inverted }): Promise<SessionRecord[]> =>
          ctx.services.sessions.page({
            tenantId: ctx.tenantId,
            status: args.status ?? null,
            after: decodeCursor(after),
            before: decodeCursor(before),
            limit,
            inverted,
          }),
      ),
  }),
}));

builder.mutationFields((t) => ({
  analyzeImage: t.field({
    type: AnalysisSessionRef,
    description:
      'Uploads an image and queues its analysis. Returns at once with status QUEUED; follow it with the `analysisProgress` subscription. ' +
      'Errors: BAD_IMAGE (empty, unreadable, or not JPEG/PNG/WebP), IMAGE_TOO_LARGE (bytes or pixels over the limit), ' +
      'STAGE_UNAVAILABLE (a stage this server does not run; see serverInfo.unavailableStages).',
    args: {
      image: t.arg({ type: 'File', required: true }),
      stages: t.arg({
        type: [StageEnum],
        required: false,
        description: 'Defaults to [DETECTION]. The stages they need are added (AGE_GENDER adds DETECTION and ALIGNMENT).',
      }),
    },
    resolve: async (_, { image, stages }, ctx) => {
      const upload = await readImageUpload(image, ctx.services.config);
      return submitAnalysis(ctx.services, { tenantId: ctx.tenantId, requestId: ctx.requestId, upload, stages: planAvailableStages(ctx.services, stages) });
    },
  }),
}));

builder.subscriptionFields((t) => ({
  analysisProgress: t.field({
    type: AnalysisEventRef,
    description:
      "A session's progress: QUEUED, each stage's start and finish, then COMPLETED or FAILED, after which the stream ends. " +
      'A subscriber that arrives late first gets what already happened, so it never waits for events that are past.',
    args: { sessionId: t.arg.id({ required: true }) },
    subscribe: (_, { sessionId }, ctx) => {
      const uuid = parseId(sessionId, 'AnalysisSession');
      if (!uuid) throw notFound('Analysis session');
      return sessionProgress(ctx.services, ctx.tenantId, uuid);
    },
    resolve: (event) => event,
  }),
}));
