import type { Stage } from '../pipeline/stages.ts';
import { builder } from './builder.ts';
import type { ServerInfo } from '../analysis/services.ts';
import { StageEnum } from './common.ts';

const ModelProfileEnum = builder.enumType('ModelProfile', {
  values: {
    full: { value: 'full', description: 'Best accuracy; includes models licensed for non-commercial use only (SCRFD, age/gender).' },
    permissive: { value: 'permissive', description: 'MIT/Apache-licensed models only: YuNet detector, no AGE_GENDER.' },
  } as const,
});

const UnavailableStageRef = builder.objectRef<{ stage: Stage; reason: string }>('UnavailableStage').implement({
  fields: (t) => ({ stage: t.field({ type: StageEnum, resolve: (u) => u.stage }), reason: t.exposeString('reason') }),
});

const VideoLimitsRef = builder.objectRef<ServerInfo['video']>('VideoLimits').implement({
  description: "analyzeVideo's limits and the sampling a request that names none gets.",
  fields: (t) => ({
    maxBytes: t.exposeInt('maxBytes', { description: 'MAX_VIDEO_BYTES: an upload past it is cut off while it streams (VIDEO_TOO_LARGE).' }),
    maxSeconds: t.exposeFloat('maxSeconds', { description: 'MAX_VIDEO_SECONDS' }),
    defaultFps: t.exposeFloat('defaultFps', { description: 'VIDEO_DEFAULT_FPS' }),
    defaultMaxFrames: t.exposeInt('defaultMaxFrames', { description: 'VIDEO_DEFAULT_MAX_FRAMES' }),
    maxFrames: t.exposeInt('maxFrames', { description: 'VIDEO_MAX_FRAMES: the largest maxFrames a request may ask for.' }),
    frameMaxSide: t.exposeInt('frameMaxSide', { description: 'VIDEO_FRAME_MAX_SIDE: sampled frames are scaled down to this longer side.' }),
  }),
});

const ServerInfoRef = builder.objectRef<ServerInfo>('ServerInfo').implement({
  description: 'How this server runs: useful in GraphiQL, for health checks and for dashboards.',
  fields: (t) => ({
    version: t.exposeString('version'),
    mode: t.exposeString('mode', { description: 'embedded (PGlite, in-process queue) or queue (PostgreSQL + Redis workers).' }),
    database: t.exposeString('database'),
    modelProfile: t.field({ type: ModelProfileEnum, resolve: (i) => i.modelProfile }),
    detector: t.exposeString('detector', { description: 'The configured face detector.' }),
    stages: t.field({ type: [StageEnum], description: 'Stages this server can run, in execution order.', resolve: (i) => i.stages }),
    unavailableStages: t.field({ type: [UnavailableStageRef], description: 'Stages it cannot run, and why.', resolve: (i) => i.unavailableStages }),
    recognitionThreshold: t.exposeFloat('recognitionThreshold', { description: 'Cosine similarity at or above which two faces are taken as the same person.' }),
    qualityGate: t.exposeFloat('qualityGate', {
      description:
        'The server-wide gate (QUALITY_GATE, 0 by default: off): faces with a quality score below it get no embedding. Requests add their own with minQuality.',
    }),
    video: t.field({ type: VideoLimitsRef, resolve: (i) => i.video }),
  }),
});

builder.queryField('serverInfo', (t) => t.field({ type: ServerInfoRef, resolve: (_, __, ctx) => ctx.services.info }));
