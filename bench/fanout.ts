// npm run bench:fanout [-- --sizes 1000,5000,10000]: one embedded API process (a separate OS process,
// as `npm start`), N livenessVerdicts subscribers selecting `face { box }` (the README's selection),
// one verdict: receive latency p50/p95/p99/max, the API's worst event-loop delay during the fan-out
// and its heap per idle subscriber, each read from the API's own /metrics. Goals from the
// Performance issue are printed beside each figure.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { WebSocket } from 'ws';
import { copyPgliteTemplate } from '../test/support/pglite-template.ts';
import { startApi, stopAll } from '../test/support/processes.ts';
import { uploadForAnalysis } from './graphql-client.ts';
import { fmt } from './stats.ts';

const { values: args } = parseArgs({ options: { sizes: { type: 'string', default: '1000,5000,10000' } } });
const sizes = args.sizes.split(',').map(Number);
const PER_SOCKET = 100;
const image = readFileSync(fileURLToPath(new URL('../test/fixtures/id_obama_1.jpg', import.meta.url)));
const query = 'subscription { livenessVerdicts { verdict at face { box { x y width height } } } }';

/** A metric's value from Prometheus text (first sample). */
async function metric(base: string, name: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
  return Number(line?.split(' ').pop());
}

/** `count` subscriptions over sockets of PER_SOCKET each; resolves once all are acknowledged, with their receive times. */
async function subscribe(url: string, count: number) {
  const sockets: WebSocket[] = [];
  const received: { at: number; latency: number }[] = [];
  let ready = 0;
  await Promise.all(
    Array.from({ length: Math.ceil(count / PER_SOCKET) }, (_, s) => {
      const n = Math.min(PER_SOCKET, count - s * PER_SOCKET);
      return new Promise<void>((resolve, reject) => {
        const ws = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
        sockets.push(ws);
        ws.on('error', reject);
        ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: {} })));
        ws.on('message', (data: Buffer) => {
          const message = JSON.parse(data.toString()) as { type: string; payload?: { data?: { livenessVerdicts?: { at: string } } } };
          if (message.type === 'connection_ack') {
            for (let i = 0; i < n; i++) ws.send(JSON.stringify({ id: `${s}-${i}`, type: 'subscribe', payload: { query } }));
            ready += n;
            resolve();
          } else if (message.type === 'next') {
            const at = message.payload?.data?.livenessVerdicts?.at;
            const now = Date.now();
            received.push({ at: now, latency: now - (at ? Date.parse(at) : now) });
          } else if (message.type === 'error') reject(new Error(data.toString()));
        });
      });
    }),
  );
  return { sockets, received, ready: () => ready };
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

const dataDir = mkdtempSync(join(tmpdir(), 'facesocial-fanout-'));
await copyPgliteTemplate(dataDir);
const api = await startApi({
  DATA_DIR: dataDir,
  DATABASE_URL: '',
  REDIS_URL: '',
  LOG_LEVEL: 'info',
  RATE_LIMIT_CREDENTIAL_PER_MINUTE: '10000000',
  RATE_LIMIT_TENANT_PER_MINUTE: '10000000',
  WS_MAX_SOCKETS_PER_TENANT: '1000',
});
const base = api.url.replace(/\/graphql$/, '');
console.log(
  `bench:fanout — one embedded API process, livenessVerdicts { verdict at face { box } }, ${PER_SOCKET} subscriptions per socket, 1 verdict (id_obama_1.jpg, ANTI_SPOOFING)`,
);
console.log(
  '| subscribers | p50 ms | p95 ms | p99 ms (goal < 100) | max ms | worst event-loop delay ms (goal ≤ 50) | heap per idle subscriber KB (goal ≤ 20) | received |',
);
console.log('|---|---|---|---|---|---|---|---|');
try {
  // Warm the pipeline once, so the first round times the fan-out, not the models' first run.
  await uploadForAnalysis(api.url, image, ['ANTI_SPOOFING']);
  await new Promise((r) => setTimeout(r, 2000));
  for (const n of sizes) {
    const heapBefore = await metric(base, 'nodejs_heap_size_used_bytes');
    const subs = await subscribe(api.url, n);
    await new Promise((r) => setTimeout(r, 3000));
    const heapPerSubscriber = ((await metric(base, 'nodejs_heap_size_used_bytes')) - heapBefore) / n / 1024;
    await metric(base, 'nodejs_eventloop_lag_max_seconds'); // a scrape resets the event-loop histogram
    await uploadForAnalysis(api.url, image, ['ANTI_SPOOFING']);
    const deadline = Date.now() + 60_000;
    while (subs.received.length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const loopMax = (await metric(base, 'nodejs_eventloop_lag_max_seconds')) * 1000;
    const latencies = subs.received.map((r) => r.latency).sort((a, b) => a - b);
    console.log(
      `| ${n} | ${fmt(percentile(latencies, 50), 0)} | ${fmt(percentile(latencies, 95), 0)} | ${fmt(percentile(latencies, 99), 0)} | ${fmt(latencies.at(-1) ?? Number.NaN, 0)} | ${fmt(loopMax, 0)} | ${fmt(heapPerSubscriber, 1)} | ${subs.received.length}/${n} |`,
    );
    for (const ws of subs.sockets) ws.close();
    await new Promise((r) => setTimeout(r, 2000));
  }
} finally {
  await stopAll([api]);
  rmSync(dataDir, { recursive: true, force: true });
}
