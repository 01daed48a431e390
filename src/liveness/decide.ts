/** The session decision: LIVE, SPOOF or INCONCLUSIVE from a session's frame features. */
import { matchChallenge } from './challenge.ts';
import { checkIdentity } from './identity.ts';
import { aggregatePad } from './pad.ts';
import { assessParallax } from './parallax.ts';
import { sessionSignals, type UsableFrame } from './signals.ts';
import { livenessThresholds, type LivenessThresholds } from './thresholds.ts';
import {
  livenessReasons,
  type BlinkEvent,
  type LivenessDecision,
  type LivenessFrameFeatures,
  type LivenessMode,
  type LivenessReason,
  type LivenessStep,
} from './types.ts';

export interface DecideLivenessInput {
  mode: LivenessMode;
  /** Ignored in PASSIVE mode. */
  challenge: readonly LivenessStep[];
  frames: readonly LivenessFrameFeatures[];
  thresholds?: Partial<LivenessThresholds>;
  /** Found by the session layer: REPLAYED_FRAMES makes the verdict SPOOF; TIMEOUT (or any other) keeps it from LIVE. */
  sessionReasons?: readonly LivenessReason[];
}

/** Evidence of an attack: any one makes the verdict SPOOF. */
const spoofReasons: ReadonlySet<LivenessReason> = new Set(['PLANAR_MOTION', 'IDENTITY_SWITCH', 'PAD_FAILED', 'REPLAYED_FRAMES']);

/** 0.5 at `threshold`, linear to 0 at 0 and to 1 at `top`: a pass/fail measure as a 0..1 strength. */
function strength(value: number, threshold: number, top: number): number {
  const s = value >= threshold ? 0.5 + (0.5 * (value - threshold)) / Math.max(top - threshold, 1e-9) : (0.5 * value) / Math.max(threshold, 1e-9);
  return Math.min(1, Math.max(0, s));
}

const inBlink = (ms: number, blinks: readonly BlinkEvent[]): boolean => blinks.some((b) => ms >= b.startMs && ms <= b.endMs);

/** The best-quality frontal frame with an embedding and open eyes; failing a frontal one, the most frontal. */
function pickReference(usable: readonly UsableFrame[], blinks: readonly BlinkEvent[], t: LivenessThresholds): UsableFrame | null {
  const candidates = usable.filter((u) => u.face.embedding && u.yaw !== null && !inBlink(u.frame.timestampMs, blinks));
  const frontal = candidates.filter((u) => Math.abs(u.yaw!) <= t.referenceMaxYaw);
  if (frontal.length) return frontal.reduce((best, u) => ((u.face.quality ?? 0) > (best.face.quality ?? 0) ? u : best));
  return candidates.reduce<UsableFrame | null>((best, u) => (!best || Math.abs(u.yaw!) < Math.abs(best.yaw!) ? u : best), null);
}

/** The reference, the middle of each turn, then evenly spread frames, up to `count`, in seq order. */
function pickAudit(usable: readonly UsableFrame[], reference: UsableFrame | null, turnsMs: readonly number[], count: number): number[] {
  const seqs = new Set<number>(reference ? [reference.frame.seq] : []);
  for (const ms of turnsMs) {
    const u = usable.find((f) => f.frame.timestampMs >= ms);
    if (u && seqs.size < count) seqs.add(u.frame.seq);
  }
  for (let i = 0; i < count && seqs.size < count; i++) {
    const u = usable[Math.floor(((i + 0.5) * usable.length) / count)];
    if (u) seqs.add(u.frame.seq);
  }
  return [...seqs].sort((a, b) => a - b);
}

