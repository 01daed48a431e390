import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIVENESS_DECISION_QUEUE } from '../../src/transport/bullmq-decision-queue.ts';
import { subscribeWs } from '../support/graphql-client.ts';
import { createSession, finishSession, heldPrintFrames, sendAll } from '../support/liveness.ts';
import { fixture } from '../support/paths.ts';
import { startQueueCluster, type QueueCluster } from '../support/queue-cluster.ts';
import { queueServices, type QueueServices } from '../support/services.ts';

// Liveness sessions in queue mode: frames analysed by a worker process, the decision run as a BullMQ job
// by a worker, progress heard on another API replica (events over Redis), on PostgreSQL + Redis.
const services = await queueServices('liveness_queue');

describe.skipIf(!services)('liveness sessions in queue mode', () => {
  const s = services as QueueServices;
  let cluster: QueueCluster;
  beforeAll(async () => {
    cluster = await startQueueCluster(s, { apis: 2, workers: 1 });
  }, 180_000);
  afterAll(async () => {
    await cluster?.stop();
    await s.cleanup();
  });

  it('frames sent to one replica, progress heard on the other, the decision taken by a worker from the liveness-decisions queue', async () => {
    const [apiA, apiB] = cluster.apis as [QueueCluster['apis'][number], QueueCluster['apis'][number]];
    const created = await createSession(apiA.url, 'PASSIVE');
    expect(created.errors, JSON.stringify(created.errors)).toBeUndefined();
    const id = created.data?.createLivenessSession.id as string;
    const heard = subscribeWs<{ livenessSessionProgress: { type: string; framesReceived: number; verdict: string | null } }>(
      apiB.url,
      'subscription($id: ID!) { livenessSessionProgress(sessionId: $id) { type framesReceived verdict } }',
      { id },
      120_000,
    );
    await new Promise((r) => setTimeout(r, 500));
    const frames = await heldPrintFrames(readFileSync(fixture('id_obama_1.jpg')), 20);
    await sendAll(apiA.url, id, frames, 15);
    const decided = (await finishSession(apiB.url, id)).data?.finishLivenessSession;
    expect(decided?.status).toBe('DECIDED');
    expect(decided?.verdict).toBe('SPOOF');
    const events = (await heard).map((e) => e.livenessSessionProgress);
    expect(events.filter((e) => e.type === 'PROGRESS').map((e) => e.framesReceived)).toEqual([0, 10, 20]);
    expect(events.at(-1)).toMatchObject({ type: 'DECIDED', verdict: 'SPOOF' });

    // The decision ran as a job of the worker process, not in the API.
    const connection = new Redis(s.redisUrl, { maxRetriesPerRequest: null });
    const queue = new Queue(LIVENESS_DECISION_QUEUE, { connection, prefix: s.prefix });
    try {
      const job = await queue.getJob(Buffer.from(id, 'base64').toString().split(':')[1] ?? '');
      expect(await job?.getState()).toBe('completed');
      expect(job?.processedBy).toContain(`:${cluster.workers[0]?.child.pid}`);
      expect(cluster.workers[0]?.lines.some((l) => l.includes('liveness session decided'))).toBe(true);
    } finally {
      await queue.close();
      connection.disconnect();
    }
  }, 180_000);
});
