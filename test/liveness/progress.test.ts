import { describe, expect, it } from 'vitest';
import { livenessProgress } from '../../src/liveness/progress.ts';
import { livenessHintDescriptions, livenessHints, type LivenessFrameFeatures } from '../../src/liveness/types.ts';
import { hold, sweep, syntheticSession } from './synthetic.ts';

const FPS = 15;
const challenge = ['TURN_LEFT', 'BLINK', 'TURN_RIGHT'] as const;
const progress = (frames: LivenessFrameFeatures[], mode: 'ACTIVE' | 'PASSIVE' = 'ACTIVE') =>
  livenessProgress({ challenge: mode === 'ACTIVE' ? challenge : [], mode, frames });
const frontal = () => syntheticSession(hold(12), { fps: FPS });
/** The last frame replaced. */
const withLast = (frames: LivenessFrameFeatures[], change: (f: LivenessFrameFeatures) => LivenessFrameFeatures) => [
  ...frames.slice(0, -1),
  change(frames[frames.length - 1]!),
];

describe('livenessProgress', () => {
  it('every hint has a description', () => {
    for (const h of livenessHints) expect(livenessHintDescriptions[h].length).toBeGreaterThan(10);
  });

  it('walks the challenge: the active step, how far it got, the steps done', () => {
    const frontalOnly = progress(frontal());
    expect(frontalOnly).toMatchObject({ faceState: 'ONE', activeStep: 'TURN_LEFT', activeStepIndex: 0, stepsCompleted: [], hints: [] });
    expect(frontalOnly.stepProgress).toBeLessThan(0.2);

    // Half way into the left turn: progress near 0.5 and a hint to turn further.
    const halfway = syntheticSession(
      [
        ...hold(12),
        ...sweep(24, 9)
          .slice(0, 3)
          .map((yaw) => ({ yaw })),
      ],
      { fps: FPS },
    );
    const p = progress(halfway);
    expect(p.activeStep).toBe('TURN_LEFT');
    expect(p.stepProgress).toBeGreaterThan(0.4);
    expect(p.stepProgress).toBeLessThan(1);
    expect(p.hints).toContain('TURN_FURTHER');

    const turned = syntheticSession([...hold(12), ...sweep(35, 15).map((yaw) => ({ yaw })), ...hold(5)], { fps: FPS });
    expect(progress(turned)).toMatchObject({ activeStep: 'BLINK', activeStepIndex: 1, stepsCompleted: ['TURN_LEFT'] });

    const closing = syntheticSession([...hold(12), ...sweep(35, 15).map((yaw) => ({ yaw })), ...hold(15), { eyesClosed: true }], { fps: FPS });
    expect(progress(closing).stepProgress).toBe(0.5);

    const blinked = syntheticSession([...hold(12), ...sweep(35, 15).map((yaw) => ({ yaw })), ...hold(15), ...hold(2, { eyesClosed: true }), ...hold(4)], {
      fps: FPS,
    });
    expect(progress(blinked)).toMatchObject({ activeStep: 'TURN_RIGHT', activeStepIndex: 2, stepsCompleted: ['TURN_LEFT', 'BLINK'] });

    const done = syntheticSession(
      [
        ...hold(12),
        ...sweep(35, 15).map((yaw) => ({ yaw })),
        ...hold(15),
        ...hold(2, { eyesClosed: true }),
        ...hold(4),
        ...sweep(-35, 15).map((yaw) => ({ yaw })),
      ],
      { fps: FPS },
    );
    expect(progress(done)).toMatchObject({ activeStep: null, activeStepIndex: 3, stepProgress: 1, stepsCompleted: ['TURN_LEFT', 'BLINK', 'TURN_RIGHT'] });
  });

  it('turned the wrong way: FACE_THE_CAMERA, no progress', () => {
    const wrong = syntheticSession([...hold(12), ...hold(3, { yaw: -35 })], { fps: FPS });
    const p = progress(wrong);
    expect(p.stepProgress).toBe(0);
    expect(p.hints).toEqual(['FACE_THE_CAMERA']);
  });

  it('NO_FACE and ONE_FACE_ONLY from the latest frame', () => {
    const none = progress(withLast(frontal(), (f) => ({ ...f, faceCount: 0, face: null })));
    expect(none).toMatchObject({ faceState: 'NONE', hints: ['NO_FACE'] });
    const two = progress(withLast(frontal(), (f) => ({ ...f, faceCount: 2, face: null })));
    expect(two).toMatchObject({ faceState: 'SEVERAL', hints: ['ONE_FACE_ONLY'] });
    expect(progress([])).toMatchObject({ faceState: 'NONE', hints: ['NO_FACE'], activeStep: 'TURN_LEFT' });
  });

  it('MOVE_CLOSER, MOVE_BACK and MORE_LIGHT from the face box and brightness', () => {
    const small = progress(withLast(frontal(), (f) => ({ ...f, width: 1920, height: 1080 })));
    expect(small.hints).toEqual(['MOVE_CLOSER']);
    const big = progress(withLast(frontal(), (f) => ({ ...f, width: 240, height: 320 })));
    expect(big.hints).toEqual(['MOVE_BACK']);
    const dark = progress(withLast(frontal(), (f) => ({ ...f, brightness: 0.1 })));
    expect(dark.hints).toEqual(['MORE_LIGHT']);
  });

  it('HOLD_STILL when the face jumps between frames', () => {
    const moving = syntheticSession([...hold(11), { shift: { x: 0, y: 120, z: 0 } }], { fps: FPS });
    expect(progress(moving).hints).toEqual(['HOLD_STILL']);
  });

  it('PASSIVE: no steps; progress for the frames and for a blink or a turn', () => {
    const few = progress(syntheticSession(hold(5), { fps: FPS }), 'PASSIVE');
    expect(few).toMatchObject({ activeStep: null, activeStepIndex: 0, stepsCompleted: [] });
    expect(few.stepProgress).toBeCloseTo(0.25, 6);
    expect(progress(frontal(), 'PASSIVE').stepProgress).toBe(0.5);
    const blinked = syntheticSession([...hold(12), ...hold(2, { eyesClosed: true }), ...hold(4)], { fps: FPS });
    expect(progress(blinked, 'PASSIVE').stepProgress).toBe(1);
  });
});
