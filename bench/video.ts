// npm run bench:video [-- --clip path ... --clips N --fps F --max-frames M --runs R --library-frames K]: video analysis
// through the API (embedded mode): each clip uploaded with analyzeVideo, followed over videoProgress until
// COMPLETED; frames/s of the worker next to the models' bound on the same frames, measured in the same run.
// Clips: the N longest of face-videos (DATASETS_DIR), else photo A then photo B made with ffmpeg in a temp dir.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createClient, type Client } from 'graphql-ws';
import { WebSocket } from 'ws';
import { engineOptionsOf } from '../inference-workers/engine/engine-options.ts';
import { disposeModels, loadModels, runFacePipeline } from '../inference-workers/engine/face-pipeline.ts';
import { ort } from '../inference-workers/onnx/session.ts';
import { streamFrames, type VideoFrame } from '../inference-workers/video/frame-stream.ts';
import { videoStages } from '../src/analysis/video-analyses.ts';
import { loadConfig } from '../src/config/config.ts';
import type { Stage } from '../src/pipeline/stages.ts';
import { engineOptionsFor } from '../eval/frame-analysis.ts';
import { datasetDir, spread } from '../eval/dataset-files.ts';
import { requireFfmpeg } from '../test/support/ffmpeg.ts';
import { gql, upload } from '../test/support/graphql-client.ts';
import { startTestApp } from '../test/support/test-app.ts';
import { photoSwitchClip } from '../test/support/video-clips.ts';
import { timeModelsOnly } from './model-only.ts';
import { fmt, THROUGHPUT_GOAL } from './stats.ts';

const { values: args } = parseArgs({
  options: {
    clip: { type: 'string', multiple: true },
    clips: { type: 'string', default: '3' },
    fps: { type: 'string', default: '10' },
    'max-frames': { type: 'string', default: '300' },
    runs: { type: 'string', default: '30' },
    // Frames per clip (spread over it) run through the pipeline in this thread with session.run timed.
    'library-frames': { type: 'string', default: '30' },
  },
});
const sampleFps = Number(args.fps);
const maxFrames = Number(args['max-frames']);
const runs = Number(args.runs);
const libraryFrames = Number(args['library-frames']);

const config = loadConfig({ LOG_LEVEL: 'silent' });
// Missing ffmpeg: requireFfmpeg has said so.
const ffmpeg = requireFfmpeg('bench:video') ?? process.exit(1);

// 1. The clips.
const tmp = mkdtempSync(join(tmpdir(), 'facesocial-bench-video-'));
interface ClipFile {
  path: string;
  name: string;
}
async function chooseClips(): Promise<{ dataset: string; clips: ClipFile[] }> {
  if (args.clip?.length) return { dataset: 'custom', clips: args.clip.map((path) => ({ path, name: basename(path) })) };
  const dir = datasetDir(config.DATASETS_DIR, 'video-tracks');
  const labels = join(dir, 'labels.json');
  if (existsSync(labels)) {
    const { clips } = JSON.parse(readFileSync(labels, 'utf8')) as { clips: { file: string; duration_s: number }[] };
    const longest = clips
      .filter((c) => existsSync(join(dir, c.file)))
      .sort((a, b) => b.duration_s - a.duration_s)
      .slice(0, Number(args.clips));
    if (longest.length) return { dataset: 'face-videos', clips: longest.map((c) => ({ path: join(dir, c.file), name: basename(c.file) })) };
  }
  const path = await photoSwitchClip(ffmpeg, tmp, 'id_obama_1.jpg', 'id_biden_2.jpg');
  return { dataset: 'photoSwitchClip (id_obama_1 then id_biden_2, 640x480)', clips: [{ path, name: basename(path) }] };
}
const { dataset, clips } = await chooseClips();

