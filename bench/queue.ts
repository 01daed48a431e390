// npm run bench:queue [-- --images N --in-flight C]: images/s and upload-to-COMPLETED latency (p50/p95)
// for embedded mode, queue mode with 1 worker process and with 2, on the same 1-face photo, each as
// separate OS processes on this machine (PostgreSQL + Redis for queue mode).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createClient } from 'graphql-ws';
import { WebSocket } from 'ws';
import { copyPgliteTemplate } from '../test/support/pglite-template.ts';
import { startApi, startWorker, stopAll } from '../test/support/processes.ts';
import { queueServices } from '../test/support/services.ts';
import { uploadForAnalysis, untilCompleted } from './graphql-client.ts';
import { engineOptionsOf } from '../inference-workers/engine/engine-options.ts';
import { loadConfig } from '../src/config/config.ts';
import { isStage } from '../src/pipeline/stages.ts';
import { timeModelsOnly } from './model-only.ts';
import { fmt, LATENCY_GOAL, printShareOfBound, quantile, THROUGHPUT_GOAL } from './stats.ts';

const { values: args } = parseArgs({ options: { images: { type: 'string', default: '60' }, 'in-flight': { type: 'string', default: '4' } } });
const total = Number(args.images);
const inFlight = Number(args['in-flight']);
const image = readFileSync(fileURLToPath(new URL('../test/fixtures/id_obama_1.jpg', import.meta.url)));
const stages = ['DETECTION', 'ANTI_SPOOFING', 'LANDMARKS', 'QUALITY', 'RECOGNITION', 'AGE_GENDER', 'DEEPFAKE'];

/** `total` uploads with `inFlight` at a time; each timed from the start of its upload to its COMPLETED event. */
async function load(url: string, count: number): Promise<{ imagesPerSecond: number; p50: number; p95: number }> {
  const ws = createClient({ url: url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next++ < count) {
        const t = performance.now();
        await untilCompleted(ws, await uploadForAnalysis(url, image, stages));
        latencies.push(performance.now() - t);
      }
    }),
  );
  const wall = performance.now() - started;
  await ws.dispose();
  return { imagesPerSecond: (count * 1000) / wall, p50: quantile(latencies, 0.5), p95: quantile(latencies, 0.95) };
}

async function measure(label: string, url: string): Promise<{ label: string; imagesPerSecond: number; p50: number; p95: number }> {
  await load(url, 4); // warm-up
  const result = { label, ...(await load(url, total)) };
  console.log(`  ${label}: ${fmt(result.imagesPerSecond, 2)} images/s, p50 ${fmt(result.p50, 0)} ms, p95 ${fmt(result.p95, 0)} ms`);
  return result;
}

console.log(
  `bench:queue: ${total} uploads of id_obama_1.jpg (${stages.length} stages), ${inFlight} in flight; ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`,
);
const rows: Awaited<ReturnType<typeof measure>>[] = [];

// Embedded mode: one process (API + inference threads + PGlite).
const dataDir = mkdtempSync(join(tmpdir(), 'facesocial-bench-'));
await copyPgliteTemplate(dataDir);
const embedded = await startApi({ DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '' });
rows.push(await measure('embedded (1 process: API + 1 inference thread × 2 ORT threads)', embedded.url));
await stopAll([embedded]);
rmSync(dataDir, { recursive: true, force: true });

const services = await queueServices('bench_queue');
if (!services) {
  console.log('queue mode skipped: PostgreSQL/Redis not reachable (scripts/services-up.sh starts them).');
} else {
  const env = { DATABASE_URL: services.databaseUrl, REDIS_URL: services.redisUrl, REDIS_PREFIX: services.prefix };
  try {
    const api = await startApi(env);
    const w1 = await startWorker(env);
    rows.push(await measure('queue, 1 worker process (1 inference thread × 2 ORT threads)', api.url));
    // Two workers share the two cores: one ORT thread each.
    await stopAll([w1]);
    const workers = await Promise.all([0, 1].map(() => startWorker({ ...env, ORT_INTRA_OP_THREADS: '1' })));
    rows.push(await measure('queue, 2 worker processes (1 inference thread × 1 ORT thread each)', api.url));
    await stopAll([api, ...workers]);
  } finally {
    await services.cleanup();
  }
}

// The model-only bound of the same stages, measured now on the same machine (each model's session.run median, summed).
const engine = engineOptionsOf(loadConfig({ LOG_LEVEL: 'silent' }));
const boundMs = (await timeModelsOnly({ ...engine, stages: engine.stages.filter((s) => stages.filter(isStage).includes(s)) }, 20)).reduce(
  (a, m) => a + m.ms,
  0,
);

const base = rows[0]?.imagesPerSecond ?? Number.NaN;
console.log('\n| mode | images/s | p50 ms | p95 ms | images/s vs embedded |');
console.log('|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.label} | ${fmt(r.imagesPerSecond, 2)} | ${fmt(r.p50, 0)} | ${fmt(r.p95, 0)} | ${fmt(r.imagesPerSecond / base, 2)} |`);

const shareOf = (r: (typeof rows)[number]): number => (r.imagesPerSecond * boundMs) / 1000;
console.log(`\nGoals (issue 16): model-only bound ${fmt(boundMs)} ms per image (${fmt(1000 / boundMs, 2)} images/s), measured in this run`);
console.log(
  '| mode | images/s ÷ bound (goal ≥ ' +
    THROUGHPUT_GOAL +
    ') | p50 ÷ bound | p95 ÷ bound (goal ≤ ×' +
    LATENCY_GOAL +
    ' at one in flight; these run ' +
    inFlight +
    ' in flight) |',
);
console.log('|---|---|---|---|');
for (const r of rows) console.log(`| ${r.label} | ${fmt(shareOf(r), 2)} | ×${fmt(r.p50 / boundMs, 2)} | ×${fmt(r.p95 / boundMs, 2)} |`);
// The line: queue mode with two worker processes when it ran, else embedded.
const last = rows.at(-1);
if (last) printShareOfBound(shareOf(last));
