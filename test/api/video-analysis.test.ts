// analyzeVideo end to end in embedded mode: a clip made with ffmpeg from photo A (2 s) then photo B (2 s) at
// 10 fps, uploaded as a multipart request, decoded by ffmpeg, every frame through the real models, tracked,
// each track identified against the gallery; progress over graphql-ws; bad files refused with their codes;
// tenancy and roles; nothing left in the blob store.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireFfmpeg } from '../support/ffmpeg.ts';
import { collectWs, gql, subscribeWs, upload, type GraphQLResponse } from '../support/graphql-client.ts';
import { MODELS_DIR, samplePath } from '../support/model-paths.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { AUTH_ENV, bearer } from '../support/tokens.ts';
import { audioOnlyFile, photoSwitchClip, testPatternClip } from '../support/video-clips.ts';
import { graphqlBody, rawVideoUpload, sendRawVideo, type RawUpload } from '../support/video-upload.ts';
import { createFsBlobStore } from '../../src/transport/blob-store.ts';

const ffmpeg = requireFfmpeg('analyzeVideo through the API');
const HAVE_MODELS = existsSync(MODELS_DIR);
if (!HAVE_MODELS) console.warn(`SKIPPED: analyzeVideo through the API: models dir ${MODELS_DIR} not found (set MODELS_DIR).`);

const MAX_VIDEO_BYTES = 3_000_000;
const analyze = /* GraphQL */ `
  mutation ($video: File!, $sampleFps: Float, $maxFrames: Int, $stages: [VideoStage!]) {
    analyzeVideo(video: $video, sampleFps: $sampleFps, maxFrames: $maxFrames, stages: $stages) {
      id
      status
      durationSeconds
      sourceFps
      width
      height
      sampleFps
      framesTotal
      stages
    }
  }
`;
const tracksQuery = /* GraphQL */ `
  query ($id: ID!) {
    videoAnalysis(id: $id) {
      status
      framesDone
      trackCount
      frameWidth
      frameHeight
      error {
        code
      }
      faceTracks(first: 10) {
        edges {
          node {
            trackId
            firstSeconds
            lastSeconds
            frames
            bestFace {
              frameIndex
              timestampSeconds
              quality
              box {
                width
              }
            }
            identification {
              decision
              similarity
              person {
                name
              }
            }
            liveness {
              liveScore
              verdict
            }
            deepfake {
              score
              verdict
              strategy
            }
            ageGender {
              age
              gender
            }
          }
        }
      }
    }
  }
`;

interface Analysis {
  id: string;
  status: string;
  durationSeconds: number;
  sourceFps: number;
  width: number;
  height: number;
  sampleFps: number;
  framesTotal: number;
  stages: string[];
}
interface Track {
  trackId: number;
  firstSeconds: number;
  lastSeconds: number;
  frames: number;
  bestFace: { frameIndex: number; timestampSeconds: number; quality: number | null; box: { width: number } };
  identification: { decision: string; similarity: number | null; person: { name: string } | null } | null;
  liveness: { liveScore: number; verdict: string } | null;
  deepfake: { score: number; verdict: string; strategy: string | null } | null;
  ageGender: { age: number | null; gender: string | null } | null;
}
interface Progress {
  videoProgress: { type: string; framesDone: number; framesTotal: number; track: { trackId: number; firstSeconds: number } | null };
}

