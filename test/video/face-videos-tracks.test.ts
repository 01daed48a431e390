// The clearest real clips of ../shared/datasets/face-videos through the real models and the tracker (the eval prints all eight):
// 06 shows two people side by side for the whole clip, 04 one person close up.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clipFrameFaces, videoEngineOptions } from '../../eval/video-tracks.ts';
import { disposeModels, loadModels, type LoadedModels } from '../../inference-workers/engine/face-pipeline.ts';
import { loadConfig } from '../../src/config/config.ts';
import { groupTracksByIdentity } from '../../src/video/identities.ts';
import { trackFaces } from '../../src/video/tracker.ts';
import { requireFfmpeg } from '../support/ffmpeg.ts';
import { MODELS_DIR } from '../support/model-paths.ts';
import { dataset } from '../support/paths.ts';

const ffmpeg = requireFfmpeg('video tracks on the face-videos clips');
const dir = ffmpeg ? dataset('face-videos') : null;
const HAVE_MODELS = existsSync(MODELS_DIR);
if (!HAVE_MODELS) console.warn(`SKIPPED: video tracks on the face-videos clips: models dir ${MODELS_DIR} not found (set MODELS_DIR).`);

describe.skipIf(!dir || !HAVE_MODELS)('face tracks of the face-videos clips', () => {
  let models: LoadedModels;
  beforeAll(async () => {
    models = await loadModels(videoEngineOptions(loadConfig({ LOG_LEVEL: 'silent' })));
  });
  afterAll(() => disposeModels(models));

  const track = async (file: string, fps: number, maxFrames: number) => {
    const { frames } = await clipFrameFaces(models, join(dir!, 'videos', file), { fps, maxFrames, ffmpeg: ffmpeg! });
    const tracks = trackFaces(frames);
    console.log(`${file}: ${frames.length} frames -> ${tracks.map((t) => `#${t.trackId} ${t.firstMs}-${t.lastMs} ms (${t.frames})`).join(', ')}`);
    return { frames, tracks };
  };

  it('06, two people in side-by-side webcam panes throughout: two tracks over the whole span, two identities', async () => {
    const { frames, tracks } = await track('06_two_people_videochat.mp4', 5, 30);
    expect(tracks).toHaveLength(2);
    for (const t of tracks) {
      expect(t.firstMs).toBe(frames[0]!.timestampMs);
      expect(t.lastMs).toBe(frames[frames.length - 1]!.timestampMs);
    }
    // The panes sit side by side: the two tracks never swap sides.
    const sides = tracks.map((t) => new Set(t.faces.map((f) => f.box.x + f.box.width / 2 < frames[0]!.width / 2)));
    expect(sides.map((s) => s.size)).toEqual([1, 1]);
    expect(groupTracksByIdentity(tracks, 0.5)).toHaveLength(2);
  });

  it('04, one person close up: one track', async () => {
    const { frames, tracks } = await track('04_live_selfie_blinks.mp4', 5, 30);
    expect(tracks).toHaveLength(1);
    expect(tracks[0]!.frames).toBeGreaterThanOrEqual(frames.length - 1);
    expect(tracks[0]!.aggregates.meanEmbedding).not.toBeNull();
  });
});
