import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import { WebSocket } from 'ws';
import { buildApp } from '../src/app.ts';
import { loadConfig, type Config } from '../src/config/config.ts';
import type { Stage } from '../src/pipeline/stages.ts';
import { copyPgliteTemplate } from '../test/support/pglite-template.ts';
import { uploadForAnalysis, untilCompleted } from './graphql-client.ts';

const sessionQuery = 'query($id: ID!) { analysisSession(id: $id) { status stageRuns { stage durationMs } } }';

interface SessionRow {
  status: string;
  stageRuns: { stage: Stage; durationMs: number | null }[];
}

async function post<T>(url: string, body: string): Promise<T> {
  const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  const json = (await response.json()) as { data?: T; errors?: unknown };
  if (json.errors || !json.data) throw new Error(JSON.stringify(json.errors));
  return json.data;
}

/** Waits for the session's final event, then reads its stage runs. */
async function waitDone(url: string, ws: Client, id: string): Promise<SessionRow> {
  await untilCompleted(ws, id);
  return (await post<{ analysisSession: SessionRow }>(url, JSON.stringify({ query: sessionQuery, variables: { id } }))).analysisSession;
}

/**
 * Images/s through HTTP upload, queue, inference thread and database, with a few uploads in flight
 * (as concurrent clients would), measured from the first upload to the last completed session.
 */
export async function timeApi(
  base: Config,
  image: Uint8Array,
  stages: Stage[],
  runs: number,
  inFlight = 3,
): Promise<{
  msPerImage: number;
  stageMs: Map<Stage, number[]>;
  inFlight: number;
  mainBusyMsPerImage: number;
  latencyMs: number[];
  db: { queriesPerImage: number; msPerImage: number };
}> {
  const dataDir = mkdtempSync(join(tmpdir(), 'facesocial-bench-'));
  await copyPgliteTemplate(dataDir);
  const app = await buildApp(
    loadConfig({
      ...base,
      CORS_ORIGINS: base.CORS_ORIGINS.join(','),
      PORT: 0,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      DATABASE_URL: undefined,
      REDIS_URL: undefined,
      DATA_DIR: dataDir,
    }),
  );
  const url = await app.start();
  const ws = createClient({ url: url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
  try {
    const one = async (): Promise<SessionRow> => waitDone(url, ws, await uploadForAnalysis(url, image, stages));
    for (let i = 0; i < 3; i++) await one(); // warm-up
    const stageMs = new Map<Stage, number[]>(stages.map((s) => [s, []]));
    let next = 0;
    const elu = performance.eventLoopUtilization();
    const [queries0, queryMs0] = [app.queryCount(), app.queryMs()];
    const started = performance.now();
    const worker = async (): Promise<void> => {
      while (next++ < runs) {
        const session = await one();
        for (const r of session.stageRuns) if (r.durationMs !== null) stageMs.get(r.stage)?.push(r.durationMs);
      }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
    // How busy the API's event loop was (HTTP, GraphQL, database, and this client): it shares the cores with inference.
    const mainBusyMsPerImage = performance.eventLoopUtilization(elu).active / runs;
    const msPerImage = (performance.now() - started) / runs;
    const db = { queriesPerImage: (app.queryCount() - queries0) / runs, msPerImage: (app.queryMs() - queryMs0) / runs };
    // Latency: one image at a time, from the start of its upload to its COMPLETED event (nothing else in flight).
    const latencyMs: number[] = [];
    for (let i = 0; i < Math.min(runs, 30); i++) {
      const t = performance.now();
      await one();
      latencyMs.push(performance.now() - t);
    }
    return { msPerImage, stageMs, inFlight, mainBusyMsPerImage, latencyMs, db };
  } finally {
    await ws.dispose();
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
