/** Per-chunk feedback for a camera UI: the face state, the active step and how far it got, and hints. */
import { matchChallenge } from './challenge.ts';
import { opennessRatios, shutLevel } from './eye-aspect.ts';
import { median } from './landmarks.ts';
import { sessionSignals, type UsableFrame } from './signals.ts';
import { livenessThresholds, type LivenessThresholds } from './thresholds.ts';
import { livenessHints, type LivenessFrameFeatures, type LivenessHint, type LivenessMode, type LivenessStep } from './types.ts';

export interface LivenessProgressInput {
  challenge: readonly LivenessStep[];
  mode: LivenessMode;
  /** All frames so far. */
  frames: readonly LivenessFrameFeatures[];
  thresholds?: Partial<LivenessThresholds>;
}

export interface LivenessProgress {
  faceState: 'NONE' | 'ONE' | 'SEVERAL';
  activeStep: LivenessStep | null;
  /** Index of the active step; challenge.length when none is left (and in PASSIVE mode). */
  activeStepIndex: number;
  /** 0..1. ACTIVE: the active step's measure against its threshold now (1 when all are done). PASSIVE: half for the frame count, half for a blink or a head turn. */
  stepProgress: number;
  stepsCompleted: LivenessStep[];
  hints: LivenessHint[];
}

const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));

function activeStepProgress(
  step: LivenessStep,
  latest: UsableFrame | undefined,
  pitchBase: number,
  blink: { ratio: number | null; shut: number },
  t: LivenessThresholds,
): number {
  if (!latest) return 0;
  switch (step) {
    case 'TURN_LEFT':
      return clamp01((latest.yaw ?? 0) / t.turnYaw);
    case 'TURN_RIGHT':
      return clamp01(-(latest.yaw ?? 0) / t.turnYaw);
    case 'NOD':
      return latest.pitch === null ? 0 : clamp01(Math.abs(latest.pitch - pitchBase) / t.nodPitch);
    case 'BLINK':
      // Eyes closing now: half way; the blink counts once they reopen.
      return blink.ratio !== null && blink.ratio < blink.shut ? 0.5 : 0;
  }
}

function hintsFor(
  latest: LivenessFrameFeatures | undefined,
  previous: UsableFrame | undefined,
  current: UsableFrame | undefined,
  activeStep: LivenessStep | null,
  t: LivenessThresholds,
): Set<LivenessHint> {
  const hints = new Set<LivenessHint>();
  if (!latest || latest.faceCount === 0) return hints.add('NO_FACE');
  if (latest.faceCount > 1) return hints.add('ONE_FACE_ONLY');
  if (!current || current.frame !== latest) return hints;
  const side = Math.min(latest.width, latest.height);
  const { box } = current.face;
  if (box.width < t.hintMinFaceFraction * side) hints.add('MOVE_CLOSER');
  if (box.width > t.hintMaxFaceFraction * side) hints.add('MOVE_BACK');
  if (latest.brightness != null && latest.brightness < t.hintMinBrightness) hints.add('MORE_LIGHT');
  if (previous) {
    const eyes = (u: UsableFrame) => {
      const [a, b] = u.face.landmarks5;
      return a && b ? { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2, iod: Math.hypot(b.x - a.x, b.y - a.y) } : null;
    };
    const p = eyes(previous),
      c = eyes(current);
    const dt = (current.frame.timestampMs - previous.frame.timestampMs) / 1000;
    if (p && c && dt > 0 && c.iod > 0 && Math.hypot(c.x - p.x, c.y - p.y) / c.iod / dt > t.hintMaxSpeed) hints.add('HOLD_STILL');
  }
  const yaw = current.yaw ?? 0;
  const wanted = activeStep === 'TURN_LEFT' ? 1 : activeStep === 'TURN_RIGHT' ? -1 : 0;
  if (wanted !== 0 && wanted * yaw >= t.hintTurnFurtherFraction * t.turnYaw && wanted * yaw < t.turnYaw) hints.add('TURN_FURTHER');
  // Turned away while the step asks for something else (or nothing): look back at the camera.
  if (Math.abs(yaw) >= t.turnYaw && wanted * yaw <= 0) hints.add('FACE_THE_CAMERA');
  return hints;
}

export function livenessProgress(input: LivenessProgressInput): LivenessProgress {
  const t = livenessThresholds(input.thresholds);
  const s = sessionSignals(input.frames, t);
  const latest = s.frames[s.frames.length - 1];
  const current = s.usable[s.usable.length - 1];
  const previous = s.usable[s.usable.length - 2];
  const faceState = !latest || latest.faceCount === 0 ? 'NONE' : latest.faceCount === 1 ? 'ONE' : 'SEVERAL';

  let activeStep: LivenessStep | null = null;
  let stepProgress: number;
  let stepsCompleted: LivenessStep[] = [];
  if (input.mode === 'ACTIVE') {
    stepsCompleted = matchChallenge(input.challenge, s.stepEvents).completed;
    activeStep = input.challenge[stepsCompleted.length] ?? null;
    const pitchBase = median(s.usable.flatMap((u) => (u.pitch === null ? [] : [u.pitch])));
    const ratios = opennessRatios(
      s.usable.map((u) => ({ timestampMs: u.frame.timestampMs, openness: u.openness })),
      t.blinkBaselineWindowMs,
    );
    const currentIsLatest = current !== undefined && current.frame === latest;
    const blink = { ratio: ratios[ratios.length - 1] ?? null, shut: shutLevel(ratios, t) };
    stepProgress = activeStep ? activeStepProgress(activeStep, currentIsLatest ? current : undefined, pitchBase, blink, t) : 1;
  } else {
    const moved = s.blinks.length > 0 || s.turns.length > 0;
    stepProgress = 0.5 * clamp01(s.usable.length / t.minFrames) + (moved ? 0.5 : 0);
  }
  const hints = hintsFor(latest, previous, current, activeStep, t);
  return {
    faceState,
    activeStep,
    activeStepIndex: activeStep ? stepsCompleted.length : input.challenge.length,
    stepProgress,
    stepsCompleted,
    hints: livenessHints.filter((h) => hints.has(h)),
  };
}
