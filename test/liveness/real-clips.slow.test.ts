// The real-video check at the decision level: clips of ../shared/datasets/face-videos sampled at
// 10-15 fps, every frame through the real models, decided in PASSIVE mode. (The eval prints all eight.)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clipFeatures, livenessEngineOptions } from '../../eval/liveness-clips.ts';
import { disposeModels, loadModels, type LoadedModels } from '../../inference-workers/engine/face-pipeline.ts';
import { loadConfig } from '../../src/config/config.ts';
import { decideLiveness } from '../../src/liveness/decide.ts';
import { MODELS_DIR } from '../support/model-paths.ts';
import { dataset } from '../support/paths.ts';

const FFMPEG = 'ffmpeg';
const dir = dataset('face-videos');
const runnable = dir !== null && existsSync(MODELS_DIR) && spawnSync(FFMPEG, ['-version']).status === 0;

describe.skipIf(!runnable)('face-videos clips in PASSIVE mode', () => {
  let models: LoadedModels;
  beforeAll(async () => {
    models = await loadModels(livenessEngineOptions(loadConfig({ LOG_LEVEL: 'silent' })));
  });
  afterAll(() => disposeModels(models));
  const decide = async (file: string, fps: number, maxFrames: number) =>
    decideLiveness({ mode: 'PASSIVE', challenge: [], frames: await clipFeatures(models, join(dir!, 'videos', file), { fps, maxFrames }) });

  it('the live blink clip (04) is LIVE, with blinks found', async () => {
    const d = await decide('04_live_selfie_blinks.mp4', 12, 140);
    expect(d.verdict).toBe('LIVE');
    expect(d.blinks.length).toBeGreaterThanOrEqual(1);
    expect(d.referenceSeq).not.toBeNull();
  });

  it('the screen replay (02) is not LIVE', async () => {
    // Its first 10 s hold the replayed turns.
    const d = await decide('02_spoof_replay_headturns.mp4', 10, 100);
    expect(d.verdict).not.toBe('LIVE');
    expect(d.reasons).toContain('PAD_FAILED');
  });
});