describe.skipIf(!ffmpeg || !HAVE_MODELS)('analyzeVideo (embedded mode, real models, ffmpeg)', () => {
  let app: TestApp;
  let dir: string;
  let admin: Record<string, string>;
  let viewer: Record<string, string>;
  let other: Record<string, string>;
  const persons: Record<string, string> = {};

  const send = (file: { bytes: Uint8Array; name: string; type?: string }, variables: Record<string, unknown> = {}, headers = admin) =>
    upload<{ analyzeVideo: Analysis }>(app.url, analyze, { video: { type: 'video/mp4', ...file } }, { sampleFps: 10, maxFrames: 60, ...variables }, headers);
  const fileOf = (path: string) => ({ bytes: new Uint8Array(readFileSync(path)), name: path.split('/').pop() ?? 'video.mp4' });
  /** Files under the app's blob folder: every upload must be gone once its analysis ended or was refused. */
  const blobFiles = (): Promise<string[]> => createFsBlobStore(join(app.dataDir, 'blobs')).list('');
  const waitEnded = async (id: string): Promise<{ status: string; framesDone: number; frameWidth: number | null; frameHeight: number | null }> => {
    for (let i = 0; i < 600; i++) {
      const { data } = await gql<{ videoAnalysis: { status: string; framesDone: number; frameWidth: number | null; frameHeight: number | null } }>(
        app.url,
        'query($id: ID!) { videoAnalysis(id: $id) { status framesDone frameWidth frameHeight } }',
        { id },
        admin,
      );
      if (data && ['COMPLETED', 'FAILED'].includes(data.videoAnalysis.status)) return data.videoAnalysis;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`video analysis ${id} did not end`);
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'video-api-'));
    app = await startTestApp({
      ...AUTH_ENV,
      MAX_VIDEO_BYTES,
      MAX_VIDEO_SECONDS: 20,
      VIDEO_MAX_FRAMES: 200,
      MAX_QUEUED_VIDEOS_PER_TENANT: 1,
      VIDEO_UPLOADS_IN_FLIGHT: 1,
    });
    admin = await bearer({ sub: 'admin-1', tenant: 'acme', roles: ['admin'] });
    viewer = await bearer({ sub: 'viewer-1', tenant: 'acme', roles: ['viewer'] });
    other = await bearer({ sub: 'admin-2', tenant: 'elsewhere', roles: ['admin'] });
    for (const [name, file] of [
      ['Barack Obama', 'id_obama_2.jpg'],
      ['Joe Biden', 'id_biden_1.jpg'],
    ] as const) {
      const created = await gql<{ createPerson: { id: string } }>(app.url, 'mutation($name: String!) { createPerson(name: $name) { id } }', { name }, admin);
      persons[name] = created.data?.createPerson.id as string;
      const enrolled = await upload(
        app.url,
        'mutation($personId: ID!, $image: File!) { enrollFace(personId: $personId, image: $image) { id } }',
        { image: { bytes: new Uint8Array(readFileSync(samplePath(file))), name: file } },
        { personId: persons[name] },
        admin,
      );
      expect(enrolled.body.errors, JSON.stringify(enrolled.body.errors)).toBeUndefined();
    }
  }, 180_000);
  afterAll(async () => {
    await app?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('photo A then photo B: two tracks, the switch at 2.0 s within one frame interval, each identified; progress streamed; the upload deleted', async () => {
    const clip = await photoSwitchClip(ffmpeg!, dir, 'id_obama_1.jpg', 'id_biden_2.jpg');
    const sent = await send(fileOf(clip));
    expect(sent.body.errors, JSON.stringify(sent.body.errors)).toBeUndefined();
    const analysis = sent.body.data!.analyzeVideo;
    expect(analysis).toMatchObject({ status: 'QUEUED', width: 640, height: 480, sampleFps: 10 });
    expect(analysis.durationSeconds).toBeCloseTo(4, 1);
    expect(analysis.framesTotal).toBe(40);
    expect(analysis.stages).toEqual(expect.arrayContaining(['DETECTION', 'RECOGNITION', 'IDENTIFICATION', 'ANTI_SPOOFING', 'DEEPFAKE']));

    const events: Progress[] = await subscribeWs<Progress>(
      app.url,
      'subscription($id: ID!) { videoProgress(id: $id) { type framesDone framesTotal track { trackId firstSeconds } } }',
      { id: analysis.id },
      180_000,
      undefined,
      { authorization: admin.authorization },
    ).catch(async (error: unknown) => {
      throw new Error(`${String(error)}; stored: ${JSON.stringify((await gql(app.url, tracksQuery, { id: analysis.id }, admin)).data)}`);
    });
    expect(events.length).toBeGreaterThan(0);
    const types = events.map((e) => e.videoProgress.type);
    expect(types.at(-1)).toBe('COMPLETED');
    expect(types.filter((t) => t === 'TRACK_FORMED')).toHaveLength(2);
    // Track 1 ends at the latest with the video (it might come back within 2 s of the cut), track 2 with the video.
    expect(events.filter((e) => e.videoProgress.type === 'TRACK_ENDED').map((e) => e.videoProgress.track?.trackId)).toEqual([1, 2]);
    const framesSeen = events.filter((e) => e.videoProgress.type === 'FRAMES').map((e) => e.videoProgress.framesDone);
    expect(framesSeen).toEqual([...framesSeen].sort((a, b) => a - b));

    const { data, errors } = await gql<{
      videoAnalysis: {
        status: string;
        framesDone: number;
        trackCount: number;
        frameWidth: number;
        frameHeight: number;
        faceTracks: { edges: { node: Track }[] };
      };
    }>(app.url, tracksQuery, { id: analysis.id }, admin);
    expect(errors, JSON.stringify(errors)).toBeUndefined();
    const stored = data!.videoAnalysis;
    expect(stored.status).toBe('COMPLETED');
    expect(stored.framesDone).toBeGreaterThanOrEqual(38);
    // 640x480 is under VIDEO_FRAME_MAX_SIDE: the boxes are in the source's pixels.
    expect(stored).toMatchObject({ frameWidth: 640, frameHeight: 480 });
    const tracks = stored.faceTracks.edges.map((e) => e.node);
    console.log(
      `analyzeVideo A-then-B: ${tracks.map((t) => `#${t.trackId} ${t.firstSeconds}-${t.lastSeconds} s ${t.identification?.person?.name} (${t.identification?.similarity?.toFixed(3)})`).join(', ')}`,
    );
    expect(tracks).toHaveLength(2);
    expect(stored.trackCount).toBe(2);
    const [a, b] = tracks as [Track, Track];
    expect(a.firstSeconds).toBeLessThanOrEqual(0.1);
    expect(Math.abs(b.firstSeconds - 2.0)).toBeLessThanOrEqual(0.1);
    expect(b.firstSeconds - a.lastSeconds).toBeLessThanOrEqual(0.1 + 1e-9);
    expect(a.identification).toMatchObject({ decision: 'MATCH', person: { name: 'Barack Obama' } });
    expect(b.identification).toMatchObject({ decision: 'MATCH', person: { name: 'Joe Biden' } });
    for (const t of tracks) {
      expect(t.frames).toBeGreaterThanOrEqual(18);
      expect(t.bestFace.timestampSeconds).toBeGreaterThanOrEqual(t.firstSeconds);
      expect(t.bestFace.timestampSeconds).toBeLessThanOrEqual(t.lastSeconds);
      expect(t.bestFace.quality).toBeGreaterThan(0);
      expect(t.liveness?.liveScore).toBeGreaterThanOrEqual(0);
      expect(['REAL', 'FAKE', 'UNCERTAIN']).toContain(t.deepfake?.verdict);
      expect(['CONFIDENT_FAKE', 'CONFIDENT_REAL', 'MEAN']).toContain(t.deepfake?.strategy);
      expect(t.ageGender?.age).toBeGreaterThan(10);
    }

    // Per-frame faces page through a connection, in frame order, and by track.
    const page = async (after: string | null, trackId: number | null = null) =>
      (
        await gql<{
          videoAnalysis: {
            frameFaces: { edges: { cursor: string; node: { frameIndex: number; trackId: number | null } }[]; pageInfo: { hasNextPage: boolean } };
          };
        }>(
          app.url,
          'query($id: ID!, $after: String, $trackId: Int) { videoAnalysis(id: $id) { frameFaces(first: 15, after: $after, trackId: $trackId) { edges { cursor node { frameIndex trackId } } pageInfo { hasNextPage } } } }',
          { id: analysis.id, after, trackId },
          admin,
        )
      ).data!.videoAnalysis.frameFaces;
    const faces: { frameIndex: number; trackId: number | null }[] = [];
    let after: string | null = null;
    for (;;) {
      const p = await page(after);
      faces.push(...p.edges.map((e) => e.node));
      if (!p.pageInfo.hasNextPage) break;
      after = p.edges.at(-1)!.cursor;
    }
    expect(faces.length).toBe(a.frames + b.frames + faces.filter((f) => f.trackId === null).length);
    expect(faces.map((f) => f.frameIndex)).toEqual([...faces.map((f) => f.frameIndex)].sort((x, y) => x - y));
    expect((await page(null, 2)).edges.every((e) => e.node.trackId === 2)).toBe(true);
    expect(await blobFiles()).toEqual([]);

    // Another tenant sees nothing, over HTTP and over graphql-ws; a viewer reads but cannot upload.
    const elsewhere = await gql(app.url, 'query($id: ID!) { videoAnalysis(id: $id) { status } }', { id: analysis.id }, other);
    expect(elsewhere.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const followed = await collectWs(
      app.url,
      'subscription($id: ID!) { videoProgress(id: $id) { type } }',
      1,
      { id: analysis.id },
      { authorization: other.authorization },
    ).catch((e: unknown) => (e instanceof Error ? e.message : JSON.stringify(e)));
    expect(followed).toContain('NOT_FOUND');
    const mine = await collectWs<Progress>(
      app.url,
      'subscription($id: ID!) { videoProgress(id: $id) { type framesDone } }',
      1,
      { id: analysis.id },
      { authorization: admin.authorization },
    );
    expect(mine[0]?.videoProgress).toMatchObject({ type: 'COMPLETED', framesDone: stored.framesDone });
    expect((await gql(app.url, 'query($id: ID!) { videoAnalysis(id: $id) { status } }', { id: analysis.id }, viewer)).errors).toBeUndefined();
    const refused = await send(fileOf(clip), {}, viewer);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await blobFiles()).toEqual([]);

    // Erased with its tracks.
    expect(
      (await gql<{ deleteVideoAnalysis: boolean }>(app.url, 'mutation($id: ID!) { deleteVideoAnalysis(id: $id) }', { id: analysis.id }, other)).errors?.[0]
        ?.extensions?.code,
    ).toBe('NOT_FOUND');
    expect(
      (await gql<{ deleteVideoAnalysis: boolean }>(app.url, 'mutation($id: ID!) { deleteVideoAnalysis(id: $id) }', { id: analysis.id }, admin)).data
        ?.deleteVideoAnalysis,
    ).toBe(true);
    expect((await gql(app.url, 'query($id: ID!) { videoAnalysis(id: $id) { status } }', { id: analysis.id }, admin)).errors?.[0]?.extensions?.code).toBe(
      'NOT_FOUND',
    );
  }, 240_000);

  it('refuses what is not a usable video with its code (HTTP 413 when cut off while streaming, else a GraphQL error as for images), leaves nothing stored, and keeps serving', async () => {
    const pattern = await testPatternClip(ffmpeg!, dir, { seconds: 3 });
    const patternBytes = readFileSync(pattern);
    const faststart = readFileSync(await testPatternClip(ffmpeg!, dir, { seconds: 3, faststart: true, name: 'faststart.mp4' }));
    const long = await testPatternClip(ffmpeg!, dir, { seconds: 25, size: '64x48', name: 'long.mp4' });
    const tone = await audioOnlyFile(ffmpeg!, dir);
    const cases: [string, { bytes: Uint8Array; name: string }, string, number, Record<string, unknown>?][] = [
      ['text', { bytes: new TextEncoder().encode('not a video at all\n'.repeat(100)), name: 'notes.mp4' }, 'BAD_VIDEO', 200],
      ['empty', { bytes: new Uint8Array(), name: 'empty.mp4' }, 'BAD_VIDEO', 200],
      ['a JPEG', fileOf(samplePath('id_obama_1.jpg')), 'BAD_VIDEO', 200],
      // A playlist named .mp4 must not make ffmpeg open the server's own files.
      [
        'an HLS playlist',
        { bytes: new TextEncoder().encode('#EXTM3U\n#EXTINF:1,\nfile:///etc/hostname\n#EXT-X-ENDLIST\n'), name: 'list.mp4' },
        'BAD_VIDEO',
        200,
      ],
      ['audio only', fileOf(tone), 'BAD_VIDEO', 200],
      [
        'truncated (index at the end)',
        { bytes: new Uint8Array(patternBytes.subarray(0, Math.floor(patternBytes.length * 0.6))), name: 'cut.mp4' },
        'BAD_VIDEO',
        200,
      ],
      ['truncated (index first)', { bytes: new Uint8Array(faststart.subarray(0, 2000)), name: 'cut-faststart.mp4' }, 'BAD_VIDEO', 200],
      ['longer than MAX_VIDEO_SECONDS', fileOf(long), 'VIDEO_TOO_LARGE', 200],
      ['over MAX_VIDEO_BYTES', { bytes: new Uint8Array(MAX_VIDEO_BYTES + 500_000).fill(7), name: 'huge.mp4' }, 'VIDEO_TOO_LARGE', 413],
      ['sampleFps 0', fileOf(pattern), 'BAD_USER_INPUT', 200, { sampleFps: 0 }],
      ['maxFrames over VIDEO_MAX_FRAMES', fileOf(pattern), 'BAD_USER_INPUT', 200, { maxFrames: 201 }],
    ];
    for (const [name, file, code, status, variables] of cases) {
      const answer = await send(file, variables);
      const error = answer.body.errors?.[0];
      expect(error?.extensions?.code, `${name}: ${JSON.stringify(answer.body)}`).toBe(code);
      expect(error?.message, name).not.toMatch(/\bat\s.+\(.+:\d+:\d+\)/);
      expect(answer.status, name).toBe(status);
      expect(await blobFiles(), name).toEqual([]);
    }
    // Still serving, and a good clip still goes through; a second one while it is queued is over MAX_QUEUED_VIDEOS_PER_TENANT (1 here).
    // Full HD: sampled frames are scaled to VIDEO_FRAME_MAX_SIDE (1280), and the analysis says so.
    const fullHd = fileOf(await testPatternClip(ffmpeg!, dir, { seconds: 3, size: '1920x1080', name: 'full-hd.mp4' }));
    const ok = await send(fullHd, { stages: ['DETECTION'] });
    expect(ok.body.errors, JSON.stringify(ok.body.errors)).toBeUndefined();
    const second = await send(fileOf(pattern), { stages: ['DETECTION'] });
    expect(second.body.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'queuedVideos' });
    expect(await blobFiles()).toHaveLength(1);
    const ended = await waitEnded(ok.body.data!.analyzeVideo.id);
    expect(ended).toMatchObject({ status: 'COMPLETED', framesDone: 30, frameWidth: 1280, frameHeight: 720 });
    expect(await blobFiles()).toEqual([]);

    // A list of analyses counts their tracks in one query, however many there are.
    const another = await send(fileOf(pattern), { stages: ['DETECTION'] });
    await waitEnded(another.body.data!.analyzeVideo.id);
    const list = 'query { videoAnalyses(first: 10) { edges { node { status trackCount } } } }';
    const before = app.app.queryCount();
    const listed = await gql<{ videoAnalyses: { edges: { node: { status: string; trackCount: number } }[] } }>(app.url, list, {}, admin);
    const statements = app.app.queryCount() - before;
    expect(listed.data?.videoAnalyses.edges.map((e) => e.node)).toEqual([
      { status: 'COMPLETED', trackCount: 0 },
      { status: 'COMPLETED', trackCount: 0 },
    ]);
    expect(statements).toBeLessThanOrEqual(2);
  }, 180_000);

  it('one upload streaming at a time (VIDEO_UPLOADS_IN_FLIGHT=1): the next is RATE_LIMITED unread; a client that goes away mid-file leaves nothing and frees its slot', async () => {
    const first = rawVideoUpload(app.url, admin);
    await first.write(1_000_000);
    // The first holds the only slot while its file streams: the second is refused once its operation is read.
    let refused: Awaited<RawUpload['response']> | null = null;
    for (let i = 0; i < 50 && refused?.status !== 429; i++) {
      await new Promise((r) => setTimeout(r, 50));
      refused = await sendRawVideo(app.url, 200_000, admin).then(
        (r) => ({ ...r, headers: {} }),
        () => null,
      );
    }
    expect(refused?.status, refused?.body).toBe(429);
    expect(graphqlBody(refused!.body).errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'videoUploads' });
    // The first client goes away mid-file: its partial upload is removed, and the slot is free again.
    first.abort();
    await first.response.catch(() => undefined);
    for (let i = 0; i < 50 && (await blobFiles()).length > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await blobFiles()).toEqual([]);
    const after = await sendRawVideo(app.url, 200_000, admin);
    expect(graphqlBody(after.body).errors?.[0]?.extensions?.code, after.body).toBe('BAD_VIDEO');
    expect(await blobFiles()).toEqual([]);
  });

  it('a video sent without multipart (JSON variables) is BAD_USER_INPUT, over HTTP and graphql-ws', async () => {
    const http = await gql<GraphQLResponse<unknown>>(app.url, analyze, { video: 'data:video/mp4;base64,AAAA' }, admin);
    expect(http.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const ws = await collectWs(app.url, analyze, 1, { video: 'x' }, { authorization: admin.authorization }).catch((e: unknown) =>
      e instanceof Error ? e.message : JSON.stringify(e),
    );
    expect(JSON.stringify(ws)).toContain('BAD_USER_INPUT');
  });
});

