// npm run bench:soak [-- --images 1000]: memory over a long run. The embedded API (one process) and a
// queue-mode worker (with its API) each analyse N uploads of the 1-face photo, 4 in flight; the RSS of
// the process that runs inference is read from its own /metrics every tenth of the run. Prints the
// start, the end, the peak and the growth over the second half (a leak grows; a warm cache does not),
// beside the Performance issue's goals.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createClient } from 'graphql-ws';
import { WebSocket } from 'ws';
import { copyPgliteTemplate } from '../test/support/pglite-template.ts';
import { startApi, startWorker, stopAll } from '../test/support/processes.ts';
import { queueServices } from '../test/support/services.ts';
import { uploadForAnalysis, untilCompleted } from './graphql-client.ts';
import { fmt } from './stats.ts';

const { values: args } = parseArgs({ options: { images: { type: 'string', default: '1000' } } });
const total = Number(args.images);
const IN_FLIGHT = 4;
const image = readFileSync(fileURLToPath(new URL('../test/fixtures/id_obama_1.jpg', import.meta.url)));
const stages = ['DETECTION', 'ANTI_SPOOFING', 'LANDMARKS', 'QUALITY', 'RECOGNITION', 'AGE_GENDER', 'DEEPFAKE'];

async function rssMb(metricsUrl: string): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  const line = text.split('\n').find((l) => l.startsWith('process_resident_memory_bytes'));
  return Number(line?.split(' ').pop()) / 1024 / 1024;
}

/** `total` analyses, IN_FLIGHT at a time; RSS sampled at 0 and after every tenth. */
async function soak(apiUrl: string, metricsUrl: string): Promise<number[]> {
  const ws = createClient({ url: apiUrl.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
  const samples = [await rssMb(metricsUrl)];
  const step = Math.max(1, Math.floor(total / 10));
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next++ < total) {
        await untilCompleted(ws, await uploadForAnalysis(apiUrl, image, stages));
        if (++done % step === 0) samples.push(await rssMb(metricsUrl));
      }
    }),
  );
  await ws.dispose();
  return samples;
}

const rows: { label: string; goal: string; samples: number[] }[] = [];

const dataDir = mkdtempSync(join(tmpdir(), 'facesocial-soak-'));
await copyPgliteTemplate(dataDir);
const embedded = await startApi({ DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '' });
try {
  rows.push({
    label: 'embedded API (PGlite, 1 inference thread)',
    goal: '< 600',
    samples: await soak(embedded.url, embedded.url.replace(/\/graphql$/, '/metrics')),
  });
} finally {
  await stopAll([embedded]);
  rmSync(dataDir, { recursive: true, force: true });
}

const services = await queueServices('bench_soak');
if (!services) {
  console.log('queue mode skipped: PostgreSQL/Redis not reachable (scripts/services-up.sh starts them).');
} else {
  const env = { DATABASE_URL: services.databaseUrl, REDIS_URL: services.redisUrl, REDIS_PREFIX: services.prefix };
  try {
    const api = await startApi(env);
    const worker = await startWorker(env);
    const metricsUrl = `${String(worker.readyLine.metricsUrl)}/metrics`;
    try {
      rows.push({ label: 'queue-mode worker (1 inference thread)', goal: '< 400', samples: await soak(api.url, metricsUrl) });
    } finally {
      await stopAll([api, worker]);
    }
  } finally {
    await services.cleanup();
  }
}

console.log(`\nbench:soak — ${total} analyses of id_obama_1.jpg (${stages.length} stages), ${IN_FLIGHT} in flight; RSS of the process that runs inference, MB`);
console.log('| process | at start | after the run (goal) | peak | growth over the second half | samples |');
console.log('|---|---|---|---|---|---|');
for (const { label, goal, samples } of rows) {
  const half = samples[Math.floor(samples.length / 2)] ?? Number.NaN;
  const end = samples.at(-1) ?? Number.NaN;
  console.log(
    `| ${label} | ${fmt(samples[0] ?? Number.NaN, 0)} | ${fmt(end, 0)} (${goal}) | ${fmt(Math.max(...samples), 0)} | ${fmt(end - half, 0)} (goal: flat) | ${samples.map((s) => fmt(s, 0)).join(' ')} |`,
  );
}
