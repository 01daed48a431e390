// The issue's clip: photo A for 2 s then photo B for 2 s at 10 fps, made with ffmpeg, sampled back with ffmpeg,
// every frame through the real models, tracked: two tracks, the switch at 2.0 s within one frame interval.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeFrameFaces, clipFrameFaces, videoEngineOptions } from '../../eval/video-tracks.ts';
import { disposeModels, loadModels, type LoadedModels } from '../../inference-workers/engine/face-pipeline.ts';
import { loadConfig } from '../../src/config/config.ts';
import { cosineSimilarity } from '../../src/pipeline/similarity.ts';
import { trackFaces } from '../../src/video/tracker.ts';
import { requireFfmpeg } from '../support/ffmpeg.ts';
import { photoSwitchClip } from '../support/video-clips.ts';
import { MODELS_DIR, samplePath } from '../support/model-paths.ts';

const ffmpeg = requireFfmpeg('video tracks on a clip made from two photos');
const HAVE_MODELS = existsSync(MODELS_DIR);
if (!HAVE_MODELS) console.warn(`SKIPPED: video tracks on a clip made from two photos: models dir ${MODELS_DIR} not found (set MODELS_DIR).`);

const FPS = 10;
const INTERVAL_MS = 1000 / FPS;

describe.skipIf(!ffmpeg || !HAVE_MODELS)('a clip of photo A then photo B through the real pipeline', () => {
  let models: LoadedModels;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'video-tracks-'));
    models = await loadModels(videoEngineOptions(loadConfig({ LOG_LEVEL: 'silent' })));
  });
  afterAll(async () => {
    await disposeModels(models);
    await rm(dir, { recursive: true, force: true });
  });

  /** The embedding of the largest face of a photo, as enrolment would store it. */
  async function enrolled(file: string): Promise<number[]> {
    const frame = await analyzeFrameFaces(models, new Uint8Array(await readFile(samplePath(file))), { index: 0, timestampMs: 0 });
    const largest = [...frame.faces].sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height)[0];
    if (!largest?.embedding) throw new Error(`no face with an embedding in ${file}`);
    return largest.embedding;
  }

  it('gives exactly two tracks, the second starting at 2.0 s ± one frame interval, each nearest its own person', async () => {
    const clip = await photoSwitchClip(ffmpeg!, dir, 'id_obama_1.jpg', 'id_biden_2.jpg');
    const { frames } = await clipFrameFaces(models, clip, { fps: FPS, maxFrames: 60, ffmpeg: ffmpeg! });
    expect(frames.length).toBeGreaterThanOrEqual(38);
    expect(frames.filter((f) => f.faces.length === 1).length).toBeGreaterThanOrEqual(frames.length - 2);

    const tracks = trackFaces(frames);
    console.log(`A-then-B clip: ${frames.length} frames -> ${tracks.map((t) => `#${t.trackId} ${t.firstMs}-${t.lastMs} ms (${t.frames} frames)`).join(', ')}`);
    expect(tracks).toHaveLength(2);
    const [a, b] = tracks as [(typeof tracks)[0], (typeof tracks)[0]];
    expect(a.firstMs).toBeLessThanOrEqual(INTERVAL_MS);
    expect(Math.abs(b.firstMs - 2000)).toBeLessThanOrEqual(INTERVAL_MS);
    expect(a.lastMs).toBeLessThan(b.firstMs);
    expect(b.firstMs - a.lastMs).toBeLessThanOrEqual(INTERVAL_MS);

    // Identified against other photos of the two (a gallery of one photo each): each track is nearest its own person, above the threshold.
    const gallery = { obama: await enrolled('id_obama_2.jpg'), biden: await enrolled('id_biden_1.jpg') };
    const similarity = (t: typeof a, e: number[]) => cosineSimilarity(t.aggregates.meanEmbedding!, e);
    expect(similarity(a, gallery.obama)).toBeGreaterThanOrEqual(0.35);
    expect(similarity(a, gallery.obama)).toBeGreaterThan(similarity(a, gallery.biden));
    expect(similarity(b, gallery.biden)).toBeGreaterThanOrEqual(0.35);
    expect(similarity(b, gallery.biden)).toBeGreaterThan(similarity(b, gallery.obama));
  });
});
