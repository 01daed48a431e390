import { encodeGlobalID, resolveCursorConnection } from '@pothos/plugin-relay';
import { deleteVideoAnalysis, findVideoAnalysis, submitVideoAnalysis, videoStages, type VideoStage } from '../analysis/video-analyses.ts';
import type { VideoAnalysisRecord, VideoFrameFaceRecord, VideoTrackRecord } from '../db/video.repository.ts';
import { AppError, notFound } from '../pipeline/errors.ts';
import type { VideoEvent, VideoEventType, VideoTrackProgress } from '../pipeline/events.ts';
import type { ConfidentStrategy } from '../video/types.ts';
import { builder } from './builder.ts';
import { BoxRef, ErrorInfoRef } from './common.ts';
import { DeepfakeVerdictEnum, GenderEnum, LivenessVerdictEnum } from './faces.ts';
import { FaceIdentityRef } from './identification.ts';
import { parseId } from './ids.ts';
import { decodeTimeCursor, encodeTimeCursor } from './time-cursor.ts';

const seconds = (ms: number): number => Math.round(ms) / 1000;

const VideoStageEnum = builder.enumType('VideoStage', {
  description: 'A stage a video analysis runs on each sampled frame (IDENTIFICATION: once per track, on its mean embedding).',
  values: Object.fromEntries(videoStages.map((s) => [s, { value: s }])) as { [K in VideoStage]: { value: K } },
});

const VideoStatusEnum = builder.enumType('VideoAnalysisStatus', {
  values: {
    QUEUED: { description: 'Checked with ffprobe and stored; waiting for a worker.' },
    RUNNING: { description: 'Frames are being decoded, analysed and tracked (videoProgress streams it).' },
    COMPLETED: { description: 'Tracks and frame faces are stored.' },
    FAILED: { description: '`error` says why (BAD_VIDEO when it stopped decoding, VIDEO_EXPIRED, INTERNAL).' },
  },
});

const ConfidentStrategyEnum = builder.enumType('TrackScoreStrategy', {
  description: "How a track's per-frame scores became one (the DFDC winners' confident strategy).",
  values: {
    CONFIDENT_FAKE: { description: 'Enough frames were confidently fake: the mean of those.' },
    CONFIDENT_REAL: { description: 'Most frames were confidently real: the mean of those.' },
    MEAN: { description: 'Neither: the mean of every frame.' },
  } satisfies Record<ConfidentStrategy, { description: string }>,
});

const TrackBestFaceRef = builder.objectRef<VideoTrackRecord['bestFace']>('TrackBestFace').implement({
  description: "The track's best frame: its highest-quality face (the detector's score where quality was not run).",
  fields: (t) => ({
    frameIndex: t.exposeInt('frameIndex', { description: 'Index of the sampled frame (0, 1, ...).' }),
    timestampSeconds: t.float({ description: "On the video's own timeline.", resolve: (b) => seconds(b.timestampMs) }),
    box: t.field({
      type: BoxRef,
      description: 'In pixels of the sampled frame (scaled to at most VIDEO_FRAME_MAX_SIDE on its longer side).',
      resolve: (b) => b.box,
    }),
    score: t.exposeFloat('score', { description: 'Detector confidence.' }),
    quality: t.exposeFloat('quality', { nullable: true, description: 'QUALITY score 0..1 (null when QUALITY was not run).' }),
  }),
});

const TrackLivenessRef = builder.objectRef<NonNullable<VideoTrackRecord['liveness']>>('TrackLiveness').implement({
  description: "ANTI_SPOOFING over the track's frames: p(real) by the confident strategy, and its verdict at the server's thresholds.",
  fields: (t) => ({
    liveScore: t.exposeFloat('liveScore'),
    verdict: t.field({ type: LivenessVerdictEnum, resolve: (r) => r.verdict }),
    strategy: t.field({ type: ConfidentStrategyEnum, nullable: true, resolve: (r) => r.strategy }),
  }),
});

const TrackDeepfakeRef = builder.objectRef<NonNullable<VideoTrackRecord['deepfake']>>('TrackDeepfake').implement({
  description: "DEEPFAKE over the track's frames: the manipulation score by the confident strategy, and its verdict. A weak signal, not proof.",
  fields: (t) => ({
    score: t.exposeFloat('score'),
    verdict: t.field({ type: DeepfakeVerdictEnum, resolve: (r) => r.verdict }),
    strategy: t.field({ type: ConfidentStrategyEnum, nullable: true, resolve: (r) => r.strategy }),
  }),
});

