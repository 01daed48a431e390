// The geometry tests: a 3-D mean face turning and blinking passes the blink, turn and parallax
// logic; the same face printed flat (z = 0) and moved as a hand moves a photo is refused as planar.
import { describe, expect, it } from 'vitest';
import { decideLiveness } from '../../src/liveness/decide.ts';
import { detectBlinks, eyeAspectRatio, eyeOpenness } from '../../src/liveness/eye-aspect.ts';
import { detectTurns, pitchProxy, yawProxy } from '../../src/liveness/head-turn.ts';
import { eye68 } from '../../src/liveness/landmarks.ts';
import { assessParallax, pairResidual } from '../../src/liveness/parallax.ts';
import { defaultLivenessThresholds as t } from '../../src/liveness/thresholds.ts';
import type { LivenessFrameFeatures } from '../../src/liveness/types.ts';
import { flattened, meanFace3d, project, withEyesClosed } from './mean-face-3d.ts';
import { fivePoints, hold, seededRandom, sweep, syntheticSession, type FramePose } from './synthetic.ts';

const FPS = 15;
/** 1 s frontal, a turn to the person's own left (+35°) and back, a turn to their right, 3 shut frames (200 ms at 15 fps), 0.7 s frontal. */
const liveScript: FramePose[] = [
  ...hold(15),
  ...sweep(35, 15).map((yaw) => ({ yaw })),
  ...hold(5),
  ...sweep(-35, 15).map((yaw) => ({ yaw })),
  ...hold(5),
  ...hold(3, { eyesClosed: true }),
  ...hold(10),
];
const blinkStartMs = Math.round((1000 * 55) / FPS);

/** 30 frames of a photo held and moved by hand: tilted up to ±40° about both axes, rolled, shifted and brought nearer and further. */
function heldPrint(seed: number): FramePose[] {
  const random = seededRandom(seed);
  const u = (a: number) => (2 * random() - 1) * a;
  return Array.from({ length: 30 }, () => ({ yaw: u(40), pitch: u(30), roll: u(15), shift: { x: u(40), y: u(40), z: u(80) } }));
}

const pointsOf = (frames: readonly LivenessFrameFeatures[]) =>
  frames.map((f) => ({ points: f.face?.landmarks68 ?? null, yaw: f.face ? yawProxy(f.face.landmarks5) : null }));

describe('yaw and pitch proxies on the mean face', () => {
  it('are 0 frontal, signed by direction, and separate turns from nods', () => {
    const at = (view: Parameters<typeof project>[1]) => fivePoints(project(meanFace3d, view));
    expect(yawProxy(at({}))!).toBeCloseTo(0, 6);
    // The person's own left in a raw frame moves the nose to the image right: positive.
    expect(yawProxy(at({ yaw: 30 }))!).toBeGreaterThan(t.turnYaw);
    expect(yawProxy(at({ yaw: -30 }))!).toBeLessThan(-t.turnYaw);
    // Natural sway stays well inside the turn threshold.
    expect(Math.abs(yawProxy(at({ yaw: 8 }))!)).toBeLessThan(0.5 * t.turnYaw);
    // Pitch barely moves the yaw proxy; 15° of pitch moves the pitch proxy past the nod threshold.
    expect(Math.abs(yawProxy(at({ pitch: 20 }))!)).toBeLessThan(1e-9);
    expect(pitchProxy(at({ pitch: 15 }))! - pitchProxy(at({}))!).toBeGreaterThan(t.nodPitch);
    expect(Math.abs(pitchProxy(at({ yaw: 30 }))! - pitchProxy(at({}))!)).toBeLessThan(t.nodExitPitch);
  });
  it('do not change when the face rolls', () => {
    const upright = fivePoints(project(meanFace3d, { yaw: 20 }));
    const rolled = fivePoints(project(meanFace3d, { yaw: 20, roll: 25 }));
    expect(yawProxy(rolled)!).toBeCloseTo(yawProxy(upright)!, 2);
  });
});

describe('eye aspect ratio', () => {
  it('is about 0.29 open and 0 shut on the mean face', () => {
    const open = project(meanFace3d);
    const shut = project(withEyesClosed(meanFace3d));
    expect(eyeAspectRatio(open, eye68.imageLeft)!).toBeCloseTo(0.29, 1);
    expect(eyeAspectRatio(shut, eye68.imageRight)!).toBeCloseTo(0, 6);
  });
  it('openness ignores a photo tilted toward the camera (foreshortening is not a blink)', () => {
    const flat = flattened(meanFace3d);
    const level = eyeOpenness(project(flat, { pivotZ: 0 }))!;
    const tilted = eyeOpenness(project(flat, { pivotZ: 0, pitch: 40 }))!;
    // EAR alone would drop by cos 40° = 0.77, nearly the 0.75 blink level; the vertical scale divides it out.
    expect(tilted / level).toBeGreaterThan(0.95);
  });
});

