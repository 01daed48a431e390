import { describe, expect, it } from 'vitest';
import { decideLiveness } from '../../src/liveness/decide.ts';
import { livenessReasonDescriptions, livenessReasons, type LivenessFrameFeatures } from '../../src/liveness/types.ts';
import { hold, sweep, syntheticSession, type FramePose } from './synthetic.ts';

const FPS = 15;
const turnLeft = sweep(35, 15).map((yaw) => ({ yaw }));
const turnRight = sweep(-35, 15).map((yaw) => ({ yaw }));
const blink = hold(3, { eyesClosed: true });
const script = (...parts: FramePose[][]): FramePose[] => parts.flat();
const challenge = ['TURN_LEFT', 'TURN_RIGHT', 'BLINK'] as const;
/** Left, right, blink, in that order. */
const inOrder = script(hold(15), turnLeft, hold(5), turnRight, hold(8), blink, hold(10));

describe('decideLiveness', () => {
  it('every reason has a description', () => {
    for (const r of livenessReasons) expect(livenessReasonDescriptions[r].length).toBeGreaterThan(10);
  });

  it('LIVE: a reference face (frontal, eyes open), audit frames and a score in the upper half', () => {
    const frames = syntheticSession(inOrder, { fps: FPS });
    const d = decideLiveness({ mode: 'ACTIVE', challenge, frames });
    expect(d.verdict).toBe('LIVE');
    expect(d.score).toBeGreaterThanOrEqual(0.5);
    expect(d.score).toBeLessThanOrEqual(1);
    const ref = frames.find((f) => f.seq === d.referenceSeq)!;
    expect(Math.abs(ref.face!.landmarks5[2]!.x - (ref.face!.landmarks5[0]!.x + ref.face!.landmarks5[1]!.x) / 2)).toBeLessThan(5);
    const blinkMs = d.blinks[0]!;
    expect(ref.timestampMs < blinkMs.startMs || ref.timestampMs > blinkMs.endMs).toBe(true);
    expect(d.auditSeqs).toContain(d.referenceSeq);
    expect(d.auditSeqs.length).toBeLessThanOrEqual(5);
    expect(d.auditSeqs.length).toBeGreaterThanOrEqual(3);
    expect(d.framesUsed).toBe(frames.length);
    expect(d.fps).toBeCloseTo(FPS, 0);
    expect(d.padScore).toBeGreaterThan(0.9);
    expect(d.minIdentitySimilarity).toBeGreaterThan(0.8);
  });

  it('CHALLENGE_NOT_MET when the steps come in the wrong order', () => {
    const frames = syntheticSession(script(hold(15), turnRight, hold(5), turnLeft, hold(8), blink, hold(10)), { fps: FPS });
    const d = decideLiveness({ mode: 'ACTIVE', challenge, frames });
    expect(d.verdict).toBe('INCONCLUSIVE');
    expect(d.reasons).toEqual(['CHALLENGE_NOT_MET']);
    // The left turn matched (after the right one); the right turn after it never came.
    expect(d.stepsCompleted).toEqual(['TURN_LEFT']);
    // The same frames pass a challenge in the order they show.
    expect(decideLiveness({ mode: 'ACTIVE', challenge: ['TURN_RIGHT', 'TURN_LEFT', 'BLINK'], frames }).verdict).toBe('LIVE');
  });

  it('NO_BLINK in ACTIVE mode even when the turns are done', () => {
    const frames = syntheticSession(script(hold(15), turnLeft, hold(5), turnRight, hold(10)), { fps: FPS });
    const d = decideLiveness({ mode: 'ACTIVE', challenge: ['TURN_LEFT', 'TURN_RIGHT'], frames });
    expect(d.reasons).toEqual(['NO_BLINK']);
  });

  it('IDENTITY_SWITCH (SPOOF) when two people are spliced into one sequence', () => {
    const frames = syntheticSession(inOrder, { fps: FPS, person: (i) => (i < 35 ? 0 : 1) });
    const d = decideLiveness({ mode: 'ACTIVE', challenge, frames });
    expect(d.verdict).toBe('SPOOF');
    expect(d.reasons).toContain('IDENTITY_SWITCH');
    expect(d.minIdentitySimilarity!).toBeLessThan(0.35);
    expect(d.score).toBeLessThan(0.5);
  });

  it('one or two odd embeddings are not a switch', () => {
    const frames = syntheticSession(inOrder, { fps: FPS, person: (i) => (i === 40 || i === 41 ? 1 : 0) });
    expect(decideLiveness({ mode: 'ACTIVE', challenge, frames }).verdict).toBe('LIVE');
  });

  it('PAD_FAILED (SPOOF) when most frames are confidently fake, even with a few good-looking ones', () => {
    const frames = syntheticSession(inOrder, { fps: FPS, liveScore: (i) => (i % 5 === 0 ? 0.99 : 0.05) });
    const d = decideLiveness({ mode: 'ACTIVE', challenge, frames });
    expect(d.verdict).toBe('SPOOF');
    expect(d.reasons).toEqual(['PAD_FAILED']);
    expect(d.padScore!).toBeCloseTo(0.05, 6);
  });

  it('PAD_UNCERTAIN keeps a session from LIVE without calling it a spoof', () => {
    const frames = syntheticSession(inOrder, { fps: FPS, liveScore: () => 0.65 });
    const d = decideLiveness({ mode: 'ACTIVE', challenge, frames });
    expect(d.verdict).toBe('INCONCLUSIVE');
    expect(d.reasons).toEqual(['PAD_UNCERTAIN']);
  });

  it('TOO_FEW_FRAMES with under 10 frames', () => {
    const frames = syntheticSession(hold(9), { fps: FPS });
    const d = decideLiveness({ mode: 'PASSIVE', challenge: [], frames });
    expect(d.verdict).toBe('INCONCLUSIVE');
    expect(d.reasons).toEqual(['TOO_FEW_FRAMES']);
    expect(d.score).toBe(0);
    expect(decideLiveness({ mode: 'PASSIVE', challenge: [], frames: [] }).reasons).toEqual(['TOO_FEW_FRAMES']);
  });

  it('MULTIPLE_FACES when frames show two faces', () => {
    const frames = syntheticSession(inOrder, { fps: FPS }).map((f, i): LivenessFrameFeatures => (i % 3 === 0 ? { ...f, faceCount: 2, face: null } : f));
    const d = decideLiveness({ mode: 'ACTIVE', challenge, frames });
    expect(d.verdict).toBe('INCONCLUSIVE');
    expect(d.reasons).toContain('MULTIPLE_FACES');
    // Every frame with two faces: nothing left to judge either.
    const all = frames.map((f): LivenessFrameFeatures => ({ ...f, faceCount: 2, face: null }));
    expect(decideLiveness({ mode: 'PASSIVE', challenge: [], frames: all }).reasons).toEqual(['TOO_FEW_FRAMES', 'MULTIPLE_FACES']);
  });

  it('a stray second face in one frame is tolerated', () => {
    const frames = syntheticSession(inOrder, { fps: FPS }).map((f, i): LivenessFrameFeatures => (i === 20 ? { ...f, faceCount: 2, face: null } : f));
    expect(decideLiveness({ mode: 'ACTIVE', challenge, frames }).verdict).toBe('LIVE');
  });

  it('NO_FACE when most frames have none', () => {
    const frames = syntheticSession(hold(30), { fps: FPS }).map((f, i): LivenessFrameFeatures => (i > 5 ? { ...f, faceCount: 0, face: null } : f));
    expect(decideLiveness({ mode: 'PASSIVE', challenge: [], frames }).reasons).toEqual(['NO_FACE']);
  });

  it('LOW_FRAME_RATE below 10 fps', () => {
    const frames = syntheticSession(inOrder, { fps: 5 });
    const d = decideLiveness({ mode: 'ACTIVE', challenge, frames });
    expect(d.fps).toBeCloseTo(5, 0);
    expect(d.reasons).toContain('LOW_FRAME_RATE');
    expect(d.verdict).toBe('INCONCLUSIVE');
  });

  it('session reasons: REPLAYED_FRAMES forces SPOOF (score 0), TIMEOUT keeps it from LIVE', () => {
    const frames = syntheticSession(inOrder, { fps: FPS });
    const replayed = decideLiveness({ mode: 'ACTIVE', challenge, frames, sessionReasons: ['REPLAYED_FRAMES'] });
    expect(replayed.verdict).toBe('SPOOF');
    expect(replayed.reasons).toEqual(['REPLAYED_FRAMES']);
    expect(replayed.score).toBe(0);
    const late = decideLiveness({ mode: 'ACTIVE', challenge, frames, sessionReasons: ['TIMEOUT'] });
    expect(late.verdict).toBe('INCONCLUSIVE');
    expect(late.reasons).toEqual(['TIMEOUT']);
    expect(late.score).toBeLessThan(0.5);
  });

  it('frames arrive in any order and duplicates of a seq count once', () => {
    const frames = syntheticSession(inOrder, { fps: FPS });
    const shuffled = [...frames].reverse();
    const d = decideLiveness({ mode: 'ACTIVE', challenge, frames: [...shuffled, frames[3]!] });
    expect(d.verdict).toBe('LIVE');
    expect(d.framesUsed).toBe(frames.length);
  });

  it('PASSIVE: a natural blink without head motion is enough; no motion and no blink is not', () => {
    const still = syntheticSession(script(hold(20), blink, hold(20)), { fps: FPS });
    expect(decideLiveness({ mode: 'PASSIVE', challenge: [], frames: still }).verdict).toBe('LIVE');
    const statue = syntheticSession(hold(40), { fps: FPS });
    const d = decideLiveness({ mode: 'PASSIVE', challenge: [], frames: statue });
    expect(d.verdict).toBe('INCONCLUSIVE');
    expect(d.reasons).toEqual(['NO_BLINK', 'PARALLAX_UNCERTAIN']);
  });

  it('thresholds can be overridden', () => {
    const frames = syntheticSession(inOrder, { fps: FPS });
    // Demanding 80° turns: the 35° ones no longer count.
    const d = decideLiveness({ mode: 'ACTIVE', challenge, frames, thresholds: { turnYaw: 3, turnExitYaw: 2 } });
    expect(d.reasons).toEqual(['CHALLENGE_NOT_MET']);
  });
});
