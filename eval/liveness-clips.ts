/**
 * liveness-videos: every clip of face-videos sampled at 10-15 fps, each frame through the in-process
 * pipeline, the session decided in PASSIVE mode; blinks and turns found against the labels.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { EngineOptions } from '../inference-workers/engine/engine-options.ts';
import { disposeModels, loadModels, type LoadedModels } from '../inference-workers/engine/face-pipeline.ts';
import { decideLiveness } from '../src/liveness/decide.ts';
import { frameFeaturesFromResults, type LivenessStageResults } from '../src/liveness/features.ts';
import type { LivenessDecision, LivenessFrameFeatures, TurnDirection } from '../src/liveness/types.ts';
import { loadConfig, type Config } from '../src/config/config.ts';
import type { Stage } from '../src/pipeline/stages.ts';
import { datasetDir, spread } from './dataset-files.ts';
import { reportedConfig, type SectionContext } from './pipeline.ts';
import { fixed, printTable } from './table.ts';
import type { StageFinished } from '../inference-workers/engine/stage-results.ts';
import { analyzeFrameStages, engineOptionsFor } from './frame-analysis.ts';
import { extractFrames } from '../inference-workers/video/frame-stream.ts';

const livenessStages = ['DETECTION', 'LANDMARKS', 'QUALITY', 'ANTI_SPOOFING', 'RECOGNITION'] as const satisfies readonly Stage[];
/** Frames per clip at most: the 20-s clips get 10 fps over their first 15 s (their turns are within it). */
const maxFrames = 150;

const labelsSchema = z.object({
  clips: z.array(
    z.object({
      file: z.string(),
      liveness: z.string(),
      duration_s: z.number(),
      events: z.array(z.object({ type: z.string(), start_s: z.number(), end_s: z.number() })),
      annotated_event_types: z.array(z.string()),
    }),
  ),
});
type Clip = z.infer<typeof labelsSchema>['clips'][number];

/** 10-15 fps, as many as the frame cap allows over the whole clip (a blink lasts 2-6 frames at 10-15 fps). */
const sampleFps = (durationS: number): number => Math.min(15, Math.max(10, Math.floor(maxFrames / durationS)));

/** The configured engine limited to the liveness stages (and what they need), so only their models load. */
export const livenessEngineOptions = (config: Config): EngineOptions => engineOptionsFor(config, livenessStages);

/** Runs the liveness stages on one encoded image (JPEG, PNG, WebP); the per-stage results keyed by stage. */
export async function analyzeFrame(
  models: LoadedModels,
  image: Uint8Array,
  onStage: (event: StageFinished) => void = () => {},
): Promise<{ width: number; height: number; results: LivenessStageResults }> {
  return analyzeFrameStages(models, image, livenessStages, onStage);
}

/** A clip sampled at `fps` (at most `maxFrames`), each frame analysed and mapped to liveness features; seq = frame index. */
export async function clipFeatures(
  models: LoadedModels,
  path: string,
  sampling: { fps: number; maxFrames: number },
  onStage?: (event: StageFinished) => void,
): Promise<LivenessFrameFeatures[]> {
  const frames: LivenessFrameFeatures[] = [];
  for (const v of await extractFrames(path, sampling)) {
    const { width, height, results } = await analyzeFrame(models, v.jpeg, onStage);
    frames.push(frameFeaturesFromResults({ seq: v.index, timestampMs: v.timestampMs, width, height, results }));
  }
  return frames;
}

interface EventMatch {
  /** Labelled events inside the sampled span; null when the clip's labels do not cover this event type. */
  labelled: number | null;
  found: number;
  matched: number;
  /** Mean |found midpoint − labelled midpoint| of the matched ones, ms. */
  meanErrorMs: number | null;
}

/** Labelled intervals are good to ±0.1 s and a sampled frame may fall up to one interval outside: that much slack on each side. */
function matchEvents(
  found: readonly { startMs: number; endMs: number }[],
  labelled: readonly { startMs: number; endMs: number }[],
  slackMs: number,
  annotated: boolean,
): EventMatch {
  const used = new Set<number>();
  const errors: number[] = [];
  for (const l of labelled) {
    const i = found.findIndex((f, k) => !used.has(k) && f.startMs <= l.endMs + slackMs && f.endMs >= l.startMs - slackMs);
    if (i < 0) continue;
    used.add(i);
    const f = found[i]!;
    errors.push(Math.abs((f.startMs + f.endMs) / 2 - (l.startMs + l.endMs) / 2));
  }
  return {
    labelled: annotated ? labelled.length : null,
    found: found.length,
    matched: errors.length,
    meanErrorMs: errors.length ? errors.reduce((s, e) => s + e, 0) / errors.length : null,
  };
}

const showMatch = (m: EventMatch): string =>
  m.labelled === null
    ? `${m.found} / n.a.`
    : `${m.found} / ${m.labelled} (${m.matched} hit${m.meanErrorMs === null ? '' : `, ±${Math.round(m.meanErrorMs)} ms`})`;

