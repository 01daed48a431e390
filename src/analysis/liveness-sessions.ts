import { randomBytes, randomInt } from 'node:crypto';
import type { LivenessSession } from '../db/liveness.repository.ts';
import type { FaceRecord } from '../db/sessions.repository.ts';
import { drawChallenge } from '../liveness/challenge.ts';
import { livenessProgress, type LivenessProgress } from '../liveness/progress.ts';
import { livenessModeOf, livenessStepsOf, type LivenessMode, type LivenessStep } from '../liveness/types.ts';
import { AppError, notFound, type ErrorCode } from '../pipeline/errors.ts';
import type { Stage } from '../pipeline/stages.ts';
import { analyzeAndWait } from './analyze-and-wait.ts';
import { readImageUpload, type UploadedImage, type UploadFile } from './image-upload.ts';
import { parseStoredFrame, storedFrameJson } from '../liveness/stored-frame.ts';
import { frameFromFaces } from './liveness-frames.ts';
import type { Scope } from './services.ts';
import { planAvailableStages } from './submit-analysis.ts';

export type { LivenessSession };

/** What each frame runs: one face, its 68 points (blinks), quality (the reference), MiniFASNet (PAD) and an embedding (identity). */
const FRAME_STAGES: readonly Stage[] = ['DETECTION', 'LANDMARKS', 'QUALITY', 'ANTI_SPOOFING', 'RECOGNITION'];
/** Frames of one call analysed at once: enough to keep the inference slots busy, few enough to stay under the tenant's queue cap. */
const FRAME_CONCURRENCY = 4;
/** Of every this many frames (at the budget), one keeps its image for the audit picks: at most ~30 images a session. */
const AUDIT_IMAGE_SHARE = 30;

export const modeOf = (s: LivenessSession): LivenessMode => livenessModeOf(s.mode);
export const challengeOf = (s: LivenessSession): LivenessStep[] => livenessStepsOf(s.challenge);

/** The credential's lockout, if it has failed LIVENESS_MAX_FAILED_ATTEMPTS times within LIVENESS_ATTEMPT_WINDOW_S: when it ends. */
async function lockedUntil(scope: Scope, now: Date): Promise<Date | null> {
  const { config, liveness } = scope.services;
  const max = config.LIVENESS_MAX_FAILED_ATTEMPTS;
  const windowMs = config.LIVENESS_ATTEMPT_WINDOW_S * 1000;
  const lockoutMs = config.LIVENESS_LOCKOUT_S * 1000;
  const failures = (await liveness.failuresSince(scope.caller.credentialId, new Date(now.getTime() - windowMs - lockoutMs))).flatMap((f) =>
    f.decidedAt ? [f.decidedAt.getTime()] : [],
  );
  // Newest first: the newest run of `max` failures within one window starts the lockout at its last failure.
  for (let i = 0; i + max - 1 < failures.length; i++) {
    const newest = failures[i] as number;
    if (newest - (failures[i + max - 1] as number) <= windowMs) {
      const until = newest + lockoutMs;
      return until > now.getTime() ? new Date(until) : null;
    }
  }
  return null;
}

/**
 * Opens a liveness session: a nonce, an expiry (LIVENESS_SESSION_TTL_S) and, in ACTIVE mode, a random
 * ordered challenge. A credential locked out by its failed attempts is RATE_LIMITED.
 */
export async function createLivenessSession(scope: Scope, input: { mode?: LivenessMode | null; nod?: boolean | null }): Promise<LivenessSession> {
  const { config, liveness } = scope.services;
  planAvailableStages(scope.services, FRAME_STAGES);
  const now = new Date();
  const until = await lockedUntil(scope, now);
  if (until) {
    const retryAfterSeconds = Math.ceil((until.getTime() - now.getTime()) / 1000);
    throw new AppError(
      'RATE_LIMITED',
      `Too many failed liveness checks (${config.LIVENESS_MAX_FAILED_ATTEMPTS} within ${config.LIVENESS_ATTEMPT_WINDOW_S} s); retry in ${retryAfterSeconds} s.`,
      { retryAfterSeconds, limit: 'livenessAttempts' },
    );
  }
  const mode = input.mode ?? 'ACTIVE';
  // crypto's generator: the order of the steps is what a replayed recording cannot know in advance.
  const challenge = mode === 'ACTIVE' ? drawChallenge(() => randomInt(0, 2 ** 32) / 2 ** 32, { nod: input.nod ?? false }) : [];
  return liveness.create({
    tenantId: scope.tenantId,
    credentialId: scope.caller.credentialId,
    mode,
    challenge,
    nonce: randomBytes(18).toString('base64url'),
    minFps: config.LIVENESS_MIN_FPS,
    frameBudget: config.LIVENESS_FRAME_BUDGET,
    expiresAt: new Date(now.getTime() + config.LIVENESS_SESSION_TTL_S * 1000),
  });
}

export async function findLivenessSession(scope: Scope, id: string | null): Promise<LivenessSession> {
  const session = id ? await scope.services.liveness.find(scope.tenantId, id) : null;
  if (!session) throw notFound('Liveness session');
  return session;
}

