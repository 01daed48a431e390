// npm run bench:pipeline [-- --runs N --image path]: per-stage medians and images/s on a 1-face photo,
// at library level and through the API (embedded mode), next to the model-only bound measured in the same run.
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { engineOptionsOf } from '../inference-workers/engine/engine-options.ts';
import { disposeModels, loadModels, runFacePipeline } from '../inference-workers/engine/face-pipeline.ts';
import { loadConfig } from '../src/config/config.ts';
import { isStage, type Stage } from '../src/pipeline/stages.ts';
import { planStages, stageModules } from '../inference-workers/stages/index.ts';
import { timeApi } from './api-throughput.ts';
import { timeModelsOnly } from './model-only.ts';
import { fmt, LATENCY_GOAL, median, printShareOfBound, quantile, THROUGHPUT_GOAL } from './stats.ts';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '30' },
    image: { type: 'string', default: fileURLToPath(new URL('../test/fixtures/id_obama_1.jpg', import.meta.url)) },
    // Default: every available model stage but the optional EMOTION (the model-only bound leaves it out).
    stages: { type: 'string' },
  },
});
const runs = Number(args.runs);
const image = readFileSync(args.image);
const config = loadConfig({ LOG_LEVEL: 'silent' });
const available = engineOptionsOf(config);
const stages: Stage[] = args.stages
  ? planStages(
      args.stages
        .split(',')
        .map((s) => s.trim().toUpperCase())
        .filter(isStage),
    )
  : available.stages.filter((s) => s !== 'EMOTION' && stageModules[s].kind === 'inference');
// Load (and time) only the models of the benchmarked stages.
const options = { ...available, stages };

console.log(`bench:pipeline: ${args.image}, ${runs} runs; ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}; ORT intra-op threads ${options.intraOpThreads}`);
console.log(`profile ${config.MODEL_PROFILE}, detector ${options.detector} (tiles ${options.detectionTiles}), stages ${stages.join(', ')}\n`);

// 1. Model-only bound.
const models = await timeModelsOnly(options, runs);
const boundMs = models.reduce((s, m) => s + m.ms, 0);

// 2. Library level: the same pipeline the inference thread runs, in this thread, one image after another.
const loaded = await loadModels(options);
const libStage = new Map<Stage, number[]>(stages.map((s) => [s, []]));
const run = () =>
  runFacePipeline(loaded, { image, stages }, (e) => {
    if (e.type === 'stageFinished') libStage.get(e.stage)?.push(e.durationMs);
  });
for (let i = 0; i < 3; i++) await run();
for (const list of libStage.values()) list.length = 0;
const libStart = performance.now();
for (let i = 0; i < runs; i++) await run();
const libPerImage = (performance.now() - libStart) / runs;
await disposeModels(loaded);

// 3. Through the API: uploads over HTTP, the in-process queue, the inference thread, PGlite writes.
const api = await timeApi(config, image, stages, runs);

const modelMsByStage = new Map<Stage, number>();
for (const m of models) modelMsByStage.set(m.stage, (modelMsByStage.get(m.stage) ?? 0) + m.ms);
console.log('| stage | model-only session.run ms | library ms (median) | API ms (median, stageRuns) |');
console.log('|---|---|---|---|');
for (const s of stages) {
  console.log(`| ${s} | ${fmt(modelMsByStage.get(s) ?? 0)} | ${fmt(median(libStage.get(s) ?? []))} | ${fmt(median(api.stageMs.get(s) ?? []))} |`);
}
const ips = (ms: number): number => 1000 / ms;
console.log('\n| path | ms per image | images/s | share of model-only bound |');
console.log('|---|---|---|---|');
console.log(`| model-only bound (sum of session.run) | ${fmt(boundMs)} | ${fmt(ips(boundMs), 2)} | 1.00 |`);
console.log(`| library (runFacePipeline, sequential) | ${fmt(libPerImage)} | ${fmt(ips(libPerImage), 2)} | ${fmt(boundMs / libPerImage, 2)} |`);
console.log(
  `| API, embedded (${api.inFlight} uploads in flight) | ${fmt(api.msPerImage)} | ${fmt(ips(api.msPerImage), 2)} | ${fmt(boundMs / api.msPerImage, 2)} |`,
);
console.log(`\nAPI event loop busy ${fmt(api.mainBusyMsPerImage)} ms per image (HTTP, GraphQL, database writes and the benchmark's own client);`);
console.log(`  of which the embedded database (PGlite, on that loop): ${fmt(api.db.msPerImage)} ms in ${fmt(api.db.queriesPerImage)} statements per image.`);
console.log('\nmodel-only detail:');
for (const m of models) console.log(`  ${m.stage.padEnd(14)} ${m.file.padEnd(48)} ${fmt(m.ms, 2)} ms`);

const share = boundMs / api.msPerImage;
const p50 = quantile(api.latencyMs, 0.5);
const p95 = quantile(api.latencyMs, 0.95);
console.log(`\nGoals (issue 16), ${args.image}, models as listed above:`);
console.log('| goal | measured | target |');
console.log('|---|---|---|');
console.log(`| throughput: API (embedded) images/s ÷ model-only bound | ${fmt(share, 2)} | ≥ ${THROUGHPUT_GOAL} |`);
console.log(
  `| latency, one image, upload to COMPLETED (${api.latencyMs.length} sequential): p50 ${fmt(p50, 0)} ms, p95 ${fmt(p95, 0)} ms, ÷ bound ${fmt(boundMs)} ms | p50 ×${fmt(p50 / boundMs, 2)}, p95 ×${fmt(p95 / boundMs, 2)} | ≤ ×${LATENCY_GOAL} |`,
);
console.log(`| where the rest goes: library ÷ bound (pre/post-processing in the worker) | ${fmt(libPerImage / boundMs, 2)} | – |`);
console.log(
  `| where the rest goes: the API thread per image (database ${fmt(api.db.msPerImage)} ms of ${fmt(api.mainBusyMsPerImage)} ms busy) | ${fmt(api.mainBusyMsPerImage / boundMs, 2)} × bound | – |`,
);
printShareOfBound(share);