const TrackAgeGenderRef = builder.objectRef<NonNullable<VideoTrackRecord['ageGender']>>('TrackAgeGender').implement({
  description: "AGE_GENDER over the track's frames: medians.",
  fields: (t) => ({
    age: t.exposeFloat('age', { nullable: true }),
    gender: t.field({ type: GenderEnum, nullable: true, resolve: (r) => r.gender }),
    genderProbability: t.exposeFloat('genderProbability', { nullable: true }),
  }),
});

const FaceTrackRef = builder.objectRef<VideoTrackRecord>('FaceTrack').implement({
  description:
    "One person's face followed across the sampled frames: boxes that overlap from frame to frame (or the same face after a cut) with a similar embedding. " +
    'A new track starts when the face changes identity or is gone for longer than the tracker allows.',
  fields: (t) => ({
    trackId: t.exposeInt('trackId', { description: '1, 2, ... in the order tracks formed.' }),
    firstSeconds: t.float({ description: "The first frame with this face, on the video's timeline.", resolve: (r) => seconds(r.firstMs) }),
    lastSeconds: t.float({ description: 'The last frame with this face.', resolve: (r) => seconds(r.lastMs) }),
    frames: t.exposeInt('frames', { description: 'Sampled frames the face was found in.' }),
    bestFace: t.field({ type: TrackBestFaceRef, resolve: (r) => r.bestFace }),
    identification: t.field({
      type: FaceIdentityRef,
      nullable: true,
      description: "IDENTIFICATION of the track's mean embedding against the tenant's gallery (null when the stage was not requested).",
      resolve: (r) => r.identification,
    }),
    liveness: t.field({ type: TrackLivenessRef, nullable: true, resolve: (r) => r.liveness }),
    deepfake: t.field({ type: TrackDeepfakeRef, nullable: true, resolve: (r) => r.deepfake }),
    ageGender: t.field({ type: TrackAgeGenderRef, nullable: true, resolve: (r) => r.ageGender }),
  }),
});

const VideoFrameFaceRef = builder.objectRef<VideoFrameFaceRecord>('VideoFrameFace').implement({
  description: 'A face found in one sampled frame.',
  fields: (t) => ({
    frameIndex: t.exposeInt('frameIndex'),
    timestampSeconds: t.float({ resolve: (f) => seconds(f.timestampMs) }),
    faceIndex: t.exposeInt('faceIndex', { description: "Position in the detector's output for that frame." }),
    trackId: t.exposeInt('trackId', { nullable: true, description: 'The track it belongs to (null: seen too briefly to form one).' }),
    box: t.field({ type: BoxRef, resolve: (f) => f.box }),
    score: t.exposeFloat('score'),
    quality: t.exposeFloat('quality', { nullable: true }),
  }),
});

const VideoAnalysisRef = builder.objectRef<VideoAnalysisRecord>('VideoAnalysis');

const trackCursor = (r: VideoTrackRecord): string => String(r.trackId);
const frameCursor = (f: VideoFrameFaceRecord): string => `${f.frameIndex}:${f.faceIndex}`;
const intCursor = (cursor: string | undefined, pattern: RegExp): number[] | null => {
  if (!cursor) return null;
  const m = pattern.exec(cursor);
  if (!m) throw new AppError('BAD_USER_INPUT', 'Invalid pagination cursor.');
  return m.slice(1).map(Number);
};
const forwardOnly = (before: string | undefined): void => {
  if (before) throw new AppError('BAD_USER_INPUT', 'This list pages forward only (first/after).');
};

