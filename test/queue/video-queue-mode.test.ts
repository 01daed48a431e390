// Video analysis in queue mode: uploads streamed by an API replica into an S3-compatible bucket (a local
// server started here), decoded by a worker process from the bucket, that worker killed mid-video, the job
// taken over by the other worker and completed once (no duplicate tracks), progress heard on the other
// replica (events over Redis), the bucket empty at the end. Still images take the bucket too (IMAGE_STORE=blob). PostgreSQL + pgvector and Redis are real.
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VIDEO_QUEUE } from '../../src/transport/bullmq-video-queue.ts';
import { createS3BlobStore } from '../../src/transport/s3-blob-store.ts';
import { requireFfmpeg } from '../support/ffmpeg.ts';
import { gql, subscribeWs, upload } from '../support/graphql-client.ts';
import { samplePath } from '../support/model-paths.ts';
import { startQueueCluster, type QueueCluster } from '../support/queue-cluster.ts';
import { startS3Server, type S3Server } from '../support/s3-server.ts';
import { queueServices, type QueueServices } from '../support/services.ts';
import { photoSwitchClip } from '../support/video-clips.ts';

const ffmpeg = requireFfmpeg('video analysis in queue mode');
const services = ffmpeg ? await queueServices('video_queue') : null;

interface Progress {
  videoProgress: { type: string; framesDone: number; track: { trackId: number } | null };
}

