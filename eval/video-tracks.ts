/**
 * video-tracks: every clip of face-videos sampled at 5-10 fps, each frame through the in-process
 * pipeline, the faces tracked; tracks, identities and shot-cut track starts against the labels.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { EngineOptions } from '../inference-workers/engine/engine-options.ts';
import { disposeModels, loadModels, type LoadedModels } from '../inference-workers/engine/face-pipeline.ts';
import { loadConfig, type Config } from '../src/config/config.ts';
import type { Stage } from '../src/pipeline/stages.ts';
import { frameFacesFromResults } from '../src/video/frame-faces.ts';
import { groupTracksByIdentity } from '../src/video/identities.ts';
import { trackFaces, type TrackerOptions } from '../src/video/tracker.ts';
import type { FaceTrack, VideoFrameFaces } from '../src/video/types.ts';
import { datasetDir, spread } from './dataset-files.ts';
import { reportedConfig, type SectionContext } from './pipeline.ts';
import { fixed, printTable } from './table.ts';
import type { StageFinished } from '../inference-workers/engine/stage-results.ts';
import { analyzeFrameStages, engineOptionsFor } from './frame-analysis.ts';
import { extractFrames } from '../inference-workers/video/frame-stream.ts';

const videoStages = ['DETECTION', 'QUALITY', 'RECOGNITION', 'ANTI_SPOOFING', 'DEEPFAKE', 'AGE_GENDER'] as const satisfies readonly Stage[];

/** Sampling of the eval, with why. */
const sampling = {
  /** Frames per clip at most: the 2.6-s clips get 10 fps, the 10-20-s ones 5 fps over their first 12 s. */
  maxFrames: 60,
  /** 5 fps at least: a shot cut is then found within 200 ms. */
  minFps: 5,
  /** 10 fps at most: the tracker needs no more, and the pipeline time grows with each frame. */
  maxFps: 10,
} as const;

/** What the table counts, with why. */
const counting = {
  /** Tracks whose mean embeddings are all this similar are one identity: the tracker's re-link threshold (no LFW impostor pair near it). */
  identitySimilarity: 0.5,
  /** Labelled cut times are good to ±0.1 s, and the first frame after a cut is up to one interval later: this much slack plus one interval. */
  cutSlackMs: 100,
} as const;

const labelsSchema = z.object({
  clips: z.array(
    z.object({
      file: z.string(),
      duration_s: z.number(),
      people: z.number(),
      kind: z.string(),
      pair_id: z.string().optional(),
      events: z.array(z.object({ type: z.string(), start_s: z.number(), end_s: z.number() })),
      annotated_event_types: z.array(z.string()),
    }),
  ),
});
type Clip = z.infer<typeof labelsSchema>['clips'][number];

const sampleFps = (durationS: number): number => Math.min(sampling.maxFps, Math.max(sampling.minFps, Math.floor(sampling.maxFrames / durationS)));

/** The configured engine limited to the video stages (and what they need), so only their models load. */
export const videoEngineOptions = (config: Config): EngineOptions => engineOptionsFor(config, videoStages);

/** One encoded image (JPEG, PNG, WebP) through the video stages, as the tracker's frame. */
export async function analyzeFrameFaces(
  models: LoadedModels,
  image: Uint8Array,
  at: { index: number; timestampMs: number },
  onStage: (event: StageFinished) => void = () => {},
): Promise<VideoFrameFaces> {
  return frameFacesFromResults({ ...at, ...(await analyzeFrameStages(models, image, videoStages, onStage)) });
}

/** A clip sampled by ffmpeg, each frame through the pipeline; the time spent in the pipeline alone. */
export async function clipFrameFaces(
  models: LoadedModels,
  path: string,
  options: { fps: number; maxFrames: number; ffmpeg?: string },
  onStage?: (event: StageFinished) => void,
): Promise<{ frames: VideoFrameFaces[]; pipelineMs: number }> {
  const frames: VideoFrameFaces[] = [];
  let pipelineMs = 0;
  for (const v of await extractFrames(path, options)) {
    const started = performance.now();
    frames.push(await analyzeFrameFaces(models, v.jpeg, { index: v.index, timestampMs: v.timestampMs }, onStage));
    pipelineMs += performance.now() - started;
  }
  return { frames, pipelineMs };
}

interface CutMatch {
  labelledS: number;
  /** Start of the nearest track after the cut within the slack; null: none. */
  foundS: number | null;
}

export interface VideoTrackClipResult {
  file: string;
  people: number;
  fps: number;
  framesSampled: number;
  framesWithFaces: number;
  tracks: number;
  identities: number;
  /** null when person_change was not annotated for this clip. */
  cuts: CutMatch[] | null;
  /** Track starts after the first frame that match no labelled cut (people entering, tracks broken). */
  otherStarts: number;
  deepfake: { trackId: number; frames: number; score: number | null; strategy: string | null; verdict: string | null }[];
  pipelineFps: number;
}

export interface VideoTracksReport {
  clips: VideoTrackClipResult[];
  /** Frames per second of the per-frame pipeline over all clips. */
  pipelineFps: number;
}

/** Each labelled cut inside the sampled span against the first track start at or after it (within the slack). */
function matchCuts(
  clip: Clip,
  starts: readonly number[],
  span: { first: number; last: number },
  intervalMs: number,
): { cuts: CutMatch[] | null; otherStarts: number } {
  const slack = counting.cutSlackMs + intervalMs;
  const labelled = clip.events.filter((e) => e.type === 'person_change' && e.start_s * 1000 > span.first && e.start_s * 1000 <= span.last);
  const used = new Set<number>();
  const cuts = labelled.map((e): CutMatch => {
    const at = e.start_s * 1000;
    const i = starts.findIndex((s, k) => !used.has(k) && s >= at - counting.cutSlackMs && s <= at + slack);
    if (i >= 0) used.add(i);
    return { labelledS: e.start_s, foundS: i >= 0 ? starts[i]! / 1000 : null };
  });
  return { cuts: clip.annotated_event_types.includes('person_change') ? cuts : null, otherStarts: starts.length - used.size };
}