export function decideLiveness(input: DecideLivenessInput): LivenessDecision {
  const t = livenessThresholds(input.thresholds);
  const s = sessionSignals(input.frames, t);
  const { frames, usable } = s;
  const found = new Set<LivenessReason>(input.sessionReasons ?? []);

  // Enough to decide at all?
  const several = frames.filter((f) => f.faceCount > 1).length;
  const noFace = frames.filter((f) => f.faceCount === 0).length;
  if (frames.length && several > t.multipleFacesMaxFraction * frames.length) found.add('MULTIPLE_FACES');
  if (usable.length < t.minFrames) found.add(frames.length && noFace >= t.noFaceMinFraction * frames.length ? 'NO_FACE' : 'TOO_FEW_FRAMES');
  if (frames.length >= 2 && s.fps < t.minFps) found.add('LOW_FRAME_RATE');
  const enough = usable.length >= t.minFrames;

  const reference = pickReference(usable, s.blinks, t);
  const pad = aggregatePad(
    usable.flatMap((u) => (u.face.liveScore === null ? [] : [u.face.liveScore])),
    t,
  );
  const identity = checkIdentity(
    usable.map((u) => ({ timestampMs: u.frame.timestampMs, embedding: u.face.embedding })),
    reference ? usable.indexOf(reference) : -1,
    t,
  );
  const parallax = assessParallax(s.parallaxFrames, t);
  const active = input.mode === 'ACTIVE';
  const steps = active ? matchChallenge(input.challenge, s.stepEvents) : { completed: [], events: [] };

  if (enough) {
    if (pad.score !== null && pad.score < t.padSpoofBelow) found.add('PAD_FAILED');
    else if (pad.score === null || pad.score < t.padLiveAt) found.add('PAD_UNCERTAIN');
    if (identity.switched) found.add('IDENTITY_SWITCH');
    if (parallax.planar) found.add('PLANAR_MOTION');
    if (!reference) found.add('LOW_QUALITY');
    const blinked = s.blinks.length > 0;
    if (active) {
      if (steps.completed.length < input.challenge.length) found.add('CHALLENGE_NOT_MET');
      if (!blinked) found.add('NO_BLINK');
      if (!parallax.nonPlanar && !parallax.planar) found.add('PARALLAX_UNCERTAIN');
    } else if (!blinked && !parallax.nonPlanar) {
      found.add('NO_BLINK');
      if (!parallax.planar) found.add('PARALLAX_UNCERTAIN');
    }
  }

  const reasons = livenessReasons.filter((r) => found.has(r));
  const verdict = reasons.some((r) => spoofReasons.has(r)) ? 'SPOOF' : reasons.length ? 'INCONCLUSIVE' : 'LIVE';

  // Admin score: the weakest evidence, each 0.5 at its threshold, kept inside the verdict's half.
  const padStrength = pad.score === null ? 0 : strength(pad.score, t.padLiveAt, 1);
  // An odd frame below the line is no switch, so it does not pull the score under 0.5 either.
  const identityFull = identity.minSimilarity === null ? 0.5 : strength(identity.minSimilarity, t.identityMinSimilarity, 1);
  const identityStrength = identity.switched ? identityFull : Math.max(0.5, identityFull);
  const parallaxStrength = parallax.ratio === null ? 0.25 : strength(parallax.ratio, t.nonPlanarMinRatio, 2 * t.nonPlanarMinRatio);
  const blinkStrength = s.blinks.length ? 1 : 0;
  const evidence = active
    ? Math.min(input.challenge.length ? steps.completed.length / input.challenge.length : 1, blinkStrength, parallaxStrength)
    : Math.max(blinkStrength, parallaxStrength);
  const raw = enough ? Math.min(padStrength, identityStrength, evidence) : 0;
  const score = verdict === 'LIVE' ? Math.max(0.5, raw) : found.has('REPLAYED_FRAMES') ? 0 : Math.min(0.49, raw);

  return {
    verdict,
    reasons,
    score,
    referenceSeq: reference?.frame.seq ?? null,
    auditSeqs: pickAudit(
      usable,
      reference,
      s.turns.map((e) => (e.startMs + e.endMs) / 2),
      t.auditFrames,
    ),
    blinks: s.blinks,
    turns: s.turns,
    nods: s.nods,
    stepsCompleted: steps.completed,
    parallaxResidual: parallax.residual,
    parallaxRatio: parallax.ratio,
    minIdentitySimilarity: identity.minSimilarity,
    padScore: pad.score,
    framesUsed: usable.length,
    fps: s.fps,
  };
}