describe.skipIf(!services)('video analysis in queue mode (S3 blobs, worker killed mid-video)', () => {
  const s = services as QueueServices;
  let cluster: QueueCluster;
  let s3: S3Server;
  let dir: string;
  let blobs: ReturnType<typeof createS3BlobStore>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'video-queue-'));
    s3 = await startS3Server();
    const s3Env = {
      BLOB_S3_BUCKET: s3.bucket,
      BLOB_S3_ENDPOINT: s3.endpoint,
      BLOB_S3_REGION: s3.region,
      BLOB_S3_ACCESS_KEY_ID: s3.accessKeyId,
      BLOB_S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
      BLOB_S3_PREFIX: `${s.prefix}/`,
    };
    blobs = createS3BlobStore({ ...s3, forcePathStyle: true, prefix: s3Env.BLOB_S3_PREFIX });
    // Still images go through the bucket too (IMAGE_STORE=blob): the enrollments' images must be gone at the end as well.
    cluster = await startQueueCluster(s, { apis: 2, workers: 2 }, { ...s3Env, IMAGE_STORE: 'blob', WORKER_LOCK_MS: '3000' });
  }, 240_000);
  afterAll(async () => {
    await cluster?.stop();
    blobs?.close();
    await s3?.close();
    await s.cleanup();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('a worker killed mid-video: the other one starts over and completes it once, with its two tracks identified; progress on the other replica; no blob left', async () => {
    const [apiA, apiB] = cluster.apis as [QueueCluster['apis'][number], QueueCluster['apis'][number]];
    const persons: Record<string, string> = {};
    for (const [name, file] of [
      ['Barack Obama', 'id_obama_2.jpg'],
      ['Joe Biden', 'id_biden_1.jpg'],
    ] as const) {
      const created = await gql<{ createPerson: { id: string } }>(apiA.url, 'mutation($name: String!) { createPerson(name: $name) { id } }', { name });
      persons[name] = created.data?.createPerson.id as string;
      const enrolled = await upload(
        apiA.url,
        'mutation($personId: ID!, $image: File!) { enrollFace(personId: $personId, image: $image) { id } }',
        { image: { bytes: await readFile(samplePath(file)), name: file } },
        { personId: persons[name] },
      );
      expect(enrolled.body.errors, JSON.stringify(enrolled.body.errors)).toBeUndefined();
    }
    expect(await blobs.list('images/')).toEqual([]);

    const clip = await photoSwitchClip(ffmpeg!, dir, 'id_obama_1.jpg', 'id_biden_2.jpg');
    const sent = await upload<{ analyzeVideo: { id: string; status: string } }>(
      apiA.url,
      'mutation($video: File!) { analyzeVideo(video: $video, sampleFps: 10, maxFrames: 60) { id status } }',
      { video: { bytes: await readFile(clip), name: 'switch.mp4', type: 'video/mp4' } },
    );
    expect(sent.body.errors, JSON.stringify(sent.body.errors)).toBeUndefined();
    const id = sent.body.data!.analyzeVideo.id;
    expect((await blobs.list('')).length).toBe(1);

    // Followed on the other replica; the worker holding the job is killed once it is a few frames in.
    const uuid = Buffer.from(id, 'base64').toString().split(':')[1] ?? '';
    const connection = new Redis(s.redisUrl, { maxRetriesPerRequest: null });
    const queue = new Queue(VIDEO_QUEUE, { connection, prefix: s.prefix });
    let killed: number | undefined;
    const heard = subscribeWs<Progress>(
      apiB.url,
      'subscription($id: ID!) { videoProgress(id: $id) { type framesDone track { trackId } } }',
      { id },
      180_000,
      (event) => {
        if (killed !== undefined || event.videoProgress.type !== 'FRAMES' || event.videoProgress.framesDone < 3) return;
        void queue.getJob(uuid).then((job) => {
          const pid = Number(job?.processedBy?.split(':').pop());
          const worker = cluster.workers.find((w) => w.child.pid === pid);
          if (!worker || killed !== undefined) return;
          killed = pid;
          worker.kill('SIGKILL');
        });
      },
    );
    try {
      const events = (await heard).map((e) => e.videoProgress);
      const types = events.map((e) => e.type);
      expect(killed, `no worker was killed; events: ${types.join(',')}`).toBeDefined();
      expect(types.filter((t) => t === 'STARTED').length).toBeGreaterThanOrEqual(1);
      expect(types.filter((t) => t === 'COMPLETED')).toHaveLength(1);
      expect(types.at(-1)).toBe('COMPLETED');
      // The survivor finished it (BullMQ marks the job once the handler has returned, just after COMPLETED was published).
      let state = '';
      for (let i = 0; i < 50 && state !== 'completed'; i++) {
        state = String(await (await queue.getJob(uuid))?.getState());
        if (state !== 'completed') await new Promise((r) => setTimeout(r, 100));
      }
      expect(state).toBe('completed');
      expect((await queue.getJob(uuid))?.processedBy).not.toContain(`:${killed}`);
    } finally {
      await queue.close();
      connection.disconnect();
    }

    const { data } = await gql<{
      videoAnalysis: {
        status: string;
        framesDone: number;
        faceTracks: { edges: { node: { trackId: number; firstSeconds: number; identification: { person: { name: string } | null } | null } }[] };
      };
    }>(
      apiB.url,
      'query($id: ID!) { videoAnalysis(id: $id) { status framesDone faceTracks { edges { node { trackId firstSeconds identification { person { name } } } } } } }',
      { id },
    );
    const analysis = data!.videoAnalysis;
    expect(analysis.status).toBe('COMPLETED');
    expect(analysis.framesDone).toBeGreaterThanOrEqual(38);
    const tracks = analysis.faceTracks.edges.map((e) => e.node);
    expect(tracks.map((t) => t.trackId)).toEqual([1, 2]);
    expect(tracks.map((t) => t.identification?.person?.name)).toEqual(['Barack Obama', 'Joe Biden']);
    expect(Math.abs((tracks[1]?.firstSeconds ?? 0) - 2)).toBeLessThanOrEqual(0.1);

    // Stored once: exactly its two tracks and one row per frame face, in PostgreSQL itself; the attempt was counted twice.
    const db = new pg.Client({ connectionString: s.databaseUrl });
    await db.connect();
    try {
      const rows = await db.query<{ tracks: number; faces: number; distinct_faces: number; attempts: number; blob: string | null }>(
        `SELECT (SELECT count(*)::int FROM "VideoFaceTrack" WHERE "videoAnalysisId" = $1) AS tracks,
                (SELECT count(*)::int FROM "VideoFrameFace" WHERE "videoAnalysisId" = $1) AS faces,
                (SELECT count(DISTINCT ("frameIndex", "faceIndex"))::int FROM "VideoFrameFace" WHERE "videoAnalysisId" = $1) AS distinct_faces,
                a.attempts, a."blobKey" AS blob
           FROM "VideoAnalysis" a WHERE a.id = $1`,
        [uuid],
      );
      const row = rows.rows[0]!;
      expect(row.tracks).toBe(2);
      expect(row.faces).toBe(row.distinct_faces);
      expect(row.attempts).toBe(2);
      expect(row.blob).toBeNull();
    } finally {
      await db.end();
    }
    expect(await blobs.list('')).toEqual([]);

    // What KEDA and the dashboards read: the video queue's backlog on the API, the ended analysis on the survivor's /metrics.
    const apiMetrics = await (await fetch(apiA.url.replace(/\/graphql$/, '/metrics'))).text();
    expect(apiMetrics).toMatch(/^video_queue_jobs\{[^}]*state="waiting"[^}]*\} 0$/m);
    const survivor = cluster.workers.find((w) => w.child.pid !== killed)!;
    const workerMetrics = await (await fetch(`${String(survivor.readyLine.metricsUrl)}/metrics`)).text();
    expect(workerMetrics).toMatch(/^video_analyses_total\{[^}]*status="COMPLETED"[^}]*\} 1$/m);
    expect(Number(/^video_frames_analyzed_total\{[^}]*\} (\d+)$/m.exec(workerMetrics)?.[1])).toBeGreaterThanOrEqual(38);
  }, 240_000);
});
