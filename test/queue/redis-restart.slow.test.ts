import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForSession } from '../support/graphql-client.ts';
import { requireFaultTools } from '../support/fault-tools.ts';
import { startOwnPostgres, startOwnRedis, type OwnPostgres, type OwnRedis } from '../support/own-services.ts';
import { startQueueCluster, type QueueCluster } from '../support/queue-cluster.ts';

// A Redis that keeps nothing on disk restarts empty: jobs and images queued before it are gone. The
// reconciler must still end those sessions (IMAGE_EXPIRED) and new uploads must work again. On a Redis
// and PostgreSQL of the test's own.
const tools = requireFaultTools('redis restart without persistence');

describe.skipIf(!tools)('queue mode survives a Redis restart', () => {
  let cluster: QueueCluster;
  let redis: OwnRedis;
  let pg: OwnPostgres;
  beforeAll(async () => {
    pg = await startOwnPostgres();
    redis = await startOwnRedis({ persistence: false });
    cluster = await startQueueCluster(
      { databaseUrl: pg.url, redisUrl: redis.url, prefix: 'restart' },
      { apis: 1, workers: 1 },
      { RECONCILE_INTERVAL_MS: '2000' },
    );
  }, 300_000);
  afterAll(async () => {
    await cluster?.stop();
    await redis?.stop();
    pg?.destroy();
  });

  it('Redis down for 10 s: API and worker resume; no session is left without a terminal state', async () => {
    const url = cluster.apis[0]?.url as string;
    // Enough work that some of it is still queued when Redis goes away.
    const stages = ['ANTI_SPOOFING', 'RECOGNITION', 'AGE_GENDER', 'DEEPFAKE'];
    const before = await Promise.all(Array.from({ length: 12 }, () => cluster.submit(url, stages)));
    await redis.kill();
    await new Promise((r) => setTimeout(r, 10_000));
    await redis.start();
    // Jobs and images queued before the restart were lost with Redis' memory: the reconciler must still
    // end those sessions (IMAGE_EXPIRED), not leave them hanging.
    const after = await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let attempt = 0; ; attempt++) {
          try {
            return await cluster.submit(url);
          } catch (error) {
            if (attempt > 50) throw error;
            await new Promise((r) => setTimeout(r, 200));
          }
        }
      }),
    );
    const query = 'query($id: ID!) { analysisSession(id: $id) { status error { code } } }';
    const newOnes = await Promise.all(after.map((id) => waitForSession<{ status: string }>(url, query, id, 120_000)));
    expect(newOnes.every((x) => x.status === 'COMPLETED')).toBe(true);
    const oldOnes = await Promise.all(before.map((id) => waitForSession<{ status: string; error: { code: string } | null }>(url, query, id, 120_000)));
    const count = (status: string) => oldOnes.filter((x) => x.status === status).length;
    console.log(`[redis-restart] sessions submitted before the restart: ${count('COMPLETED')} COMPLETED, ${count('FAILED')} FAILED (IMAGE_EXPIRED)`);
    for (const session of oldOnes) {
      expect(['COMPLETED', 'FAILED']).toContain(session.status);
      if (session.status === 'FAILED') expect(session.error?.code).toBe('IMAGE_EXPIRED');
    }
  });
});