// The stages the worker runs on each frame: all video stages, planned as analyzeVideo plans them (IDENTIFICATION is per track, on the host).
const available = engineOptionsOf(config);
const libraryOptions = engineOptionsFor(config, videoStages);
const frameStages: Stage[] = libraryOptions.stages;
const threads = config.INFERENCE_THREADS;
// Inference threads that can run side by side on these cores at ORT_INTRA_OP_THREADS each.
const parallel = Math.max(1, Math.min(threads, Math.floor(cpus().length / available.intraOpThreads)));

console.log(
  `bench:video: ${dataset}: ${clips.map((c) => c.name).join(', ')}; sampleFps ${sampleFps}, maxFrames ${maxFrames}; ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`,
);
console.log(
  `profile ${config.MODEL_PROFILE}, detector ${available.detector} (tiles ${available.detectionTiles}), INFERENCE_THREADS ${threads} × ORT intra-op threads ${available.intraOpThreads}, frames at most ${config.VIDEO_FRAME_MAX_SIDE} px (VIDEO_FRAME_MAX_SIDE)`,
);
console.log(`frame stages ${frameStages.join(', ')} (+ IDENTIFICATION per track)`);
// Anything else on these cores shows in every figure below.
const loadAtStart = loadavg()[0] ?? 0;
console.log(`load average (1 min) at start ${fmt(loadAtStart, 2)}\n`);

// 2. The models alone, as bench:pipeline measures them: median session.run per model on a ready-made tensor.
const models = await timeModelsOnly(libraryOptions, runs);
const isolatedMs = new Map<string, number>();
for (const m of models) if (!isolatedMs.has(m.file)) isolatedMs.set(m.file, m.ms);
const oneFaceBoundMs = models.reduce((s, m) => s + m.ms, 0);

// 3. Through the API: the real embedded app, each clip uploaded, followed until COMPLETED.
const analyzeQuery = /* GraphQL */ `
  mutation ($video: File!, $sampleFps: Float, $maxFrames: Int, $stages: [VideoStage!]) {
    analyzeVideo(video: $video, sampleFps: $sampleFps, maxFrames: $maxFrames, stages: $stages) {
      id
      sampleFps
      framesTotal
      durationSeconds
      stages
      width
      height
    }
  }
`;
const progressQuery = 'subscription($id: ID!) { videoProgress(id: $id) { type framesDone at } }';
const analysisQuery = 'query($id: ID!) { videoAnalysis(id: $id) { status framesDone trackCount startedAt completedAt } }';

interface ApiRun {
  clip: ClipFile;
  bytes: number;
  width: number;
  height: number;
  sampleFps: number;
  frames: number;
  tracks: number;
  uploadMs: number;
  wallMs: number;
  workerMs: number;
  mainBusyMs: number;
}

async function untilEnded(ws: Client, id: string): Promise<{ completedAt: number | null }> {
  let first = true;
  for await (const result of ws.iterate<{ videoProgress: { type: string; at: string } }>({ query: progressQuery, variables: { id } })) {
    const event = result.data?.videoProgress;
    if (!event) throw new Error(`videoProgress: ${JSON.stringify(result.errors)}`);
    if (event.type === 'FAILED') throw new Error(`video analysis ${id} failed`);
    // The subscription's first event is where the analysis is now, stamped now: only a live COMPLETED has its time.
    if (event.type === 'COMPLETED') return { completedAt: first ? null : Date.parse(event.at) };
    first = false;
  }
  throw new Error(`videoProgress of ${id} ended without COMPLETED`);
}