builder.node(VideoAnalysisRef, {
  description: 'An uploaded video analysed into face tracks (analyzeVideo). Kept VIDEO_RETENTION_DAYS, then erased with its tracks.',
  id: { resolve: (v) => v.id },
  loadOne: (id, ctx) => (parseId(id, 'VideoAnalysis') ? ctx.services.videos.find(ctx.tenantId, id) : null),
  fields: (t) => ({
    status: t.field({ type: VideoStatusEnum, resolve: (v) => v.status }),
    error: t.field({
      type: ErrorInfoRef,
      nullable: true,
      resolve: (v) => (v.errorCode ? { code: v.errorCode, message: v.errorMessage ?? '' } : null),
    }),
    stages: t.stringList({ description: 'Stages run on each frame, in execution order.', resolve: (v) => v.stages }),
    fileName: t.exposeString('fileName', { nullable: true }),
    bytes: t.exposeInt('bytes'),
    container: t.exposeString('container', { description: "ffprobe's name of the container (mov,mp4,m4a,3gp,3g2,mj2; matroska,webm; ...)." }),
    codec: t.exposeString('codec'),
    durationSeconds: t.exposeFloat('durationS'),
    sourceFps: t.exposeFloat('sourceFps', { description: "The video stream's average frame rate." }),
    width: t.exposeInt('width', { description: "The source's frame size." }),
    height: t.exposeInt('height'),
    frameWidth: t.exposeInt('frameWidth', {
      nullable: true,
      description: "The sampled frames' size (scaled down to VIDEO_FRAME_MAX_SIDE on the longer side): every box is in these pixels. Set once COMPLETED.",
    }),
    frameHeight: t.exposeInt('frameHeight', { nullable: true }),
    sampleFps: t.exposeFloat('sampleFps', { description: 'Frames sampled per second (the requested rate, lowered to fit maxFrames over the whole video).' }),
    maxFrames: t.exposeInt('maxFrames'),
    framesTotal: t.exposeInt('framesPlanned', { description: 'Frames the sampling gives (about duration × sampleFps).' }),
    framesDone: t.exposeInt('framesDone', { description: 'Frames analysed so far (every 250 ms while RUNNING; exact once COMPLETED).' }),
    trackCount: t.int({ resolve: (v, _, ctx) => ctx.loaders.videoTrackCounts.load(v.id) }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
    completedAt: t.expose('completedAt', { type: 'DateTime', nullable: true }),
    faceTracks: t.connection({
      type: FaceTrackRef,
      description: 'The tracks, by trackId.',
      resolve: (v, args, ctx) => {
        forwardOnly(args.before ?? undefined);
        return resolveCursorConnection<Promise<VideoTrackRecord[]>>({ args, toCursor: trackCursor, defaultSize: 50, maxSize: 200 }, ({ after, limit }) =>
          ctx.services.videos.tracks(ctx.tenantId, v.id, { afterTrackId: intCursor(after, /^(\d{1,9})$/)?.[0] ?? 0, limit }),
        );
      },
    }),
    frameFaces: t.connection({
      type: VideoFrameFaceRef,
      description: "Every face of every sampled frame, in frame order (optionally one track's): for clients that draw boxes over the video.",
      args: { trackId: t.arg.int({ required: false }) },
      resolve: (v, args, ctx) => {
        forwardOnly(args.before ?? undefined);
        return resolveCursorConnection<Promise<VideoFrameFaceRecord[]>>({ args, toCursor: frameCursor, defaultSize: 100, maxSize: 500 }, ({ after, limit }) => {
          const at = intCursor(after, /^(\d{1,9}):(\d{1,6})$/);
          return ctx.services.videos.frameFaces(ctx.tenantId, v.id, {
            after: at ? { frameIndex: at[0]!, faceIndex: at[1]! } : null,
            limit,
            trackId: args.trackId,
          });
        });
      },
    }),
  }),
});

const encodeCursor = (v: VideoAnalysisRecord): string => encodeTimeCursor(v.createdAt, v.id);

builder.queryFields((t) => ({
  videoAnalysis: t.field({
    type: VideoAnalysisRef,
    description: 'One video analysis by ID (the Relay ID or the bare UUID). Unknown IDs give a NOT_FOUND error.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_, { id }, ctx) => {
      const uuid = parseId(id, 'VideoAnalysis');
      if (!uuid) throw notFound('Video analysis');
      return findVideoAnalysis(ctx, uuid);
    },
  }),
  videoAnalyses: t.connection({
    type: VideoAnalysisRef,
    description: 'Video analyses, newest first.',
    resolve: (_, args, ctx) => {
      forwardOnly(args.before ?? undefined);
      return resolveCursorConnection<Promise<VideoAnalysisRecord[]>>({ args, toCursor: encodeCursor, defaultSize: 20, maxSize: 100 }, ({ after, limit }) => {
        const at = decodeTimeCursor(after);
        return ctx.services.videos.page(ctx.tenantId, { limit, before: at ? { createdAt: at.at, id: at.id } : undefined });
      });
    },
  }),
}));

builder.mutationFields((t) => ({
  analyzeVideo: t.field({
    type: VideoAnalysisRef,
    description:
      'Uploads a video (streamed to the blob store, never held in memory) and queues its analysis into face tracks. Returns at once with status QUEUED; ' +
      'follow it with `videoProgress`. Frames are sampled evenly at `sampleFps`, lowered so that at most `maxFrames` cover the whole video. ' +
      'Errors: VIDEO_TOO_LARGE (over MAX_VIDEO_BYTES while it streams, HTTP 413, or longer than MAX_VIDEO_SECONDS), BAD_VIDEO (not a video ffprobe reads, ' +
      'no video stream, zero duration, or its first second does not decode), BAD_USER_INPUT (sampling out of range), STAGE_UNAVAILABLE.',
    args: {
      video: t.arg({ type: 'File', required: true }),
      stages: t.arg({
        type: [VideoStageEnum],
        required: false,
        description: 'Defaults to every video stage. RECOGNITION is always run: the tracker compares embeddings.',
      }),
      sampleFps: t.arg.float({ required: false, description: 'Frames per second to sample (default VIDEO_DEFAULT_FPS, at most 60).' }),
      maxFrames: t.arg.int({ required: false, description: 'At most this many frames (default VIDEO_DEFAULT_MAX_FRAMES, at most VIDEO_MAX_FRAMES).' }),
    },
    resolve: (_, args, ctx) => submitVideoAnalysis(ctx, { file: args.video, stages: args.stages, sampleFps: args.sampleFps, maxFrames: args.maxFrames }),
  }),
  deleteVideoAnalysis: t.boolean({
    description: 'Erases a video analysis with its tracks, frame faces and its upload if it is still stored.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_, { id }, ctx) => {
      const uuid = parseId(id, 'VideoAnalysis');
      if (!uuid) throw notFound('Video analysis');
      await deleteVideoAnalysis(ctx, uuid);
      return true;
    },
  }),
}));

