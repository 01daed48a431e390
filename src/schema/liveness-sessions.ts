import { encodeGlobalID } from '@pothos/plugin-relay';
import {
  addLivenessFrames,
  challengeOf,
  createLivenessSession,
  currentProgress,
  deleteLivenessSession,
  findLivenessSession,
  finishLivenessSession,
  modeOf,
  type FramesAdded,
  type LivenessSession,
} from '../analysis/liveness-sessions.ts';
import { isAdmin } from '../auth/caller.ts';
import type { LivenessProgress } from '../liveness/progress.ts';
import {
  livenessHintDescriptions,
  livenessHints,
  type livenessModes,
  livenessReasonDescriptions,
  livenessReasons,
  livenessSessionVerdicts,
  type livenessSteps,
  type LivenessReason,
} from '../liveness/types.ts';
import type { LivenessSessionEvent, LivenessSessionEventType } from '../pipeline/events.ts';
import { builder } from './builder.ts';
import { parseId } from './ids.ts';
import { LivenessVerdictEventRef } from './faces.ts';
import { FaceRef } from './refs.ts';

const pick = <T extends string>(values: readonly T[], value: string | null | undefined): T | null => values.find((v) => v === value) ?? null;

const LivenessModeEnum = builder.enumType('LivenessMode', {
  values: {
    ACTIVE: { description: 'A random ordered challenge (turn left, turn right, blink, optionally nod), then blinks, parallax, PAD and identity.' },
    PASSIVE: { description: 'No challenge: natural blinks and head motion (parallax), PAD and identity over the frames sent.' },
  } satisfies Record<(typeof livenessModes)[number], { description: string }>,
});

const LivenessStepEnum = builder.enumType('LivenessStep', {
  values: {
    TURN_LEFT: { description: "Turn the head to the person's own left (in raw, unmirrored camera frames the nose moves to the image's right)." },
    TURN_RIGHT: { description: "Turn the head to the person's own right." },
    BLINK: { description: 'Close both eyes briefly and open them again.' },
    NOD: { description: 'Tilt the head down and back up.' },
  } satisfies Record<(typeof livenessSteps)[number], { description: string }>,
});

const LivenessSessionVerdictEnum = builder.enumType('LivenessSessionVerdict', {
  values: {
    LIVE: { description: 'A live person did the challenge (or, in PASSIVE mode, blinked or moved in 3-D) with no sign of an attack.' },
    SPOOF: { description: 'A sign of an attack: planar motion (a print or a screen), another identity, confident PAD failure or replayed frames.' },
    INCONCLUSIVE: { description: 'Not enough evidence either way (too few frames, no face, no challenge met, the session expired): try again.' },
  } satisfies Record<(typeof livenessSessionVerdicts)[number], { description: string }>,
});

const LivenessReasonEnum = builder.enumType('LivenessReason', {
  values: Object.fromEntries(livenessReasons.map((r) => [r, { description: livenessReasonDescriptions[r] }])) as Record<
    LivenessReason,
    { description: string }
  >,
});

const LivenessHintEnum = builder.enumType('LivenessHint', {
  values: Object.fromEntries(livenessHints.map((h) => [h, { description: livenessHintDescriptions[h] }])) as Record<
    (typeof livenessHints)[number],
    { description: string }
  >,
});

const LivenessSessionStatusEnum = builder.enumType('LivenessSessionStatus', {
  values: {
    OPEN: { description: 'Takes frames until finishLivenessSession or its expiry.' },
    DECIDING: { description: 'Finished; the decision is running.' },
    DECIDED: { description: 'The verdict is stored.' },
  },
});

const FaceStateEnum = builder.enumType('LivenessFaceState', {
  values: { NONE: { description: 'No face in the latest frame.' }, ONE: { description: 'Exactly one face.' }, SEVERAL: { description: 'More than one face.' } },
});

interface Challenge {
  steps: (typeof livenessSteps)[number][];
  minFps: number;
  frameBudget: number;
  maxFramesPerCall: number;
}