async function analyze(url: string, ws: Client, clip: ClipFile, frames = maxFrames): Promise<ApiRun> {
  const bytes = new Uint8Array(readFileSync(clip.path));
  const elu = performance.eventLoopUtilization();
  const started = performance.now();
  const sent = await upload<{ analyzeVideo: { id: string; sampleFps: number; framesTotal: number; stages: string[]; width: number; height: number } }>(
    url,
    analyzeQuery,
    { video: { bytes, name: clip.name, type: clip.name.endsWith('.webm') ? 'video/webm' : 'video/mp4' } },
    { sampleFps, maxFrames: frames, stages: videoStages },
  );
  const uploadMs = performance.now() - started;
  const created = sent.body.data?.analyzeVideo;
  if (!created) throw new Error(`analyzeVideo ${clip.name}: ${JSON.stringify(sent.body.errors)}`);
  // The library pass below must run what the worker runs on each frame.
  const workerStages = created.stages.filter((s) => s !== 'IDENTIFICATION').join(',');
  if (workerStages !== frameStages.join(',')) throw new Error(`the worker runs ${workerStages}, the library pass ${frameStages.join(',')}`);
  const { completedAt } = await untilEnded(ws, created.id);
  const wallMs = performance.now() - started;
  const mainBusyMs = performance.eventLoopUtilization(elu).active;
  const { data } = await gql<{ videoAnalysis: { status: string; framesDone: number; trackCount: number; startedAt: string; completedAt: string } }>(
    url,
    analysisQuery,
    { id: created.id },
  );
  const stored = data?.videoAnalysis;
  if (stored?.status !== 'COMPLETED') throw new Error(`video analysis ${created.id}: ${JSON.stringify(stored)}`);
  return {
    clip,
    bytes: bytes.length,
    width: created.width,
    height: created.height,
    sampleFps: created.sampleFps,
    frames: stored.framesDone,
    tracks: stored.trackCount,
    uploadMs,
    wallMs,
    workerMs: (completedAt ?? Date.parse(stored.completedAt)) - Date.parse(stored.startedAt),
    mainBusyMs,
  };
}

