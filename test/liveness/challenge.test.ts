import { describe, expect, it } from 'vitest';
import { drawChallenge, matchChallenge, type StepEvent } from '../../src/liveness/challenge.ts';
import { seededRandom } from './synthetic.ts';

describe('drawChallenge', () => {
  it('draws both turns and a blink in every one of the 6 orders', () => {
    const random = seededRandom(42);
    const orders = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const c = drawChallenge(random);
      expect([...c].sort()).toEqual(['BLINK', 'TURN_LEFT', 'TURN_RIGHT']);
      orders.add(c.join(','));
    }
    expect(orders.size).toBe(6);
  });
  it('adds a nod when asked, and survives a random() that returns 1', () => {
    expect([...drawChallenge(seededRandom(1), { nod: true })].sort()).toEqual(['BLINK', 'NOD', 'TURN_LEFT', 'TURN_RIGHT']);
    expect([...drawChallenge(() => 1)].sort()).toEqual(['BLINK', 'TURN_LEFT', 'TURN_RIGHT']);
  });
});

describe('matchChallenge', () => {
  const e = (step: StepEvent['step'], startMs: number): StepEvent => ({ step, startMs, endMs: startMs + 300 });
  it('matches the steps in order, each after the previous one', () => {
    const events = [e('BLINK', 100), e('TURN_LEFT', 500), e('TURN_RIGHT', 1500), e('BLINK', 2500)];
    expect(matchChallenge(['TURN_LEFT', 'TURN_RIGHT', 'BLINK'], events).completed).toEqual(['TURN_LEFT', 'TURN_RIGHT', 'BLINK']);
    // The blink before the turns does not count for a blink asked after them.
    expect(matchChallenge(['TURN_LEFT', 'BLINK', 'TURN_RIGHT'], events).completed).toEqual(['TURN_LEFT', 'BLINK']);
  });
  it('stops at the first step not done after the previous one', () => {
    const events = [e('TURN_RIGHT', 100), e('TURN_LEFT', 1000)];
    expect(matchChallenge(['TURN_LEFT', 'TURN_RIGHT'], events)).toEqual({ completed: ['TURN_LEFT'], events: [events[1]] });
    expect(matchChallenge([], events).completed).toEqual([]);
  });
});
