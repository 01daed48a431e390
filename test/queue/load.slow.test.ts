import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForSession } from '../support/graphql-client.ts';
import { startQueueCluster, type QueueCluster } from '../support/queue-cluster.ts';
import { queueServices, type QueueServices } from '../support/services.ts';

const services = await queueServices('queue_load');

describe.skipIf(!services)('queue mode under load (two worker processes)', () => {
  const s = services as QueueServices;
  let cluster: QueueCluster;
  beforeAll(async () => {
    cluster = await startQueueCluster(s, { apis: 2, workers: 2 });
  }, 300_000);
  afterAll(async () => {
    await cluster?.stop();
    await s?.cleanup();
  });

  it('200 images submitted concurrently: every session COMPLETED exactly once, no duplicate rows, no image keys left', async () => {
    const ids: string[] = [];
    // 200 uploads, 20 at a time, spread over both replicas.
    for (let i = 0; i < 200; i += 20) {
      ids.push(...(await Promise.all(Array.from({ length: 20 }, (_, j) => cluster.submit(cluster.apis[(i + j) % 2]?.url as string)))));
    }
    const sessions = await Promise.all(
      ids.map((id) =>
        waitForSession<{ status: string }>(cluster.apis[0]?.url as string, 'query($id: ID!) { analysisSession(id: $id) { status } }', id, 540_000),
      ),
    );
    expect(sessions.every((x) => x.status === 'COMPLETED')).toBe(true);

    const db = new pg.Client({ connectionString: s.databaseUrl });
    await db.connect();
    try {
      const q = async (sql: string): Promise<number> => (await db.query<{ n: number }>(sql)).rows[0]?.n ?? -1;
      expect(await q(`SELECT count(*)::int AS n FROM "AnalysisSession" WHERE status = 'COMPLETED'`)).toBe(200);
      expect(await q(`SELECT count(*)::int AS n FROM "Face"`)).toBe(200);
      expect(await q(`SELECT count(*)::int AS n FROM "StageRun"`)).toBe(200);
      // Two jobs per worker run at a time; BullMQ reports every job completed once.
      expect(await cluster.queue.getCompletedCount()).toBe(200);
    } finally {
      await db.end();
    }
    expect(await s.redis.keys(`${s.prefix}:image:*`)).toEqual([]);
  });
});
