import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYSIS_QUEUE } from '../../src/transport/bullmq-queue.ts';
import { gql } from '../support/graphql-client.ts';
import { requireFaultTools } from '../support/fault-tools.ts';
import { startOwnPostgres, startOwnRedis, type OwnPostgres, type OwnRedis } from '../support/own-services.ts';
import { startApi, type Spawned } from '../support/processes.ts';
import { superviseWorkers, type WorkerSupervisor } from '../support/worker-supervisor.ts';
import { uploadAtRate } from './load.ts';

// 300 uploads on 2 workers while a worker that holds an active job is SIGKILLed every 2 s (and started
// again, as a process manager would): every session reaches an end state exactly once, no face or
// stage run is written twice, and nothing is left waiting, active, delayed or failed.
const tools = requireFaultTools('worker kills');
const UPLOADS = 300;
const MIN_KILLS = 25;

describe.skipIf(!tools)('workers SIGKILLed under load', () => {
  let db: OwnPostgres;
  let redis: OwnRedis;
  let api: Spawned & { url: string };
  let workers: WorkerSupervisor;
  beforeAll(async () => {
    db = await startOwnPostgres();
    redis = await startOwnRedis();
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      REDIS_PREFIX: 'kills',
      WORKER_LOCK_MS: '4000',
      RECONCILE_INTERVAL_MS: '2000',
      JOB_BACKOFF_MS: '200',
      INFERENCE_THREADS: '1',
      ORT_INTRA_OP_THREADS: '1',
    };
    api = await startApi(env);
    workers = await superviseWorkers(2, env);
  }, 300_000);
  afterAll(async () => {
    await workers?.stop();
    api?.kill('SIGKILL');
    await api?.exited;
    await redis?.stop();
    db?.destroy();
  });

  it(`${UPLOADS} uploads, a SIGKILL every 2 s on a worker with an active job (>= ${MIN_KILLS}): every session terminal, no duplicates, an empty queue`, async () => {
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue(ANALYSIS_QUEUE, { connection, prefix: 'kills' });
    const sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    try {
      let uploading = true;
      const load = uploadAtRate(api.url, UPLOADS, 4).finally(() => {
        uploading = false;
      });
      let kills = 0;
      const deadline = Date.now() + 300_000;
      while ((uploading || kills < MIN_KILLS) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 2000));
        // The first worker seen holding an active job (job.processedBy names host:pid). A DETECTION job
        // takes tens of milliseconds, so look often until one is caught in the act, then wait 2 s again.
        for (const until = Date.now() + 2000; Date.now() < until;) {
          const busy = new Set((await queue.getActive()).map((job) => job.processedBy?.split(':').pop()));
          const victim = workers.current().find((w) => w && busy.has(String(w.child.pid)));
          if (victim) {
            victim.kill('SIGKILL');
            kills++;
            break;
          }
          await new Promise((r) => setTimeout(r, 25));
        }
      }
      const { accepted, refused } = await load;
      expect(refused.size).toBe(0);
      expect(accepted).toHaveLength(UPLOADS);
      expect(kills).toBeGreaterThanOrEqual(MIN_KILLS);

      type Node = { id: string; status: string; error: { code: string } | null };
      const query = 'query($ids: [ID!]!) { nodes(ids: $ids) { ... on AnalysisSession { id status error { code } } } }';
      const read = async (): Promise<Node[]> => {
        const chunks = await Promise.all(
          Array.from({ length: Math.ceil(accepted.length / 100) }, (_, i) =>
            gql<{ nodes: Node[] }>(api.url, query, { ids: accepted.slice(i * 100, i * 100 + 100) }),
          ),
        );
        return chunks.flatMap((c) => c.data?.nodes ?? []);
      };
      let nodes: Node[] = [];
      for (let i = 0; i < 300; i++) {
        nodes = await read();
        if (nodes.length === UPLOADS && nodes.every((n) => n.status === 'COMPLETED' || n.status === 'FAILED')) break;
        await new Promise((r) => setTimeout(r, 1000));
      }
      const completed = nodes.filter((n) => n.status === 'COMPLETED').length;
      const failed = nodes.filter((n) => n.status === 'FAILED');
      const { rows: faceRows } = await sql.query<{ faces: number; sessions: number; duplicated: number }>(
        `SELECT count(*)::int AS faces, count(DISTINCT "sessionId")::int AS sessions,
                (SELECT count(*)::int FROM (SELECT 1 FROM "Face" GROUP BY "sessionId", "faceIndex" HAVING count(*) > 1) d) AS duplicated FROM "Face"`,
      );
      const { rows: runRows } = await sql.query<{ runs: number; duplicated: number }>(
        `SELECT count(*)::int AS runs, (SELECT count(*)::int FROM (SELECT 1 FROM "StageRun" GROUP BY "sessionId", "stage" HAVING count(*) > 1) d) AS duplicated FROM "StageRun"`,
      );
      // A worker killed between ending its session and removing its failed job leaves the job behind:
      // the API's reconciler (every 2 s here) clears it.
      let counts = await queue.getJobCounts('wait', 'active', 'delayed', 'failed', 'prioritized');
      for (let i = 0; i < 20 && Object.values(counts).some((n) => n > 0); i++) {
        await new Promise((r) => setTimeout(r, 1000));
        counts = await queue.getJobCounts('wait', 'active', 'delayed', 'failed', 'prioritized');
      }
      console.log(
        `[worker-kills] ${UPLOADS} uploads, ${kills} SIGKILLs of busy workers (${workers.deaths()} restarts): ${completed} COMPLETED, ${failed.length} FAILED ` +
          `(${failed.map((f) => f.error?.code).join(', ') || 'none'}); faces ${faceRows[0]?.faces} in ${faceRows[0]?.sessions} sessions, ${faceRows[0]?.duplicated} duplicated; ` +
          `stage runs ${runRows[0]?.runs}, ${runRows[0]?.duplicated} duplicated; queue ${JSON.stringify(counts)}`,
      );
      expect(nodes).toHaveLength(UPLOADS);
      expect(completed + failed.length).toBe(UPLOADS);
      // A job can only fail here by crashing its worker three times.
      for (const f of failed) expect(f.error?.code).toBe('WORKER_CRASHED');
      expect(faceRows[0]?.duplicated).toBe(0);
      expect(runRows[0]?.duplicated).toBe(0);
      // One face per photo of one person, one DETECTION run per session that completed.
      expect(faceRows[0]?.faces).toBeGreaterThanOrEqual(completed);
      expect(faceRows[0]?.faces).toBe(faceRows[0]?.sessions);
      expect(counts).toEqual({ wait: 0, active: 0, delayed: 0, failed: 0, prioritized: 0 });
    } finally {
      await sql.end();
      await queue.close();
      connection.disconnect();
    }
  });
});