const LivenessChallengeRef = builder.objectRef<Challenge>('LivenessChallenge').implement({
  description: 'What the client must capture and send.',
  fields: (t) => ({
    steps: t.field({ type: [LivenessStepEnum], description: 'ACTIVE: the steps, in the order they must be done (PASSIVE: none).', resolve: (c) => c.steps }),
    minFps: t.exposeInt('minFps', { description: 'Send frames at least this often (a blink lasts 100-400 ms).' }),
    frameBudget: t.exposeInt('frameBudget', { description: 'The most frames the session takes in all.' }),
    maxFramesPerCall: t.exposeInt('maxFramesPerCall', { description: 'The most frames one addLivenessFrames call may carry.' }),
  }),
});

const LivenessProgressRef = builder.objectRef<LivenessProgress>('LivenessProgress').implement({
  description: 'Feedback for a camera UI, from every frame so far.',
  fields: (t) => ({
    faceState: t.field({ type: FaceStateEnum, resolve: (p) => p.faceState }),
    activeStep: t.field({
      type: LivenessStepEnum,
      nullable: true,
      description: 'The step to do now (null: none left, or PASSIVE).',
      resolve: (p) => p.activeStep,
    }),
    activeStepIndex: t.exposeInt('activeStepIndex'),
    stepProgress: t.exposeFloat('stepProgress', { description: '0..1: how far the active step got (PASSIVE: how far the session is from enough evidence).' }),
    stepsCompleted: t.field({ type: [LivenessStepEnum], resolve: (p) => p.stepsCompleted }),
    hints: t.field({ type: [LivenessHintEnum], description: 'What the person should change now (move closer, more light, ...).', resolve: (p) => p.hints }),
  }),
});

interface AuditFrame {
  seq: number;
  timestampMs: number;
  image: Uint8Array | null;
  imageFormat: string | null;
}

const LivenessAuditFrameRef = builder.objectRef<AuditFrame>('LivenessAuditFrame').implement({
  description: 'A frame kept for review (admins only), erased with its session.',
  fields: (t) => ({
    seq: t.exposeInt('seq'),
    timestampMs: t.exposeFloat('timestampMs'),
    dataUrl: t.string({
      description: 'The frame as a data: URL.',
      resolve: (f) => `data:image/${f.imageFormat ?? 'jpeg'};base64,${Buffer.from(f.image ?? new Uint8Array()).toString('base64')}`,
    }),
  }),
});

const LivenessSessionRef = builder.objectRef<LivenessSession>('LivenessSession');

