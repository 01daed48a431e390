import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeImagesMutation, batchOf20, batchProgressSubscription, type BatchEvent } from '../support/batches.ts';
import { analyzeMutation, collectWs, gql, subscribeWs, upload, uploadList, waitForSession } from '../support/graphql-client.ts';
import { undecodablePng } from '../support/images.ts';
import { startWorker, type Spawned } from '../support/processes.ts';
import { startQueueCluster, type QueueCluster } from '../support/queue-cluster.ts';
import { queueServices, type QueueServices } from '../support/services.ts';

// Queue mode on real PostgreSQL (pgvector) and Redis, with the API and the workers as separate OS processes.
const services = await queueServices('queue_mode');

const sessionQuery = /* GraphQL */ `
  query ($id: ID!) {
    analysisSession(id: $id) {
      id
      status
      error {
        code
        message
      }
      stageRuns {
        stage
        status
      }
      faces {
        id
        liveness {
          verdict
        }
      }
    }
  }
`;
interface Session {
  id: string;
  status: string;
  error: { code: string } | null;
  stageRuns: { stage: string; status: string }[];
  faces: { id: string; liveness: { verdict: string } | null }[];
}

describe.skipIf(!services)('queue mode: API replicas and worker processes over PostgreSQL + Redis', () => {
  const s = services as QueueServices;
  let cluster: QueueCluster;
  let apiA: QueueCluster['apis'][number];
  let apiB: QueueCluster['apis'][number];
  let worker1: Spawned;
  let queue: Queue;

  beforeAll(async () => {
    cluster = await startQueueCluster(s, { apis: 2, workers: 1 }, { SHUTDOWN_TIMEOUT_MS: '30000' });
    [apiA, apiB] = cluster.apis as [typeof apiA, typeof apiB];
    worker1 = cluster.workers[0] as Spawned;
    queue = cluster.queue;
  }, 300_000);
  afterAll(async () => {
    await cluster?.stop();
    await s?.cleanup();
  });

  /** A worker started during a test; stopped with the cluster. */
  const addWorker = async (): Promise<Spawned> => {
    const worker = await startWorker(cluster.env);
    cluster.workers.push(worker);
    return worker;
  };

  /** Whether `worker` is running one of the queue's jobs now (BullMQ records the worker's name, host:pid). */
  const runningOn = async (worker: Spawned): Promise<boolean> => (await queue.getActive()).some((job) => job.processedBy?.endsWith(`:${worker.child.pid}`));

  const submit = (url: string): Promise<string> => cluster.submit(url, ['ANTI_SPOOFING', 'RECOGNITION']);

  it('serves queue mode: serverInfo says so', async () => {
    const { data } = await gql<{ serverInfo: { mode: string; database: string } }>(apiB.url, '{ serverInfo { mode database } }');
    expect(data?.serverInfo).toEqual({ mode: 'queue', database: 'postgres' });
  });

  it('a client uploading on replica A and subscribed on replica B sees every stage event and the final one', async () => {
    // Live only (no replay): this verdict can reach B only through Redis, as it happens.
    const verdicts = collectWs<{ livenessVerdicts: { verdict: string; sessionId: string } }>(
      apiB.url,
      'subscription { livenessVerdicts { verdict sessionId } }',
      1,
    );
    await new Promise((r) => setTimeout(r, 300));
    const id = await submit(apiA.url);
    const events = await subscribeWs<{ analysisProgress: { type: string; stage: string | null } }>(
      apiB.url,
      'subscription($id: ID!) { analysisProgress(sessionId: $id) { type stage } }',
      { id },
    );
    const seq = events.map((e) => `${e.analysisProgress.type}:${e.analysisProgress.stage ?? ''}`);
    const stages = ['DETECTION', 'ANTI_SPOOFING', 'ALIGNMENT', 'LANDMARKS', 'QUALITY', 'RECOGNITION'];
    expect(seq).toEqual(['QUEUED:', ...stages.flatMap((st) => [`STAGE_STARTED:${st}`, `STAGE_FINISHED:${st}`]), 'COMPLETED:']);
    const session = await waitForSession<Session>(apiB.url, sessionQuery, id);
    expect(session.faces[0]?.liveness?.verdict).toBe('LIVE');
    expect((await verdicts).map((v) => v.livenessVerdicts)).toEqual([{ verdict: 'LIVE', sessionId: id }]);
  });

  it('gallery events cross replicas: a person created on A reaches a galleryEvents subscriber on B', async () => {
    const onB = collectWs<{ galleryEvents: { type: string; personId: string; person: { name: string } | null } }>(
      apiB.url,
      'subscription { galleryEvents { type personId person { name } } }',
      1,
    );
    await new Promise((r) => setTimeout(r, 500));
    const created = await gql<{ createPerson: { id: string } }>(apiA.url, 'mutation { createPerson(name: "Grace Hopper") { id } }');
    expect((await onB).map((e) => e.galleryEvents)).toEqual([
      { type: 'PERSON_CREATED', personId: created.data?.createPerson.id, person: { name: 'Grace Hopper' } },
    ]);
  });

  it('fails an undecodable image with BAD_IMAGE after exactly one attempt', async () => {
    const broken = await undecodablePng();
    const { body } = await upload<{ analyzeImage: { id: string } }>(apiA.url, analyzeMutation, {
      image: { bytes: broken, name: 'broken.png', type: 'image/png' },
    });
    expect(body.errors).toBeUndefined();
    const id = body.data?.analyzeImage.id as string;
    const session = await waitForSession<Session>(apiA.url, sessionQuery, id);
    expect(session.status).toBe('FAILED');
    expect(session.error?.code).toBe('BAD_IMAGE');
    const uuid = Buffer.from(id, 'base64').toString().split(':')[1] as string;
    const job = await queue.getJob(uuid);
    expect(job?.attemptsStarted).toBe(1);
    expect(await s.redis.exists(`${s.prefix}:image:${uuid}`)).toBe(0);
  });

  it('a batch of 20 with one undecodable image, uploaded on A and followed on B: 19 COMPLETED, 1 FAILED with BAD_IMAGE, then a summary', async () => {
    const { body } = await uploadList<{ analyzeImages: { id: string } }>(apiA.url, analyzeImagesMutation, await batchOf20(12), { stages: ['DETECTION'] });
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    const events = await subscribeWs<BatchEvent>(apiB.url, batchProgressSubscription, { id: body.data?.analyzeImages.id });
    const items = events.filter((e) => e.batchProgress.type !== 'SUMMARY').map((e) => e.batchProgress);
    expect(items).toHaveLength(20);
    expect(items.filter((e) => e.type === 'ITEM_FAILED').map((e) => [e.index, e.error?.code])).toEqual([[12, 'BAD_IMAGE']]);
    expect(events.at(-1)?.batchProgress).toMatchObject({ type: 'SUMMARY', summary: { total: 20, completed: 19, failed: 1 } });
  }, 120_000);

  it('SIGKILL of a worker in the middle of a job: the job completes on the other worker, with no duplicate rows', async () => {
    await addWorker();
    const ids = await Promise.all(Array.from({ length: 6 }, () => submit(apiA.url)));
    // Kill worker 1 as soon as it is running one of these jobs.
    const deadline = Date.now() + 60_000;
    while (!(await runningOn(worker1)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(await runningOn(worker1)).toBe(true);
    worker1.kill('SIGKILL');
    await worker1.exited;
    const sessions = await Promise.all(ids.map((id) => waitForSession<Session>(apiA.url, sessionQuery, id, 120_000)));
    for (const session of sessions) {
      expect(session.status).toBe('COMPLETED');
      expect(session.faces).toHaveLength(1);
      expect(session.stageRuns.map((r) => r.stage)).toEqual(['DETECTION', 'ANTI_SPOOFING', 'ALIGNMENT', 'LANDMARKS', 'QUALITY', 'RECOGNITION']);
    }
    const imageKeys = await s.redis.keys(`${s.prefix}:image:*`);
    expect(imageKeys).toEqual([]);
  }, 240_000);

  it('SIGTERM of a worker with jobs in flight: they finish and the process exits before its deadline', async () => {
    const worker3 = await addWorker();
    const ids = await Promise.all(Array.from({ length: 4 }, () => submit(apiA.url)));
    const deadline = Date.now() + 60_000;
    while (!(await runningOn(worker3)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(await runningOn(worker3)).toBe(true);
    const stoppedAt = Date.now();
    worker3.kill('SIGTERM');
    const code = await worker3.exited;
    expect(code).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(30_000);
    expect(worker3.lines.some((l) => l.includes('worker stopped'))).toBe(true);
    const sessions = await Promise.all(ids.map((id) => waitForSession<Session>(apiA.url, sessionQuery, id, 120_000)));
    expect(sessions.every((x) => x.status === 'COMPLETED')).toBe(true);
  }, 240_000);
});