export interface LivenessClipResult {
  file: string;
  liveness: string;
  fps: number;
  framesSampled: number;
  decision: Omit<LivenessDecision, 'blinks' | 'turns' | 'nods'> & { blinks: number; turns: string[]; nods: number };
  blinks: EventMatch;
  turns: Record<TurnDirection, EventMatch>;
}

export interface LivenessClipsReport {
  mode: 'PASSIVE';
  clips: LivenessClipResult[];
}

/**
 * The labels' turn_left / turn_right are image directions (the nose toward that image edge); ours are
 * the person's own, read off raw frames: the nose toward the image left is the person's own right.
 */
const turnOfLabel: Record<string, TurnDirection> = { turn_left: 'RIGHT', turn_right: 'LEFT' };

async function evaluateClip(models: LoadedModels, ctx: SectionContext, dir: string, clip: Clip): Promise<LivenessClipResult> {
  const fps = sampleFps(clip.duration_s);
  const frames = await clipFeatures(models, join(dir, clip.file), { fps, maxFrames }, (event) => ctx.timer.record(event));
  const d = decideLiveness({ mode: 'PASSIVE', challenge: [], frames });
  const first = frames[0]?.timestampMs ?? 0,
    last = frames[frames.length - 1]?.timestampMs ?? 0;
  const slackMs = 100 + 1000 / fps;
  // Only events the sampled span covers count as labelled.
  const labelled = (type: string) =>
    clip.events
      .filter((e) => e.type === type)
      .map((e) => ({ startMs: e.start_s * 1000, endMs: e.end_s * 1000 }))
      .filter((e) => e.endMs >= first && e.startMs <= last);
  const annotated = (type: string) => clip.annotated_event_types.includes(type);
  const turnMatch = (direction: TurnDirection): EventMatch => {
    const label = Object.keys(turnOfLabel).find((l) => turnOfLabel[l] === direction)!;
    return matchEvents(
      d.turns.filter((t) => t.direction === direction),
      labelled(label),
      slackMs,
      annotated(label),
    );
  };
  const { blinks, turns, nods, ...rest } = d;
  return {
    file: clip.file,
    liveness: clip.liveness,
    fps,
    framesSampled: frames.length,
    decision: { ...rest, blinks: blinks.length, turns: turns.map((t) => `${t.direction}@${(t.startMs / 1000).toFixed(1)}s`), nods: nods.length },
    blinks: matchEvents(blinks, labelled('blink'), slackMs, annotated('blink')),
    turns: { LEFT: turnMatch('LEFT'), RIGHT: turnMatch('RIGHT') },
  };
}

export async function evaluateLivenessClips(ctx: SectionContext): Promise<LivenessClipsReport> {
  const dir = datasetDir(ctx.datasetsDir, 'liveness-videos');
  const labels = labelsSchema.parse(JSON.parse(await readFile(join(dir, 'labels.json'), 'utf8')));
  const clips = spread(labels.clips, ctx.limit);
  const config = loadConfig();
  const options = livenessEngineOptions(config);
  const { detector, detectionTiles, recognitionFlip, files } = options;
  ctx.setups.push({ label: 'liveness-videos', config: reportedConfig(config), engine: { detector, detectionTiles, recognitionFlip, files } });
  const models = await loadModels(options);
  const results: LivenessClipResult[] = [];
  try {
    for (const clip of clips) results.push(await evaluateClip(models, ctx, dir, clip));
  } finally {
    await disposeModels(models);
  }
  const turnsCell = (r: LivenessClipResult): string => `L ${showMatch(r.turns.LEFT)}; R ${showMatch(r.turns.RIGHT)}`;
  printTable(
    `liveness-videos (${results.length} clips), PASSIVE; frames at 10-15 fps (at most ${maxFrames}); turns are the person's own (L = nose toward the image right = the labels' turn_right)`,
    ['clip', 'labelled', 'frames', 'verdict', 'reasons', 'blinks found / labelled', 'turns found / labelled', 'PAD', 'parallax (ratio)', 'min identity'],
    results.map((r) => {
      const d = r.decision;
      return [
        r.file.replace(/^videos\//, '').replace(/\.\w+$/, ''),
        r.liveness,
        `${d.framesUsed}/${r.framesSampled} @${r.fps}`,
        d.verdict,
        d.reasons.join(', ') || '-',
        showMatch(r.blinks),
        turnsCell(r),
        d.padScore === null ? 'n/a' : fixed(d.padScore),
        d.parallaxResidual === null ? 'n/a' : `${fixed(d.parallaxResidual)} (${fixed(d.parallaxRatio ?? Number.NaN, 1)})`,
        d.minIdentitySimilarity === null ? 'n/a' : fixed(d.minIdentitySimilarity),
      ];
    }),
  );
  return { mode: 'PASSIVE', clips: results };
}
