import type { Logger } from 'pino';
import type { LivenessRepository } from '../src/db/liveness.repository.ts';
import type { SessionsRepository } from '../src/db/sessions.repository.ts';
import { decideLiveness } from '../src/liveness/decide.ts';
import { parseStoredFrame } from '../src/liveness/stored-frame.ts';
import { livenessModeOf, livenessStepsOf, type LivenessDecision, type LivenessReason } from '../src/liveness/types.ts';
import type { LivenessDecisionJob } from '../src/pipeline/job.ts';
import type { EventBus } from '../src/transport/event-bus.ts';

export interface DecisionDeps {
  liveness: LivenessRepository;
  sessions: SessionsRepository;
  events: EventBus;
  logger: Logger;
  /** LIVENESS_AUDIT_FRAMES: how many frames keep their image for review. */
  auditFrames: number;
  onDecided?: (mode: string, verdict: string, reasons: readonly string[]) => void;
}

/** Frames refused for replay, order or timestamps: a camera streaming in order sends none, so the session is judged a replay. */
const refusalReason: Readonly<Record<string, LivenessReason>> = {
  FRAME_REPLAYED: 'REPLAYED_FRAMES',
  FRAME_OUT_OF_ORDER: 'REPLAYED_FRAMES',
  FRAME_TIMESTAMP_INVALID: 'REPLAYED_FRAMES',
};

/** A verdict as the per-face liveness stream names it. */
const streamVerdict = { LIVE: 'LIVE', SPOOF: 'SPOOF', INCONCLUSIVE: 'UNCERTAIN' } as const;

/**
 * Decides a finished liveness session (DECIDING) from its frames' stored features, stores the verdict
 * once, keeps the reference frame's analysis and the audit frames' images, erases the rest, and announces
 * the verdict (livenessSessionProgress, livenessVerdicts, metrics). Run again (a retry, a second worker),
 * it does nothing: the store is conditional on DECIDING.
 */
export async function decideLivenessSession(deps: DecisionDeps, job: LivenessDecisionJob): Promise<LivenessDecision | null> {
  const session = await deps.liveness.find(job.tenantId, job.livenessSessionId);
  if (!session || session.status !== 'DECIDING') return null;
  const stored = (await deps.liveness.framesFeatures(session.id)).map((row) => parseStoredFrame(row.features));
  const sessionReasons = [
    ...new Set([...session.violations.flatMap((code) => (refusalReason[code] ? [refusalReason[code]] : [])), ...(job.timedOut ? (['TIMEOUT'] as const) : [])]),
  ];
  const mode = livenessModeOf(session.mode);
  const challenge = livenessStepsOf(session.challenge);
  const decision = decideLiveness({ mode, challenge, frames: stored.map((f) => f.features), sessionReasons, thresholds: { auditFrames: deps.auditFrames } });
  const reference = stored.find((f) => f.features.seq === decision.referenceSeq) ?? null;
  const referenceFaceId = reference?.faceId ?? null;
  const { blinks, turns, nods, stepsCompleted, parallaxResidual, parallaxRatio, minIdentitySimilarity, padScore, framesUsed, fps, referenceSeq, auditSeqs } =
    decision;
  // Only every few frames kept an image: each audit pick becomes the nearest frame that has one.
  const withImage = await deps.liveness.imageSeqs(session.id);
  const nearest = (seq: number): number | undefined =>
    withImage.reduce<number | undefined>((best, s) => (best === undefined || Math.abs(s - seq) < Math.abs(best - seq) ? s : best), undefined);
  const keptAudit = [...new Set(auditSeqs.flatMap((seq) => nearest(seq) ?? []))].sort((a, b) => a - b);
  const written = await deps.liveness.decide(
    session.id,
    {
      verdict: decision.verdict,
      reasons: decision.reasons,
      score: decision.score,
      decision: {
        blinks,
        turns,
        nods,
        stepsCompleted,
        parallaxResidual,
        parallaxRatio,
        minIdentitySimilarity,
        padScore,
        framesUsed,
        fps,
        referenceSeq,
        auditSeqs: keptAudit,
      },
      referenceFaceId,
    },
    { auditSeqs: keptAudit, referenceSeq },
  );
  if (!written) return null;
  const at = new Date();
  deps.logger.info(
    { livenessSessionId: session.id, requestId: job.requestId, verdict: decision.verdict, reasons: decision.reasons },
    'liveness session decided',
  );
  deps.onDecided?.(mode, decision.verdict, decision.reasons);
  await deps.events.publishLivenessSession({
    tenantId: session.tenantId,
    livenessSessionId: session.id,
    type: 'DECIDED',
    framesReceived: session.framesReceived,
    progress: null,
    error: null,
    verdict: decision.verdict,
    reasons: decision.reasons,
    at,
  });
  // The tenant-wide stream hears the session's verdict on its reference face (no face: nothing to show there).
  const face = referenceFaceId ? await deps.sessions.findFace(session.tenantId, referenceFaceId) : null;
  if (face) {
    await deps.events.publishLiveness({
      tenantId: session.tenantId,
      sessionId: face.sessionId,
      faceId: face.id,
      faceIndex: face.faceIndex,
      liveScore: face.liveness?.liveScore ?? 0,
      verdict: streamVerdict[decision.verdict],
      model: 'liveness-session',
      at,
      livenessSessionId: session.id,
    });
  }
  return decision;
}