const app = await startTestApp({ LOG_LEVEL: 'silent' });
const ws = createClient({ url: app.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
const apiRuns: ApiRun[] = [];
try {
  await analyze(app.url, ws, clips[0]!, 5); // warm-up: the first frames through the app's inference thread and its database
  for (const clip of clips) apiRuns.push(await analyze(app.url, ws, clip));
} finally {
  await ws.dispose();
  await app.stop();
}

// 4. Per clip, in this thread: ffmpeg decoding alone (streamFrames over the whole clip, as the worker samples it),
//    then a spread of those frames through the same pipeline with every session.run counted and timed per model file.
interface SessionCall {
  file: string;
  calls: number;
  ms: number;
}
const sessionFiles = new WeakMap<object, string>();
const calls = new Map<string, SessionCall>();
let counting = false;
const factory = ort.InferenceSession as unknown as { create: (...a: unknown[]) => Promise<object>; prototype: { run: (...a: unknown[]) => Promise<unknown> } };
const create = factory.create.bind(factory);
factory.create = async (...a: unknown[]) => {
  const session = await create(...a);
  if (typeof a[0] === 'string') sessionFiles.set(session, basename(a[0]));
  return session;
};
const run = factory.prototype.run;
factory.prototype.run = async function (this: object, ...a: unknown[]) {
  if (!counting) return run.apply(this, a);
  const file = sessionFiles.get(this) ?? '?';
  const t = performance.now();
  try {
    return await run.apply(this, a);
  } finally {
    const entry = calls.get(file) ?? { file, calls: 0, ms: 0 };
    entry.calls++;
    entry.ms += performance.now() - t;
    calls.set(file, entry);
  }
};

interface Offline {
  frames: number;
  decodeMs: number;
  libraryFrames: number;
  libraryMs: number;
  modelMs: number;
  /** Σ isolated median × session.run calls per frame: the models' bound on these frames. */
  boundMs: number;
  callsPerFrame: Map<string, { calls: number; msPerCall: number }>;
}
const loaded = await loadModels(libraryOptions);
const offline = new Map<ApiRun, Offline>();
for (const r of apiRuns) {
  // The frames the worker sampled: the analysis's fps (lowered to fit maxFrames over the whole clip), its maxSide.
  const frames: VideoFrame[] = [];
  const decodeStart = performance.now();
  for await (const frame of streamFrames(r.clip.path, { fps: r.sampleFps, maxFrames, maxSide: config.VIDEO_FRAME_MAX_SIDE, ffmpeg: ffmpeg })) {
    frames.push(frame);
  }
  const decodeMs = performance.now() - decodeStart;
  const sample = spread(frames, libraryFrames);
  for (const frame of sample.slice(0, 3)) await runFacePipeline(loaded, { image: frame.jpeg, stages: frameStages }, () => {}); // warm-up
  calls.clear();
  counting = true;
  const libStart = performance.now();
  for (const frame of sample) await runFacePipeline(loaded, { image: frame.jpeg, stages: frameStages }, () => {});
  const libraryMs = performance.now() - libStart;
  counting = false;
  const callsPerFrame = new Map([...calls.values()].map((c) => [c.file, { calls: c.calls / sample.length, msPerCall: c.ms / c.calls }]));
  const boundMs = [...callsPerFrame].reduce((s, [file, c]) => s + (isolatedMs.get(file) ?? 0) * c.calls, 0);
  const modelMs = [...calls.values()].reduce((s, c) => s + c.ms, 0);
  offline.set(r, { frames: frames.length, decodeMs, libraryFrames: sample.length, libraryMs, modelMs, boundMs, callsPerFrame });
}
await disposeModels(loaded);
factory.create = create;
factory.prototype.run = run;
rmSync(tmp, { recursive: true, force: true });

// 5. Figures.
const perSecond = (frames: number, ms: number): number => (frames * 1000) / ms;
console.log(
  '| clip | size | bytes | sampleFps | frames | tracks | upload+probe ms | wall s (upload → COMPLETED) | worker s (STARTED → COMPLETED) | frames/s (worker) |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const r of apiRuns) {
  console.log(
    `| ${r.clip.name} | ${r.width}x${r.height} | ${r.bytes} | ${fmt(r.sampleFps, 2)} | ${r.frames} | ${r.tracks} | ${fmt(r.uploadMs, 0)} | ${fmt(r.wallMs / 1000, 2)} | ${fmt(r.workerMs / 1000, 2)} | ${fmt(perSecond(r.frames, r.workerMs), 2)} |`,
  );
}
const sum = (f: (r: ApiRun) => number): number => apiRuns.reduce((s, r) => s + f(r), 0);
const totalFrames = sum((r) => r.frames);
const workerMs = sum((r) => r.workerMs);
const videoFps = perSecond(totalFrames, workerMs);
console.log(
  `| all | | ${sum((r) => r.bytes)} | | ${totalFrames} | ${sum((r) => r.tracks)} | ${fmt(
    sum((r) => r.uploadMs),
    0,
  )} | ${fmt(sum((r) => r.wallMs) / 1000, 2)} | ${fmt(workerMs / 1000, 2)} | ${fmt(videoFps, 2)} |`,
);

// Bound per frame on each clip: the isolated medians × the session.run calls its frames made (faces found, detector retries);
// frames/s with INFERENCE_THREADS threads side by side where the cores allow (`parallel`).
const offlineOf = (r: ApiRun): Offline => offline.get(r)!;
console.log('\nPer frame (ms), each clip on its own frames:');
console.log(
  '| clip | decode alone (streamFrames) | library (runFacePipeline, this thread) | of which session.run | models bound (isolated × calls) | worker (API) | share of bound |',
);
console.log('|---|---|---|---|---|---|---|');
for (const r of apiRuns) {
  const o = offlineOf(r);
  const worker = r.workerMs / r.frames;
  console.log(
    `| ${r.clip.name} | ${fmt(o.decodeMs / o.frames)} | ${fmt(o.libraryMs / o.libraryFrames)} (${o.libraryFrames} frames) | ${fmt(o.modelMs / o.libraryFrames)} | ${fmt(o.boundMs)} | ${fmt(worker)} | ${fmt(o.boundMs / parallel / worker, 2)} |`,
  );
}
// One inference thread's bound per frame, over all the frames; INFERENCE_THREADS side by side divide it where the cores allow.
const boundMsPerFrame = sum((r) => offlineOf(r).boundMs * r.frames) / totalFrames;
const boundFps = (parallel * 1000) / boundMsPerFrame;
const share = videoFps / boundFps;
const decodeMsPerFrame = sum((r) => offlineOf(r).decodeMs) / sum((r) => offlineOf(r).frames);
const libraryMsPerFrame = sum((r) => offlineOf(r).libraryMs) / sum((r) => offlineOf(r).libraryFrames);
const modelMsPerFrame = sum((r) => offlineOf(r).modelMs) / sum((r) => offlineOf(r).libraryFrames);
const mainBusyPerFrame = sum((r) => r.mainBusyMs) / totalFrames;

console.log('\nsession.run per frame in the library pass (calls per frame, mean ms per call):');
for (const r of apiRuns) {
  const o = offlineOf(r);
  console.log(`  ${r.clip.name}: ${[...o.callsPerFrame].map(([file, c]) => `${file} ×${fmt(c.calls, 2)} ${fmt(c.msPerCall, 2)} ms`).join(', ')}`);
}
console.log('model-only detail (median session.run, ready-made tensor):');
for (const m of models) console.log(`  ${m.stage.padEnd(14)} ${m.file.padEnd(48)} ${fmt(m.ms, 2)} ms`);
console.log(`  one-face frame (bench:pipeline's bound for these stages): ${fmt(oneFaceBoundMs)} ms`);
console.log(
  `\nAPI event loop busy ${fmt(mainBusyPerFrame)} ms per frame while the clips ran (HTTP, GraphQL, tracker, database, the benchmark's client); ` +
    `parallel inference threads counted in the bound: ${parallel}.`,
);

console.log(
  `load average (1 min) at start ${fmt(loadAtStart, 2)}, at the end ${fmt(loadavg()[0] ?? 0, 2)} (includes this benchmark's own threads and ffmpeg).`,
);

console.log(`\nGoals (video analysis at the models' limit), ${dataset}, profile ${config.MODEL_PROFILE}, models as listed above:`);
console.log('| goal | measured | target |');
console.log('|---|---|---|');
console.log(`| throughput: video frames/s (worker, STARTED → COMPLETED) ÷ models' bound on the same frames | ${fmt(share, 2)} | ≥ ${THROUGHPUT_GOAL} |`);
console.log(
  `| where the rest goes: decoding (ffmpeg alone, its own process) per frame ÷ bound | ${fmt(decodeMsPerFrame / boundMsPerFrame, 2)} (${fmt(decodeMsPerFrame)} ms) | – |`,
);
console.log(
  `| where the rest goes: library pipeline per frame ÷ bound (pre/post-processing in the worker) | ${fmt(libraryMsPerFrame / boundMsPerFrame, 2)} (${fmt(libraryMsPerFrame)} ms, session.run ${fmt(modelMsPerFrame)} ms) | – |`,
);
console.log(
  `| upload + ffprobe (analyzeVideo answered), all clips | ${fmt(
    sum((r) => r.uploadMs),
    0,
  )} ms for ${fmt(sum((r) => r.bytes) / 1e6, 1)} MB | – |`,
);

console.log(`\ndataset=${dataset === 'face-videos' ? 'face-videos' : dataset.split(' ')[0]}`);
console.log(`clips=${clips.map((c) => c.name).join(',')}`);
console.log(`model_profile=${config.MODEL_PROFILE}`);
console.log(`detector=${available.detector}`);
console.log(`inference_threads=${threads}`);
console.log(`frames=${totalFrames}`);
console.log(`video_fps=${fmt(videoFps, 2)}`);
console.log(`bound_fps=${fmt(boundFps, 2)}`);
console.log(`bound_ms_per_frame=${fmt(boundMsPerFrame)}`);
console.log(`worker_ms_per_frame=${fmt(workerMs / totalFrames)}`);
console.log(`library_ms_per_frame=${fmt(libraryMsPerFrame)}`);
console.log(`decode_ms_per_frame=${fmt(decodeMsPerFrame)}`);
console.log(
  `upload_probe_ms=${fmt(
    sum((r) => r.uploadMs),
    0,
  )}`,
);
console.log(`video_share_of_bound=${fmt(share, 2)}`);