describe.skipIf(!ffmpeg || !HAVE_MODELS)('a video analysis past VIDEO_ANALYSIS_TIMEOUT_S', () => {
  let app: TestApp;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'video-timeout-'));
    // An ffmpeg whose frame sampling never answers (the probe runs the real one): a file that makes the decoder spin.
    const wrapper = join(dir, 'ffmpeg');
    writeFileSync(wrapper, `#!/bin/sh\ncase " $* " in *" image2pipe "*) exec sleep 60;; esac\nexec '${ffmpeg}' "$@"\n`);
    chmodSync(wrapper, 0o755);
    app = await startTestApp({ FFMPEG_PATH: wrapper, VIDEO_ANALYSIS_TIMEOUT_S: 2 });
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('ends FAILED with TIMEOUT, its decoder killed and its upload deleted', async () => {
    const clip = await testPatternClip(ffmpeg!, dir, { seconds: 2 });
    const sent = await upload<{ analyzeVideo: { id: string } }>(app.url, analyze, { video: { bytes: new Uint8Array(readFileSync(clip)), name: 'p.mp4' } });
    expect(sent.body.errors, JSON.stringify(sent.body.errors)).toBeUndefined();
    const id = sent.body.data!.analyzeVideo.id;
    const started = Date.now();
    let analysis: { status: string; error: { code: string } | null } | undefined;
    while (Date.now() - started < 30_000 && !['COMPLETED', 'FAILED'].includes(analysis?.status ?? '')) {
      await new Promise((r) => setTimeout(r, 200));
      analysis = (await gql<{ videoAnalysis: typeof analysis }>(app.url, 'query($id: ID!) { videoAnalysis(id: $id) { status error { code } } }', { id })).data
        ?.videoAnalysis;
    }
    expect(analysis).toMatchObject({ status: 'FAILED', error: { code: 'TIMEOUT' } });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(execFileSync('ps', ['-eo', 'args']).toString()).not.toContain('sleep 60');
    expect(await createFsBlobStore(join(app.dataDir, 'blobs')).list('')).toEqual([]);
  }, 60_000);
});