/** OPEN and not expired, or the code that says why frames (or a finish) cannot be taken now. */
function checkOpen(session: LivenessSession, now: Date, forFinish: boolean): void {
  if (session.status !== 'OPEN')
    throw new AppError('LIVENESS_SESSION_CLOSED', `This liveness session is ${session.status.toLowerCase()}: it takes no more frames.`);
  if (!forFinish && session.expiresAt <= now)
    throw new AppError(
      'LIVENESS_SESSION_EXPIRED',
      `This liveness session expired at ${session.expiresAt.toISOString()}; finish it (TIMEOUT) and start a new one.`,
    );
}

/** A refusal that counts against the session (it ends SPOOF with REPLAYED_FRAMES), announced to its progress stream. */
async function refuse(scope: Scope, session: LivenessSession, code: ErrorCode, message: string, counts: boolean): Promise<never> {
  const { liveness, events } = scope.services;
  if (counts) await liveness.addViolation(scope.tenantId, session.id, code);
  await events.publishLivenessSession({
    tenantId: scope.tenantId,
    livenessSessionId: session.id,
    type: 'FRAMES_REFUSED',
    framesReceived: session.framesReceived,
    progress: null,
    error: { code, message },
    verdict: null,
    reasons: [],
    at: new Date(),
  });
  throw new AppError(code, message, counts ? { countsAgainstSession: true } : {});
}

/** Checks a chunk's numbering and timing against the session before any frame is read or analysed. */
async function checkChunk(scope: Scope, session: LivenessSession, count: number, firstSeq: number, timestampsMs: readonly number[]): Promise<void> {
  const max = scope.services.config.LIVENESS_MAX_FRAMES_PER_CALL;
  if (count === 0 || count > max) throw new AppError('BAD_USER_INPUT', `Send 1 to ${max} frames per call (got ${count}).`);
  if (timestampsMs.length !== count) throw new AppError('BAD_USER_INPUT', `timestampsMs has ${timestampsMs.length} values for ${count} frames.`);
  if (!Number.isInteger(firstSeq) || firstSeq !== session.framesReceived) {
    await refuse(scope, session, 'FRAME_OUT_OF_ORDER', `firstSeq must be ${session.framesReceived} (the next frame of this session), got ${firstSeq}.`, true);
  }
  if (session.framesReceived + count > session.frameBudget) {
    await refuse(
      scope,
      session,
      'FRAME_BUDGET_EXCEEDED',
      `This session takes at most ${session.frameBudget} frames (${session.framesReceived} received).`,
      false,
    );
  }
  let previous = session.lastTimestampMs ?? -1;
  for (const t of timestampsMs) {
    if (!Number.isFinite(t) || t < 0 || t <= previous) {
      await refuse(
        scope,
        session,
        'FRAME_TIMESTAMP_INVALID',
        `Frame timestamps must be finite, non-negative and strictly increasing across the session (${t} after ${previous}).`,
        true,
      );
    }
    previous = t;
  }
}

async function readFrames(scope: Scope, session: LivenessSession, files: readonly UploadFile[]): Promise<UploadedImage[]> {
  const uploads: UploadedImage[] = [];
  for (const file of files) uploads.push(await readImageUpload(file, scope.services.config));
  const hashes = uploads.map((u) => u.sha256);
  const known = await scope.services.liveness.knownHashes(session.id, hashes);
  const repeated = hashes.findIndex((h, i) => known.has(h) || hashes.indexOf(h) !== i);
  if (repeated >= 0) await refuse(scope, session, 'FRAME_REPLAYED', `Frame ${session.framesReceived + repeated} was already sent (the same bytes).`, true);
  return uploads;
}

/** Runs `fn` over the items, `limit` at a time, results in order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i] as T, i);
    }),
  );
  return out;
}

export interface FramesAdded {
  session: LivenessSession;
  progress: LivenessProgress;
}

/**
 * Takes a chunk of frames: checks order, timing, budget and replays first (refusals that count against
 * the session), analyses each frame through the pipeline (as analyzeImage does), stores its features and
 * answers with the feedback on every frame so far, which also goes to livenessSessionProgress.
 */
