import { readFileSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.ts';
import type { EngineEvent, InferenceEngine } from '../../../src/pipeline/results.ts';
import { planStages } from '../../../inference-workers/stages/index.ts';
import { samplePath } from '../../support/model-paths.ts';
import { engineOptionsOf } from '../../../inference-workers/engine/engine-options.ts';
import { createThreadPoolEngine } from '../../../inference-workers/engine/thread-pool.engine.ts';

// A thread that dies (here: stopped from outside mid-image, as a native abort would) fails only its own
// image; a replacement loads the models and takes the images that were waiting, so the pool keeps its size.
describe('thread pool: a dead inference thread is replaced', () => {
  let engine: InferenceEngine;
  const ready: Worker[] = [];
  const deaths: Error[] = [];
  const image = readFileSync(samplePath('id_obama_1.jpg'));
  const STAGES = planStages(['RECOGNITION']);

  beforeAll(async () => {
    const config = loadConfig({ LOG_LEVEL: 'silent' });
    engine = await createThreadPoolEngine(engineOptionsOf(config), 1, { onThreadReady: (w) => ready.push(w), onThreadDeath: (e) => deaths.push(e) });
  });
  afterAll(async () => engine?.close());

  const analyze = (onEvent: (event: EngineEvent) => void = () => undefined): Promise<EngineEvent[]> => {
    const events: EngineEvent[] = [];
    return engine
      .analyze({ image: new Uint8Array(image), stages: STAGES }, (e) => {
        events.push(e);
        onEvent(e);
      })
      .then(() => events);
  };

  it('fails the image in flight, then runs the waiting image and later ones on the new thread', async () => {
    expect(ready).toHaveLength(1);
    const first = ready[0] as Worker;
    // Stop the only thread as soon as it reports its first event for the first image.
    const doomed = analyze((e) => {
      if (e.type === 'decoded') void first.terminate();
    });
    const waiting = analyze();
    await expect(doomed).rejects.toThrow(/inference thread exited/);
    const events = await waiting;
    expect(events.some((e) => e.type === 'stageFinished' && e.stage === 'RECOGNITION')).toBe(true);
    expect(deaths).toHaveLength(1);
    expect(ready).toHaveLength(2);
    expect(ready[1]).not.toBe(first);
    const again = await analyze();
    expect(again.filter((e) => e.type === 'stageFinished').map((e) => (e as { stage: string }).stage)).toEqual(STAGES);
  });
});