describe('a 3-D head turning both ways with a 3-frame blink at 15 fps', () => {
  for (const jitter of [0.005, 0.01, 0.02]) {
    it(`is accepted by the blink, turn and parallax logic (landmark jitter ${100 * jitter}% of the interocular distance)`, () => {
      const frames = syntheticSession(liveScript, { fps: FPS, jitter, seed: 11 });
      const blinks = detectBlinks(
        frames.map((f) => ({ timestampMs: f.timestampMs, openness: eyeOpenness(f.face!.landmarks68!) })),
        t,
      );
      expect(blinks).toHaveLength(1);
      expect(blinks[0]!.startMs).toBe(blinkStartMs);
      expect(blinks[0]!.endMs - blinks[0]!.startMs).toBeLessThanOrEqual(Math.round((2 * 1000) / FPS));

      const turns = detectTurns(
        frames.map((f) => ({ timestampMs: f.timestampMs, value: yawProxy(f.face!.landmarks5)! })),
        t,
      );
      expect(turns.map((e) => e.direction)).toEqual(['LEFT', 'RIGHT']);

      const parallax = assessParallax(pointsOf(frames), t);
      expect(parallax.nonPlanar).toBe(true);
      expect(parallax.planar).toBe(false);
      expect(parallax.ratio!).toBeGreaterThan(t.nonPlanarMinRatio);

      const active = decideLiveness({ mode: 'ACTIVE', challenge: ['TURN_LEFT', 'TURN_RIGHT', 'BLINK'], frames });
      expect(active.verdict).toBe('LIVE');
      expect(active.reasons).toEqual([]);
      expect(active.stepsCompleted).toEqual(['TURN_LEFT', 'TURN_RIGHT', 'BLINK']);
      expect(decideLiveness({ mode: 'PASSIVE', challenge: [], frames }).verdict).toBe('LIVE');
    });
  }
});

describe('a shut frame that comes with a jump of the head', () => {
  it('is not a blink (the nose and eye corners must hold still while the lids close)', () => {
    const jump = [...hold(15), { eyesClosed: true, yaw: 20, pitch: 10 }, ...hold(15)];
    const frames = syntheticSession(jump, { fps: FPS, jitter: 0.005, seed: 2 });
    expect(decideLiveness({ mode: 'PASSIVE', challenge: [], frames }).blinks).toEqual([]);
    const still = syntheticSession([...hold(15), { eyesClosed: true }, ...hold(15)], { fps: FPS, jitter: 0.005, seed: 2 });
    expect(decideLiveness({ mode: 'PASSIVE', challenge: [], frames: still }).blinks).toHaveLength(1);
  });
});

describe('its planar counterpart (a photo of the same face)', () => {
  it('leaves a homography residual at the jitter level however sharply it is warped', () => {
    const frames = syntheticSession(heldPrint(3), { flat: true, jitter: 0 });
    for (const f of frames.slice(1)) expect(pairResidual(frames[0]!.face!.landmarks68!, f.face!.landmarks68!)!.residual).toBeLessThan(1e-6);
    // The warps are sharp: the landmarks deform well past a similarity.
    const deformations = frames.slice(1).map((f) => pairResidual(frames[0]!.face!.landmarks68!, f.face!.landmarks68!)!.deformation);
    expect(Math.max(...deformations)).toBeGreaterThan(2 * t.parallaxMinDeformation);
  });

  for (const jitter of [0.005, 0.01]) {
    it(`held and moved by hand (30 frames), is refused: PLANAR_MOTION and NO_BLINK (jitter ${100 * jitter}%)`, () => {
      for (const seed of [3, 4, 5]) {
        const frames = syntheticSession(heldPrint(seed), { flat: true, jitter, seed });
        const parallax = assessParallax(pointsOf(frames), t);
        expect(parallax.planar).toBe(true);
        expect(parallax.ratio!).toBeLessThan(t.planarMaxRatio);
        const d = decideLiveness({ mode: 'PASSIVE', challenge: [], frames });
        expect(d.verdict).toBe('SPOOF');
        expect(d.reasons).toEqual(expect.arrayContaining(['PLANAR_MOTION', 'NO_BLINK']));
        expect(d.blinks).toEqual([]);
      }
    });
  }

  it('turned like a head (the same yaw sweeps) fakes no turn and is refused as planar', () => {
    const frames = syntheticSession(liveScript, { fps: FPS, jitter: 0.01, flat: true, seed: 11 });
    const d = decideLiveness({ mode: 'ACTIVE', challenge: ['TURN_LEFT', 'TURN_RIGHT', 'BLINK'], frames });
    expect(d.turns).toEqual([]);
    expect(d.verdict).toBe('SPOOF');
    expect(d.reasons).toEqual(expect.arrayContaining(['PLANAR_MOTION', 'CHALLENGE_NOT_MET']));
  });

  it('with jitter too large to judge is never LIVE', () => {
    const frames = syntheticSession(heldPrint(6), { flat: true, jitter: 0.03, seed: 6 });
    expect(decideLiveness({ mode: 'PASSIVE', challenge: [], frames }).verdict).not.toBe('LIVE');
  });
});
