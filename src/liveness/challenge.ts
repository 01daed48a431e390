/** Drawing a challenge, and matching the events a session showed against it in order. */
import type { LivenessStep } from './types.ts';

/**
 * Both turns and a blink (and a nod when asked) in a random order: a replayed recording matches only
 * if it happens to show them in this order, 1 time in 6 (24 with the nod).
 */
export function drawChallenge(random: () => number, options: { nod?: boolean } = {}): LivenessStep[] {
  const steps: LivenessStep[] = ['TURN_LEFT', 'TURN_RIGHT', 'BLINK', ...(options.nod ? (['NOD'] as const) : [])];
  // Fisher-Yates; the clamp keeps a random() that returns 1 inside the array.
  for (let i = steps.length - 1; i > 0; i--) {
    const j = Math.min(i, Math.floor(random() * (i + 1)));
    [steps[i], steps[j]] = [steps[j]!, steps[i]!];
  }
  return steps;
}

export interface StepEvent {
  step: LivenessStep;
  startMs: number;
  endMs: number;
}

export interface ChallengeMatch {
  /** The challenge's leading steps done in order. */
  completed: LivenessStep[];
  /** The event that did each completed step. */
  events: StepEvent[];
}

/**
 * Greedy in-order matching: each step takes the earliest event of its kind that starts after the
 * previous step's event started. Taking the earliest never loses a later match, so this finds the
 * longest completed prefix.
 */
export function matchChallenge(challenge: readonly LivenessStep[], events: readonly StepEvent[]): ChallengeMatch {
  const sorted = [...events].sort((a, b) => a.startMs - b.startMs);
  const match: ChallengeMatch = { completed: [], events: [] };
  let after = Number.NEGATIVE_INFINITY;
  for (const step of challenge) {
    const event = sorted.find((e) => e.step === step && e.startMs > after);
    if (!event) break;
    match.completed.push(step);
    match.events.push(event);
    after = event.startMs;
  }
  return match;
}