builder.node(LivenessSessionRef, {
  description: 'A multi-frame liveness check: createLivenessSession, addLivenessFrames (in chunks), finishLivenessSession.',
  id: { resolve: (s) => s.id },
  loadOne: (id, ctx) => (parseId(id, 'LivenessSession') ? ctx.services.liveness.find(ctx.tenantId, id) : null),
  fields: (t) => ({
    mode: t.field({ type: LivenessModeEnum, resolve: (s) => modeOf(s) }),
    status: t.field({ type: LivenessSessionStatusEnum, resolve: (s) => s.status }),
    nonce: t.exposeString('nonce', {
      description: 'A random value of this session: bind it to your own request (e.g. show or sign it) so a capture cannot be reused.',
    }),
    challenge: t.field({
      type: LivenessChallengeRef,
      resolve: (s, _, ctx) => ({
        steps: challengeOf(s),
        minFps: s.minFps,
        frameBudget: s.frameBudget,
        maxFramesPerCall: ctx.services.config.LIVENESS_MAX_FRAMES_PER_CALL,
      }),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    framesReceived: t.exposeInt('framesReceived'),
    verdict: t.field({
      type: LivenessSessionVerdictEnum,
      nullable: true,
      description: 'Set once DECIDED.',
      resolve: (s) => pick(livenessSessionVerdicts, s.verdict),
    }),
    reasons: t.field({ type: [LivenessReasonEnum], resolve: (s) => s.reasons.flatMap((r) => pick(livenessReasons, r) ?? []) }),
    decidedAt: t.expose('decidedAt', { type: 'DateTime', nullable: true }),
    score: t.float({
      nullable: true,
      description:
        'The decision strength 0..1 (0.5 at the thresholds). Admins only (null for others): a pass/fail answer gives an attacker less to tune against.',
      resolve: (s, _, ctx) => (isAdmin(ctx.caller) ? s.score : null),
    }),
    referenceFace: t.field({
      type: FaceRef,
      nullable: true,
      description:
        "The best-quality frontal frame's face: enrollFace / verifyFaces / verifyPerson take `livenessSessionId` in place of an image when the verdict is LIVE.",
      resolve: (s, _, ctx) => (s.referenceFaceId ? ctx.services.sessions.findFace(ctx.tenantId, s.referenceFaceId) : null),
    }),
    auditFrames: t.field({
      type: [LivenessAuditFrameRef],
      authScopes: { admin: true },
      description: `A few frames kept for review (admins only; at most LIVENESS_AUDIT_FRAMES), erased with the session.`,
      resolve: (s, _, ctx) => ctx.services.liveness.auditFrames(ctx.tenantId, s.id),
    }),
  }),
});

const LivenessFramesResultRef = builder.objectRef<FramesAdded>('LivenessFramesResult').implement({
  fields: (t) => ({
    session: t.field({ type: LivenessSessionRef, resolve: (r) => r.session }),
    progress: t.field({ type: LivenessProgressRef, resolve: (r) => r.progress }),
  }),
});

const LivenessEventTypeEnum = builder.enumType('LivenessSessionEventType', {
  values: {
    PROGRESS: { description: 'Feedback on every frame so far (also the first event of a subscription).' },
    FRAMES_REFUSED: { description: 'A chunk was refused; `error` says why.' },
    DECIDED: { description: 'The verdict; the stream ends.' },
  } satisfies Record<'PROGRESS' | Exclude<LivenessSessionEventType, 'FRAMES_ADDED'>, { description: string }>,
});

interface ProgressEvent {
  type: 'PROGRESS' | 'FRAMES_REFUSED' | 'DECIDED';
  livenessSessionId: string;
  framesReceived: number;
  progress: LivenessProgress | null;
  error: { code: string; message: string } | null;
  verdict: string | null;
  reasons: string[];
  at: Date;
}

const LivenessErrorRef = builder.objectRef<{ code: string; message: string }>('LivenessFramesError').implement({
  fields: (t) => ({ code: t.exposeString('code'), message: t.exposeString('message') }),
});

const LivenessSessionEventRef = builder.objectRef<ProgressEvent>('LivenessSessionEvent').implement({
  fields: (t) => ({
    type: t.field({ type: LivenessEventTypeEnum, resolve: (e) => e.type }),
    livenessSessionId: t.id({ resolve: (e) => encodeGlobalID('LivenessSession', e.livenessSessionId) }),
    framesReceived: t.exposeInt('framesReceived'),
    progress: t.field({ type: LivenessProgressRef, nullable: true, resolve: (e) => e.progress }),
    error: t.field({ type: LivenessErrorRef, nullable: true, resolve: (e) => e.error }),
    verdict: t.field({ type: LivenessSessionVerdictEnum, nullable: true, resolve: (e) => pick(livenessSessionVerdicts, e.verdict) }),
    reasons: t.field({ type: [LivenessReasonEnum], resolve: (e) => e.reasons.flatMap((r) => pick(livenessReasons, r) ?? []) }),
    at: t.expose('at', { type: 'DateTime' }),
  }),
});

const toProgressEvent = (e: LivenessSessionEvent): ProgressEvent => ({
  ...e,
  type: e.type === 'FRAMES_ADDED' ? 'PROGRESS' : e.type,
  progress: e.progress as LivenessProgress | null,
});

const sessionId = (id: string): string | null => parseId(id, 'LivenessSession');

builder.queryField('livenessSession', (t) =>
  t.field({
    type: LivenessSessionRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_, { id }, ctx) => {
      const uuid = sessionId(id);
      return uuid ? ctx.services.liveness.find(ctx.tenantId, uuid) : null;
    },
  }),
);

builder.mutationFields((t) => ({
  createLivenessSession: t.field({
    type: LivenessSessionRef,
    description:
      'Opens a liveness session (valid LIVENESS_SESSION_TTL_S, at most 180 s): its nonce and, in ACTIVE mode (the default), a random ordered challenge. ' +
      'Send frames with addLivenessFrames, then call finishLivenessSession. RATE_LIMITED after LIVENESS_MAX_FAILED_ATTEMPTS failed sessions of this credential within LIVENESS_ATTEMPT_WINDOW_S, for LIVENESS_LOCKOUT_S.',
    args: {
      mode: t.arg({ type: LivenessModeEnum, required: false, defaultValue: 'ACTIVE' }),
      nod: t.arg.boolean({ required: false, defaultValue: false, description: 'ACTIVE: add a NOD step to the challenge.' }),
    },
    resolve: (_, { mode, nod }, ctx) => createLivenessSession(ctx, { mode, nod }),
  }),
  addLivenessFrames: t.field({
    type: LivenessFramesResultRef,
    description:
      "Sends frames (JPEG/WebP/PNG) as they are captured, in order: `firstSeq` is the session's framesReceived, `timestampsMs` the capture times (strictly increasing). " +
      'Refused, and counted against the session (it ends SPOOF, REPLAYED_FRAMES): FRAME_OUT_OF_ORDER, FRAME_REPLAYED (the same bytes again), FRAME_TIMESTAMP_INVALID. ' +
      'Also FRAME_BUDGET_EXCEEDED, LIVENESS_SESSION_EXPIRED, LIVENESS_SESSION_CLOSED (after finish), and the image errors of analyzeImage.',
    args: {
      sessionId: t.arg.id({ required: true }),
      frames: t.arg({ type: ['File'], required: true }),
      firstSeq: t.arg.int({ required: true }),
      timestampsMs: t.arg({ type: ['Float'], required: true }),
    },
    resolve: (_, args, ctx) =>
      addLivenessFrames(ctx, sessionId(args.sessionId), { frames: args.frames, firstSeq: args.firstSeq, timestampsMs: args.timestampsMs }),
  }),
  finishLivenessSession: t.field({
    type: LivenessSessionRef,
    description:
      'Ends the session and returns its verdict (LIVE, SPOOF or INCONCLUSIVE) with reason codes, once the decision has run (a job; BullMQ in queue mode). ' +
      'An expired session is decided INCONCLUSIVE with TIMEOUT; a second call is LIVENESS_SESSION_CLOSED.',
    args: { sessionId: t.arg.id({ required: true }) },
    resolve: (_, args, ctx) => finishLivenessSession(ctx, sessionId(args.sessionId)),
  }),
  deleteLivenessSession: t.boolean({
    description: 'Erases a liveness session with its frames, audit images and reference face.',
    args: { sessionId: t.arg.id({ required: true }) },
    resolve: (_, args, ctx) => deleteLivenessSession(ctx, sessionId(args.sessionId)),
  }),
}));

builder.subscriptionField('livenessSessionProgress', (t) =>
  t.field({
    type: LivenessSessionEventRef,
    description:
      "A liveness session as its camera UI follows it: first the feedback on the frames so far (PROGRESS), then each chunk's feedback or refusal as it is taken, then DECIDED, after which the stream ends.",
    args: { sessionId: t.arg.id({ required: true }) },
    subscribe: async function* (_, args, ctx) {
      const session = await findLivenessSession(ctx, sessionId(args.sessionId));
      // Listen first, then read the stored state: nothing between the two is missed.
      const live = ctx.services.events.livenessSession(session.id);
      try {
        const now = await findLivenessSession(ctx, session.id);
        const decided = now.status === 'DECIDED';
        yield {
          type: decided ? 'DECIDED' : 'PROGRESS',
          livenessSessionId: now.id,
          framesReceived: now.framesReceived,
          progress: decided ? null : await currentProgress(ctx, now),
          error: null,
          verdict: now.verdict,
          reasons: now.reasons,
          at: new Date(),
        } satisfies ProgressEvent;
        if (decided) return;
        for await (const event of live) {
          const out = toProgressEvent(event);
          if (out.type === 'PROGRESS' && out.framesReceived <= now.framesReceived) continue;
          yield out;
          if (out.type === 'DECIDED') return;
        }
      } finally {
        await live.return?.(undefined);
      }
    },
    resolve: (event: ProgressEvent) => event,
  }),
);

// The tenant-wide verdict stream also carries liveness sessions' verdicts, on their reference faces.
builder.objectField(LivenessVerdictEventRef, 'livenessSession', (t) =>
  t.field({
    type: LivenessSessionRef,
    nullable: true,
    description: "Set when this is a liveness session's verdict (on its reference face) rather than one face's ANTI_SPOOFING verdict.",
    resolve: (e, _, ctx) => (e.livenessSessionId ? ctx.services.liveness.find(ctx.tenantId, e.livenessSessionId) : null),
  }),
);
