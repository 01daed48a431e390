import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from '../support/graphql-client.ts';
import { requireFaultTools } from '../support/fault-tools.ts';
import { startOwnPostgres, startOwnRedis, type OwnPostgres, type OwnRedis } from '../support/own-services.ts';
import { startApi, startWorker, type Spawned } from '../support/processes.ts';
import { uploadAtRate } from './load.ts';

// Redis killed (-9) under 5 uploads/s and started again from its append-only file: every accepted
// session reaches an end state, the API and worker reconnect by themselves, and every connection's
// errors go through pino (no raw "[ioredis] Unhandled error event" lines on stderr).
const tools = requireFaultTools('redis outage');

describe.skipIf(!tools)('Redis killed and restarted under load', () => {
  let pg: OwnPostgres;
  let redis: OwnRedis;
  let api: Spawned & { url: string };
  let worker: Spawned;
  beforeAll(async () => {
    pg = await startOwnPostgres();
    redis = await startOwnRedis({ persistence: true });
    const env = {
      DATABASE_URL: pg.url,
      REDIS_URL: redis.url,
      REDIS_PREFIX: 'outage',
      RECONCILE_INTERVAL_MS: '2000',
      WORKER_LOCK_MS: '4000',
      INFERENCE_THREADS: '1',
      ORT_INTRA_OP_THREADS: '1',
      REDIS_COMMAND_TIMEOUT_MS: '3000',
    };
    api = await startApi(env);
    worker = await startWorker(env);
  }, 300_000);
  afterAll(async () => {
    for (const p of [api, worker]) p?.kill('SIGKILL');
    await Promise.all([api?.exited, worker?.exited]);
    await redis?.stop();
    pg?.destroy();
  });

  it('0 sessions without an end state; no raw ioredis lines on stderr', async () => {
    // 15 s of uploads at 5/s; Redis dies 3 s in and comes back 6 s later.
    const load = uploadAtRate(api.url, 75, 5);
    await new Promise((r) => setTimeout(r, 3000));
    await redis.kill();
    await new Promise((r) => setTimeout(r, 6000));
    await redis.start();
    const { accepted, refused } = await load;

    const query = 'query($ids: [ID!]!) { nodes(ids: $ids) { ... on AnalysisSession { id status error { code } } } }';
    type Node = { id: string; status: string; error: { code: string } | null };
    let nodes: Node[] = [];
    for (let i = 0; i < 240; i++) {
      nodes = (await gql<{ nodes: Node[] }>(api.url, query, { ids: accepted })).data?.nodes ?? [];
      if (nodes.length === accepted.length && nodes.every((n) => n.status === 'COMPLETED' || n.status === 'FAILED')) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const by = (status: string): number => nodes.filter((n) => n.status === status).length;
    const codes = [...new Set(nodes.flatMap((n) => (n.error ? [n.error.code] : [])))];
    console.log(
      `[redis-outage] 75 uploads at 5/s, Redis killed for 6 s: ${accepted.length} accepted (${by('COMPLETED')} COMPLETED, ${by('FAILED')} FAILED ${codes.join(', ')}), ` +
        `${[...refused].map(([code, n]) => `${n} refused ${code}`).join(', ') || '0 refused'}`,
    );
    expect(nodes).toHaveLength(accepted.length);
    expect(by('QUEUED') + by('RUNNING')).toBe(0);
    // An upload refused during the outage is refused as an outage, not as a bug.
    for (const code of refused.keys()) expect(code).toBe('SERVICE_UNAVAILABLE');
    for (const code of codes) expect(['SERVICE_UNAVAILABLE', 'IMAGE_EXPIRED']).toContain(code);
    expect(accepted.length).toBeGreaterThan(40);

    for (const p of [api, worker]) {
      expect(p.stderr()).not.toMatch(/\[ioredis\]|Unhandled error event/);
      expect(p.child.exitCode).toBeNull();
    }
    // The outage was logged, once per connection, and so was the reconnection.
    expect(api.lines.some((l) => l.includes('connection lost'))).toBe(true);
    expect(worker.lines.some((l) => l.includes('connection restored'))).toBe(true);
  });
});
