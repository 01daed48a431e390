import { execSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForSession } from '../support/graphql-client.ts';
import { startQueueCluster, type QueueCluster } from '../support/queue-cluster.ts';
import { queueServices, type QueueServices } from '../support/services.ts';

const services = await queueServices('redis_restart');
// The machine's own command for its Redis (as scripts/services-up.sh); only where this test may stop it.
const REDIS_START =
  'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log';
const canRestart = services !== null && new URL(services.redisUrl).hostname === '127.0.0.1';

describe.skipIf(!canRestart)('queue mode survives a Redis restart', () => {
  const s = services as QueueServices;
  let cluster: QueueCluster;
  beforeAll(async () => {
    cluster = await startQueueCluster(s, { apis: 1, workers: 1 }, { RECONCILE_INTERVAL_MS: '2000' });
  }, 300_000);
  afterAll(async () => {
    try {
      execSync('redis-cli -h 127.0.0.1 ping', { stdio: 'ignore' });
    } catch {
      execSync(REDIS_START);
    }
    await cluster?.stop();
    await s?.cleanup();
  });

  it('Redis down for 10 s: API and worker resume; no session is left without a terminal state', async () => {
    const url = cluster.apis[0]?.url as string;
    // Enough work that some of it is still queued when Redis goes away.
    const stages = ['ANTI_SPOOFING', 'RECOGNITION', 'AGE_GENDER', 'DEEPFAKE'];
    const before = await Promise.all(Array.from({ length: 12 }, () => cluster.submit(url, stages)));
    execSync('redis-cli -h 127.0.0.1 shutdown nosave');
    await new Promise((r) => setTimeout(r, 10_000));
    execSync(REDIS_START);
    for (let i = 0; i < 50; i++) {
      try {
        execSync('redis-cli -h 127.0.0.1 ping', { stdio: 'ignore' });
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    // Jobs and images queued before the restart were lost with Redis' memory (it keeps nothing on disk
    // here): the reconciler must still end those sessions (IMAGE_EXPIRED), not leave them hanging.
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
