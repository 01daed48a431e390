import { basename } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { FaceTrack, VideoAnalysisWithTracks, VideoStage } from '../../client/index.ts';
import { fileFromPath } from '../../client/node.ts';
import { fixed, NONE, renderTable } from '../format.ts';
import { UsageError, writeLine, type CommandContext } from '../io.ts';

/** Every VideoStage, checked against the schema's (a stage missing here, or one too many, fails to compile). */
const videoStageSet: Record<VideoStage, true> = {
  DETECTION: true,
  QUALITY: true,
  RECOGNITION: true,
  IDENTIFICATION: true,
  ANTI_SPOOFING: true,
  DEEPFAKE: true,
  AGE_GENDER: true,
};
const VIDEO_STAGES = Object.keys(videoStageSet) as VideoStage[];

interface VideoOptions {
  fps?: string;
  maxFrames?: string;
  stages?: string;
  json?: boolean;
}

function parseStages(value: string): VideoStage[] {
  const stages = value
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((s) => s.toUpperCase().replace(/-/g, '_'));
  const unknown = stages.filter((s) => !Object.hasOwn(videoStageSet, s));
  if (unknown.length > 0) throw new UsageError(`unknown video stage ${unknown.join(', ')} (video stages: ${VIDEO_STAGES.join(', ')})`);
  if (stages.length === 0) throw new UsageError('--stages names no stage');
  return stages as VideoStage[];
}

function positive(value: string | undefined, name: string, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) throw new UsageError(`${name} must be a positive ${integer ? 'integer' : 'number'}`);
  return n;
}

const seconds = (s: number): string => s.toFixed(2);

/** The table cells of one track: id, time span, frames, who, and the per-track verdicts (a dash where the stage did not run). */
function trackCells(track: FaceTrack): string[] {
  const id = track.identification;
  let who = NONE;
  if (id) {
    const similarity = id.similarity === null ? '' : ` (${fixed(id.similarity)})`;
    who = id.decision === 'MATCH' && id.person ? `${id.person.name}${similarity}` : `${id.decision}${similarity}`;
  }
  const age = track.ageGender?.age;
  return [
    String(track.trackId),
    `${seconds(track.firstSeconds)}–${seconds(track.lastSeconds)}`,
    String(track.frames),
    who,
    track.liveness ? `${track.liveness.verdict} ${fixed(track.liveness.liveScore)}` : NONE,
    track.deepfake ? `${track.deepfake.verdict} ${fixed(track.deepfake.score)}` : NONE,
    track.ageGender ? `${age === null || age === undefined ? '?' : Math.round(age)} ${track.ageGender.gender ?? '?'}` : NONE,
  ];
}

function summary(file: string, analysis: VideoAnalysisWithTracks): string {
  return (
    `${file}: ${analysis.durationSeconds.toFixed(1)} s, ${analysis.width}x${analysis.height}, ${analysis.framesDone} frame(s) at ${analysis.sampleFps} fps; ` +
    `${analysis.tracks.length} track(s); stages: ${analysis.stages.join(', ')}; id ${analysis.id}`
  );
}

export function registerVideo(program: Command, context: () => CommandContext): void {
  program
    .command('video')
    .description('analyse a video into face tracks: who appears when, with per-track liveness, deepfake and age/gender')
    .argument('<file>', 'a video (MP4, MOV, WebM, MKV, AVI, ...)')
    .option('--fps <n>', 'frames sampled per second (default: the server, VIDEO_DEFAULT_FPS)')
    .option('--max-frames <n>', 'at most this many frames over the whole video; the rate is lowered to fit (default: the server)')
    .option('--stages <stages>', `comma-separated video stages (default: all the server runs; ${VIDEO_STAGES.join(',')})`)
    .option('--json', 'print the analysis and its tracks as JSON only')
    .action(async (path: string, options: VideoOptions) => {
      const ctx = context();
      const sampleFps = positive(options.fps, '--fps', false);
      const maxFrames = positive(options.maxFrames, '--max-frames', true);
      const stages = options.stages === undefined ? undefined : parseStages(options.stages);
      const file = await fileFromPath(path).catch((error: unknown) => {
        throw new UsageError(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
      });

      // A bar only on a terminal: piped or redirected output gets the table alone.
      const bar =
        options.json || !ctx.io.stderr.isTTY
          ? null
          : new cliProgress.SingleBar(
              { stream: ctx.io.stderr, format: ' {file} [{bar}] {value}/{total} frames  {tracks} track(s)  {state}', hideCursor: true },
              cliProgress.Presets.shades_classic,
            );
      bar?.start(1, 0, { file: basename(path), tracks: 0, state: 'uploading' });
      let analysis: VideoAnalysisWithTracks;
      try {
        let tracks = 0;
        analysis = await ctx.client().analyzeVideoAndWait(file, {
          stages,
          sampleFps,
          maxFrames,
          signal: ctx.signal,
          onQueued: (queued) => {
            bar?.setTotal(queued.framesTotal);
            bar?.update(0, { state: 'queued' });
          },
          onProgress: (event) => {
            if (event.type === 'TRACK_FORMED') tracks++;
            if (event.type === 'STARTED') tracks = 0;
            bar?.setTotal(event.framesTotal);
            bar?.update(event.framesDone, { tracks, state: event.type === 'COMPLETED' ? 'done' : event.type === 'FAILED' ? 'failed' : 'analysing' });
          },
        });
      } finally {
        bar?.stop();
      }

      if (options.json) {
        writeLine(ctx.io.stdout, JSON.stringify({ file: path, ...analysis }, null, 2));
        return;
      }
      if (analysis.tracks.length === 0) writeLine(ctx.io.stdout, 'no face found');
      else
        writeLine(ctx.io.stdout, renderTable(['track', 'seconds', 'frames', 'person', 'liveness', 'deepfake', 'age/gender'], analysis.tracks.map(trackCells)));
      writeLine(ctx.io.stdout, `\n${summary(path, analysis)}`);
    });
}