interface ProgressEvent extends Omit<VideoEvent, 'tenantId'> {
  type: VideoEventType;
}

const VideoEventTypeEnum = builder.enumType('VideoEventType', {
  values: {
    STARTED: { description: 'A worker started (again, after another was lost: framesDone is back at 0).' },
    FRAMES: { description: 'Frames done so far (about every 250 ms; also the first event of a subscription).' },
    TRACK_FORMED: { description: 'A face was seen in enough frames to be a track.' },
    TRACK_ENDED: { description: 'A track ended (the face left, or another identity took its place).' },
    COMPLETED: { description: 'Tracks are stored; the stream ends.' },
    FAILED: { description: '`error` says why; the stream ends.' },
  } satisfies Record<VideoEventType, { description: string }>,
});

const TrackProgressRef = builder.objectRef<VideoTrackProgress>('VideoTrackProgress').implement({
  description: 'A track as it is so far (the stored FaceTrack has its aggregates once COMPLETED).',
  fields: (t) => ({
    trackId: t.exposeInt('trackId'),
    firstSeconds: t.float({ resolve: (p) => seconds(p.firstMs) }),
    lastSeconds: t.float({ resolve: (p) => seconds(p.lastMs) }),
    frames: t.exposeInt('frames'),
  }),
});

const VideoProgressRef = builder.objectRef<ProgressEvent>('VideoProgressEvent').implement({
  fields: (t) => ({
    type: t.field({ type: VideoEventTypeEnum, resolve: (e) => e.type }),
    videoAnalysisId: t.id({ resolve: (e) => encodeGlobalID('VideoAnalysis', e.videoAnalysisId) }),
    framesDone: t.exposeInt('framesDone'),
    framesTotal: t.exposeInt('framesTotal'),
    track: t.field({ type: TrackProgressRef, nullable: true, resolve: (e) => e.track }),
    error: t.field({ type: ErrorInfoRef, nullable: true, resolve: (e) => e.error }),
    at: t.expose('at', { type: 'DateTime' }),
  }),
});

const terminal = (status: string): boolean => status === 'COMPLETED' || status === 'FAILED';

builder.subscriptionField('videoProgress', (t) =>
  t.field({
    type: VideoProgressRef,
    description:
      'A video analysis as it runs: first where it is now (FRAMES, or COMPLETED/FAILED when it has ended), then frames done, each track as it forms and ends, ' +
      'and COMPLETED or FAILED, after which the stream ends. Events come through Redis in queue mode, so any replica serves it.',
    args: { id: t.arg.id({ required: true }) },
    subscribe: async function* (_, { id }, ctx) {
      const uuid = parseId(id, 'VideoAnalysis');
      if (!uuid) throw notFound('Video analysis');
      await findVideoAnalysis(ctx, uuid);
      // Listen first, then read the stored state: nothing between the two is missed.
      const live = ctx.services.events.video(uuid);
      try {
        const now = await findVideoAnalysis(ctx, uuid);
        const error = now.errorCode ? { code: now.errorCode, message: now.errorMessage ?? '' } : null;
        const type: VideoEventType = now.status === 'COMPLETED' ? 'COMPLETED' : now.status === 'FAILED' ? 'FAILED' : 'FRAMES';
        yield {
          type,
          videoAnalysisId: now.id,
          framesDone: now.framesDone,
          framesTotal: now.framesPlanned,
          track: null,
          error,
          at: new Date(),
        } satisfies ProgressEvent;
        if (terminal(now.status)) return;
        for await (const event of live) {
          yield event;
          if (event.type === 'COMPLETED' || event.type === 'FAILED') return;
        }
      } finally {
        await live.return?.(undefined);
      }
    },
    resolve: (event: ProgressEvent) => event,
  }),
);
