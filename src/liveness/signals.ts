/** What the decision and the progress feedback both read off the frames: per-frame measures and the events in them. */
import type { StepEvent } from './challenge.ts';
import { detectBlinks, eyeOpenness } from './eye-aspect.ts';
import type { Sample } from './excursions.ts';
import { detectNods, detectTurns, pitchProxy, yawProxy } from './head-turn.ts';
import { landmarkJitter, pairResidual, type ParallaxFrame } from './parallax.ts';
import type { LivenessThresholds } from './thresholds.ts';
import type { BlinkEvent, LivenessFace, LivenessFrameFeatures, NodEvent, TurnEvent } from './types.ts';

/** A frame with exactly one face and its measures. */
export interface UsableFrame {
  frame: LivenessFrameFeatures;
  face: LivenessFace;
  yaw: number | null;
  pitch: number | null;
  openness: number | null;
}

export interface SessionSignals {
  /** All frames, in seq order, one per seq. */
  frames: LivenessFrameFeatures[];
  usable: UsableFrame[];
  blinks: BlinkEvent[];
  turns: TurnEvent[];
  nods: NodEvent[];
  /** The usable frames' 68 points and yaw, for the parallax check. */
  parallaxFrames: ParallaxFrame[];
  /** Blinks, turns and nods as challenge steps. */
  stepEvents: StepEvent[];
  /** From the median interval between frames; 0 with fewer than 2 frames. */
  fps: number;
}

function inSeqOrder(frames: readonly LivenessFrameFeatures[]): LivenessFrameFeatures[] {
  const seen = new Set<number>();
  return [...frames].sort((a, b) => a.seq - b.seq).filter((f) => !seen.has(f.seq) && seen.add(f.seq));
}

function medianFps(frames: readonly LivenessFrameFeatures[]): number {
  const gaps = frames
    .slice(1)
    .map((f, i) => f.timestampMs - frames[i]!.timestampMs)
    .filter((g) => g > 0)
    .sort((a, b) => a - b);
  const m = gaps[gaps.length >> 1];
  return m ? 1000 / m : 0;
}

const samplesOf = (usable: readonly UsableFrame[], key: 'yaw' | 'pitch'): Sample[] =>
  usable.flatMap((u) => {
    const value = u[key];
    return value === null ? [] : [{ timestampMs: u.frame.timestampMs, value }];
  });

export function sessionSignals(input: readonly LivenessFrameFeatures[], t: LivenessThresholds): SessionSignals {
  const frames = inSeqOrder(input);
  const usable = frames.flatMap((frame): UsableFrame[] => {
    const face = frame.faceCount === 1 ? frame.face : null;
    if (!face) return [];
    return [
      { frame, face, yaw: yawProxy(face.landmarks5), pitch: pitchProxy(face.landmarks5), openness: face.landmarks68 ? eyeOpenness(face.landmarks68) : null },
    ];
  });
  const bySeq = new Map(usable.map((u) => [u.frame.seq, u]));
  const parallaxFrames = usable.map((u) => ({ points: u.face.landmarks68, yaw: u.yaw }));
  // Every frame counts for blinks: one without a usable face breaks a closure (its reopening is not seen).
  const blinkFrames = frames.map((f) => bySeq.get(f.seq));
  const jitter = landmarkJitter(parallaxFrames) ?? 0;
  const blinks = detectBlinks(
    blinkFrames.map((u, i) => ({ timestampMs: frames[i]!.timestampMs, openness: u?.openness ?? null })),
    t,
    {
      maxDeformation: Math.max(t.blinkMaxDeformation, t.parallaxNoiseMultiple * jitter),
      deformation: (i, j) => {
        const a = blinkFrames[i]?.face.landmarks68,
          b = blinkFrames[j]?.face.landmarks68;
        const pair = a && b ? pairResidual(a, b) : null;
        return pair ? pair.deformation : Number.POSITIVE_INFINITY;
      },
    },
  );
  const turns = detectTurns(samplesOf(usable, 'yaw'), t);
  const nods = detectNods(samplesOf(usable, 'pitch'), t);
  const stepEvents: StepEvent[] = [
    ...turns.map((e) => ({ step: e.direction === 'LEFT' ? ('TURN_LEFT' as const) : ('TURN_RIGHT' as const), startMs: e.startMs, endMs: e.endMs })),
    ...blinks.map((e) => ({ step: 'BLINK' as const, startMs: e.startMs, endMs: e.endMs })),
    ...nods.map((e) => ({ step: 'NOD' as const, startMs: e.startMs, endMs: e.endMs })),
  ];
  return { frames, usable, blinks, turns, nods, parallaxFrames, stepEvents, fps: medianFps(frames) };
}