async function evaluateClip(models: LoadedModels, ctx: SectionContext, dir: string, clip: Clip, tracker: TrackerOptions): Promise<VideoTrackClipResult> {
  const fps = sampleFps(clip.duration_s);
  const { frames, pipelineMs } = await clipFrameFaces(models, join(dir, clip.file), { fps, maxFrames: sampling.maxFrames }, (e) => ctx.timer.record(e));
  const tracks: FaceTrack[] = trackFaces(frames, tracker);
  const span = { first: frames[0]?.timestampMs ?? 0, last: frames[frames.length - 1]?.timestampMs ?? 0 };
  const starts = tracks
    .map((t) => t.firstMs)
    .filter((ms) => ms > span.first)
    .sort((a, b) => a - b);
  return {
    file: clip.file,
    people: clip.people,
    fps,
    framesSampled: frames.length,
    framesWithFaces: frames.filter((f) => f.faces.length > 0).length,
    tracks: tracks.length,
    identities: groupTracksByIdentity(tracks, counting.identitySimilarity).length,
    ...matchCuts(clip, starts, span, 1000 / fps),
    deepfake: tracks.map((t) => ({
      trackId: t.trackId,
      frames: t.frames,
      score: t.aggregates.deepfakeScore,
      strategy: t.aggregates.deepfakeStrategy,
      verdict: t.aggregates.deepfakeVerdict ?? null,
    })),
    pipelineFps: pipelineMs > 0 ? (1000 * frames.length) / pipelineMs : Number.NaN,
  };
}

const showCuts = (r: VideoTrackClipResult): string => {
  if (r.cuts === null) return 'n.a.';
  if (r.cuts.length === 0) return 'none';
  return r.cuts
    .map(
      (c) =>
        `${c.labelledS.toFixed(2)}→${c.foundS === null ? 'missed' : `${c.foundS.toFixed(2)} (${Math.round(1000 * (c.foundS - c.labelledS)) >= 0 ? '+' : ''}${Math.round(1000 * (c.foundS - c.labelledS))} ms)`}`,
    )
    .join('; ');
};

const showDeepfake = (r: VideoTrackClipResult): string =>
  r.deepfake.map((d) => `#${d.trackId} ${d.score === null ? 'n/a' : fixed(d.score)} ${d.verdict ?? ''} (${d.strategy ?? '-'}, ${d.frames} fr)`).join('; ') ||
  '-';

export async function evaluateVideoTracks(ctx: SectionContext): Promise<VideoTracksReport> {
  const dir = datasetDir(ctx.datasetsDir, 'video-tracks');
  const labels = labelsSchema.parse(JSON.parse(await readFile(join(dir, 'labels.json'), 'utf8')));
  const clips = spread(labels.clips, ctx.limit);
  const config = loadConfig();
  const options = videoEngineOptions(config);
  const { detector, detectionTiles, recognitionFlip, files } = options;
  ctx.setups.push({ label: 'video-tracks', config: reportedConfig(config), engine: { detector, detectionTiles, recognitionFlip, files } });
  const tracker: TrackerOptions = { verdict: { fakeAt: config.DEEPFAKE_FAKE_AT, realBelow: config.DEEPFAKE_REAL_BELOW } };
  // The deepfake column is for the clips of a real/fake pair: elsewhere there is nothing to compare a score with.
  const pairsWithFake = new Set(labels.clips.filter((c) => c.kind === 'fake' && c.pair_id).map((c) => c.pair_id));
  const models = await loadModels(options);
  const results: VideoTrackClipResult[] = [];
  try {
    for (const clip of clips) results.push(await evaluateClip(models, ctx, dir, clip, tracker));
  } finally {
    await disposeModels(models);
  }
  const totalFrames = results.reduce((s, r) => s + r.framesSampled, 0);
  const totalS = results.reduce((s, r) => s + (Number.isFinite(r.pipelineFps) && r.pipelineFps > 0 ? r.framesSampled / r.pipelineFps : 0), 0);
  const pipelineFps = totalS > 0 ? totalFrames / totalS : Number.NaN;
  printTable(
    `video-tracks (${results.length} clips), frames at ${sampling.minFps}-${sampling.maxFps} fps (at most ${sampling.maxFrames}); stages ${videoStages.join(', ')}; ` +
      `identities = tracks grouped at mean-embedding cosine >= ${counting.identitySimilarity} (complete linkage); per-frame pipeline ${fixed(pipelineFps, 1)} frames/s overall`,
    ['clip', 'people', 'frames', 'tracks', 'identities', 'person_change labelled→track start', 'other starts', 'deepfake per track (pairs)', 'frames/s'],
    results.map((r) => {
      const clip = labels.clips.find((c) => c.file === r.file);
      return [
        r.file.replace(/^videos\//, '').replace(/\.\w+$/, ''),
        r.people,
        `${r.framesWithFaces}/${r.framesSampled} @${r.fps}`,
        r.tracks,
        r.identities,
        showCuts(r),
        r.otherStarts,
        clip?.pair_id && pairsWithFake.has(clip.pair_id) ? `${clip.kind}: ${showDeepfake(r)}` : '',
        fixed(r.pipelineFps, 1),
      ];
    }),
  );
  return { clips: results, pipelineFps };
}