export async function addLivenessFrames(
  scope: Scope,
  id: string | null,
  input: { frames: readonly UploadFile[]; firstSeq: number; timestampsMs: readonly number[] },
): Promise<FramesAdded> {
  const { services, tenantId } = scope;
  const session = await findLivenessSession(scope, id);
  checkOpen(session, new Date(), false);
  await checkChunk(scope, session, input.frames.length, input.firstSeq, input.timestampsMs);
  const uploads = await readFrames(scope, session, input.frames);
  const stages = planAvailableStages(services, FRAME_STAGES);
  const stride = Math.max(1, Math.floor(session.frameBudget / AUDIT_IMAGE_SHARE));
  const analysed = await mapLimited(uploads, FRAME_CONCURRENCY, async (upload, i) => {
    const seq = input.firstSeq + i;
    const timestampMs = input.timestampsMs[i] as number;
    const { session: analysis, faces } = await analyzeAndWait(scope, upload, stages, { livenessSessionId: session.id });
    const embeddings = await services.faceResults.embeddings(
      tenantId,
      faces.map((f) => f.id),
    );
    const frame = frameFromFaces({ seq, timestampMs, width: upload.width, height: upload.height }, faces, embeddings);
    const keepImage = seq % stride === 0;
    return {
      frame,
      row: {
        seq,
        timestampMs,
        sha256: upload.sha256,
        features: storedFrameJson(frame),
        analysisSessionId: analysis.id,
        image: keepImage ? upload.bytes : null,
        imageFormat: keepImage ? upload.format : null,
      },
    };
  });
  if (
    !(await services.liveness.addFrames(
      tenantId,
      session.id,
      input.firstSeq,
      analysed.map((a) => a.row),
    ))
  ) {
    // Another call stored frames (or finished the session) meanwhile.
    const now = await findLivenessSession(scope, session.id);
    checkOpen(now, new Date(), false);
    await refuse(scope, now, 'FRAME_OUT_OF_ORDER', `firstSeq must be ${now.framesReceived} (the next frame of this session), got ${input.firstSeq}.`, true);
  }
  const progress = await currentProgress(scope, session);
  // What addFrames just stored, without reading the row back.
  const updated: LivenessSession = {
    ...session,
    framesReceived: input.firstSeq + analysed.length,
    lastTimestampMs: input.timestampsMs.at(-1) ?? session.lastTimestampMs,
  };
  await services.events.publishLivenessSession({
    tenantId,
    livenessSessionId: session.id,
    type: 'FRAMES_ADDED',
    framesReceived: updated.framesReceived,
    progress,
    error: null,
    verdict: null,
    reasons: [],
    at: new Date(),
  });
  return { session: updated, progress };
}

/** The feedback on the frames stored so far (a progress subscriber's first event). */
export async function currentProgress(scope: Scope, session: LivenessSession): Promise<LivenessProgress> {
  const frames = (await scope.services.liveness.framesFeatures(session.id)).map((r) => parseStoredFrame(r.features).features);
  return livenessProgress({ challenge: challengeOf(session), mode: modeOf(session), frames });
}

/**
 * Ends the session and waits for its decision (a job: in-process, or a worker's in queue mode), up to
 * ANALYSIS_WAIT_MS. A second finish is LIVENESS_SESSION_CLOSED; an expired session is decided with TIMEOUT.
 */
export async function finishLivenessSession(scope: Scope, id: string | null): Promise<LivenessSession> {
  const { services, tenantId } = scope;
  const session = await findLivenessSession(scope, id);
  checkOpen(session, new Date(), true);
  const timedOut = session.expiresAt <= new Date();
  if (!(await services.liveness.startDeciding(tenantId, session.id))) {
    throw new AppError('LIVENESS_SESSION_CLOSED', 'This liveness session was already finished.');
  }
  // Listen before the job can finish, so the DECIDED event cannot be missed.
  const events = services.events.livenessSession(session.id);
  const waitMs = services.config.ANALYSIS_WAIT_MS;
  let timer: NodeJS.Timeout | undefined;
  try {
    await services.decisions.enqueue({ livenessSessionId: session.id, tenantId, requestId: scope.requestId, timedOut });
    const decided = (async () => {
      for await (const event of events) if (event.type === 'DECIDED') return;
    })();
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new AppError('TIMEOUT', `The decision did not finish within ${waitMs} ms; query livenessSession later.`)), waitMs);
    });
    await Promise.race([decided, timeout]);
  } finally {
    clearTimeout(timer);
    await events.return?.(undefined);
  }
  return findLivenessSession(scope, session.id);
}

/** Erases a liveness session with its frames, audit images and reference face. */
export async function deleteLivenessSession(scope: Scope, id: string | null): Promise<boolean> {
  const session = await findLivenessSession(scope, id);
  return scope.services.liveness.erase(scope.tenantId, session.id);
}

/** What enrollFace and the verify mutations take a face from: an image, or the reference face of a LIVE liveness session. */
export type FaceSource = { image: UploadFile } | { livenessSessionId: string | null };

/** The reference face of a LIVE session, for enrollFace / verifyFaces / verifyPerson in place of an image. */
export async function livenessReferenceFaces(scope: Scope, id: string | null): Promise<FaceRecord[]> {
  const session = await findLivenessSession(scope, id);
  if (session.status !== 'DECIDED') throw new AppError('BAD_USER_INPUT', 'This liveness session is not finished yet (finishLivenessSession).');
  if (session.verdict !== 'LIVE') {
    throw new AppError(
      'LIVENESS_FAILED',
      `This liveness session ended ${session.verdict ?? 'without a verdict'} (${session.reasons.join(', ') || 'no reason'}).`,
    );
  }
  const face = session.referenceFaceId ? await scope.services.sessions.findFace(scope.tenantId, session.referenceFaceId) : null;
  if (!face) throw new AppError('NO_FACE', 'This liveness session kept no reference face.');
  return [face];
}
