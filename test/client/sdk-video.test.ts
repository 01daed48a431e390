// The typed SDK's video methods against the real embedded app: the A-then-B clip (photo A 2 s, photo B 2 s)
// uploaded, followed and read back; frame faces paged; refusals and failures as FaceSocialError.
import { chmodSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, fileFromBytes, FaceSocialError, type FaceSocialClient, type FaceTrack, type VideoProgressEvent } from '../../src/client/index.ts';
import { fileFromPath } from '../../src/client/node.ts';
import { requireFfmpeg } from '../support/ffmpeg.ts';
import { MODELS_DIR } from '../support/model-paths.ts';
import { fixture } from '../support/paths.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { photoSwitchClip } from '../support/video-clips.ts';

const ffmpeg = requireFfmpeg('SDK: video analysis');
const HAVE_MODELS = existsSync(MODELS_DIR);
if (!HAVE_MODELS) console.warn(`SKIPPED: SDK: video analysis: models dir ${MODELS_DIR} not found (set MODELS_DIR).`);

// 5 frames a second: 20 frames over the 4 s clip, one every 0.2 s.
const FPS = 5;
const STEP = 1 / FPS;

describe.skipIf(!ffmpeg || !HAVE_MODELS)('SDK: video analysis (embedded app, real models, ffmpeg)', () => {
  let server: TestApp;
  let client: FaceSocialClient;
  let dir: string;
  let clip: string;
  let obamaId: string;
  /** While this file exists, the app's ffmpeg fails the frame sampling (the probe still runs the real one). */
  let failFlag: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sdk-video-'));
    failFlag = join(dir, 'fail-sampling');
    const wrapper = join(dir, 'ffmpeg');
    writeFileSync(
      wrapper,
      `#!/bin/sh\nif [ -e '${failFlag}' ]; then case " $* " in *" image2pipe "*) echo 'simulated decoder failure' >&2; exit 1;; esac; fi\nexec '${ffmpeg}' "$@"\n`,
    );
    chmodSync(wrapper, 0o755);
    server = await startTestApp({ FFMPEG_PATH: wrapper });
    client = createClient({ url: server.url });
    clip = await photoSwitchClip(ffmpeg!, dir, 'id_obama_1.jpg', 'id_biden_2.jpg');
    // Only A is in the gallery: track 1 is a MATCH, track 2 UNKNOWN.
    const obama = await client.createPerson('Barack Obama');
    obamaId = obama.id;
    await client.enrollFace(obama.id, await fileFromPath(fixture('id_obama_2.jpg')));
  }, 120_000);
  afterAll(async () => {
    await client?.close();
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('analyzeVideoAndWait: progress in order ending COMPLETED, two tracks at their times; watchVideo, videoAnalysis, frame faces paged, delete', async () => {
    const events: VideoProgressEvent[] = [];
    const queued: string[] = [];
    const file = await fileFromPath(clip);
    expect(file.type).toBe('video/mp4');
    const done = await client.analyzeVideoAndWait(file, {
      sampleFps: FPS,
      maxFrames: 60,
      onQueued: (analysis) => queued.push(analysis.status),
      onProgress: (event) => events.push(event),
    });
    expect(queued).toEqual(['QUEUED']);
    expect(done).toMatchObject({ status: 'COMPLETED', error: null, width: 640, height: 480, sampleFps: FPS, framesTotal: 20, framesDone: 20, trackCount: 2 });
    expect(done.fileName).toBe('switch.mp4');
    expect(done.durationSeconds).toBeCloseTo(4, 1);
    expect(done.stages).toEqual(expect.arrayContaining(['DETECTION', 'RECOGNITION', 'IDENTIFICATION', 'ANTI_SPOOFING', 'DEEPFAKE', 'AGE_GENDER']));

    // Progress: where it was when the subscription started, frames as they are done, track 1 formed and
    // ended before track 2 formed, then COMPLETED (the last event; the stream ended there).
    const types = events.map((e) => e.type);
    expect(types.at(-1)).toBe('COMPLETED');
    expect(types.filter((t) => t === 'COMPLETED' || t === 'FAILED')).toHaveLength(1);
    expect(['FRAMES', 'STARTED']).toContain(types[0]);
    expect(events.every((e) => e.videoAnalysisId === done.id && e.framesTotal === 20)).toBe(true);
    const frames = events.map((e) => e.framesDone);
    expect(frames).toEqual([...frames].sort((a, b) => a - b));
    expect(events.at(-1)?.framesDone).toBe(20);
    const trackEvents = events.filter((e) => e.track).map((e) => `${e.type} ${e.track?.trackId}`);
    console.log(`videoProgress: ${events.map((e) => `${e.type}${e.track ? ` #${e.track.trackId}` : ''} ${e.framesDone}/${e.framesTotal}`).join(', ')}`);
    expect(trackEvents.filter((t) => t.startsWith('TRACK_FORMED'))).toEqual(['TRACK_FORMED 1', 'TRACK_FORMED 2']);
    // A track that ends while the video plays is announced after it formed (the last one ends with the video).
    expect(
      trackEvents.filter((t) => t.startsWith('TRACK_ENDED')).every((t) => trackEvents.indexOf(t) > trackEvents.indexOf(t.replace('ENDED', 'FORMED'))),
    ).toBe(true);
    expect(events.find((e) => e.type === 'TRACK_FORMED' && e.track?.trackId === 2)?.track?.firstSeconds).toBeCloseTo(2, 0);

    // The tracks: A from the start to just before 2 s, B from 2 s (within one sampled frame) to the end.
    const [a, b] = done.tracks as [FaceTrack, FaceTrack];
    expect(done.tracks.map((t) => t.trackId)).toEqual([1, 2]);
    expect(a.firstSeconds).toBeLessThanOrEqual(STEP);
    expect(Math.abs(b.firstSeconds - 2)).toBeLessThanOrEqual(STEP + 1e-9);
    expect(b.firstSeconds - a.lastSeconds).toBeCloseTo(STEP, 5);
    expect(b.lastSeconds).toBeGreaterThanOrEqual(4 - 2 * STEP);
    expect(a.identification).toMatchObject({ decision: 'MATCH', person: { id: obamaId, name: 'Barack Obama' } });
    expect(b.identification).toMatchObject({ decision: 'UNKNOWN', person: null });
    expect(b.identification?.similarity).toBeLessThan(a.identification?.similarity ?? 0);
    for (const t of done.tracks) {
      expect(t.frames).toBeGreaterThanOrEqual(9);
      expect(t.bestFace.timestampSeconds).toBeGreaterThanOrEqual(t.firstSeconds);
      expect(t.bestFace.timestampSeconds).toBeLessThanOrEqual(t.lastSeconds);
      expect(['LIVE', 'SPOOF', 'UNCERTAIN']).toContain(t.liveness?.verdict);
      expect(['REAL', 'FAKE', 'UNCERTAIN']).toContain(t.deepfake?.verdict);
      expect(t.deepfake?.score).toBeGreaterThanOrEqual(0);
      expect(t.ageGender?.age).toBeGreaterThan(10);
      expect(['MALE', 'FEMALE']).toContain(t.ageGender?.gender);
    }
    // Track pages one at a time give the same tracks.
    expect(await client.videoTracks(done.id, { pageSize: 1 })).toEqual(done.tracks);

    // Watching an analysis that has ended: its end at once, then the stream ends.
    const late: VideoProgressEvent[] = [];
    for await (const event of client.watchVideo(done.id)) late.push(event);
    expect(late.map((e) => [e.type, e.framesDone])).toEqual([['COMPLETED', 20]]);
    const { tracks: _tracks, ...stored } = done;
    expect(await client.videoAnalysis(done.id)).toEqual(stored);
    expect((await client.videoAnalyses({ first: 5 })).analyses.map((v) => v.id)).toContain(done.id);

    // Frame faces, 7 a page: all of them, in frame order, each tracked face counted in its track.
    const faces = await client.videoFrameFaces(done.id, { pageSize: 7 });
    expect(faces.length).toBeGreaterThan(14);
    expect(faces).toEqual(await client.videoFrameFaces(done.id));
    const order = faces.map((f) => f.frameIndex * 100 + f.faceIndex);
    expect(order).toEqual([...order].sort((x, y) => x - y));
    expect(faces.filter((f) => f.trackId === 1)).toHaveLength(a.frames);
    expect(faces.filter((f) => f.trackId === 2)).toHaveLength(b.frames);
    for (const f of faces.filter((face) => face.trackId === 2)) {
      expect(f.timestampSeconds).toBeGreaterThanOrEqual(b.firstSeconds);
      expect(f.timestampSeconds).toBeLessThanOrEqual(b.lastSeconds);
    }
    const ofB = await client.videoFrameFaces(done.id, { trackId: 2, pageSize: 4 });
    expect(ofB).toEqual(faces.filter((f) => f.trackId === 2));

    expect(await client.deleteVideoAnalysis(done.id)).toBe(true);
    const gone = await client.videoAnalysis(done.id).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(FaceSocialError);
    expect((gone as FaceSocialError).code).toBe('NOT_FOUND');
  }, 60_000);

  it('a text file is refused with BAD_VIDEO; an analysis that ends FAILED makes analyzeVideoAndWait throw its code', async () => {
    const text = fileFromBytes(new TextEncoder().encode('not a video at all\n'.repeat(50)), 'notes.txt');
    const refused = await client.analyzeVideo(text).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(FaceSocialError);
    expect(refused).toMatchObject({ code: 'BAD_VIDEO', status: 200 });
    expect((refused as FaceSocialError).message).not.toMatch(/\bat\s.+:\d+:\d+/);
    const waited = await client.analyzeVideoAndWait(text).catch((e: unknown) => e);
    expect((waited as FaceSocialError).code).toBe('BAD_VIDEO');
    const outOfRange = await client.analyzeVideo(await fileFromPath(clip), { sampleFps: 0 }).catch((e: unknown) => e);
    expect((outOfRange as FaceSocialError).code).toBe('BAD_USER_INPUT');

    // The probe passes, then ffmpeg fails while sampling frames: the analysis ends FAILED (BAD_VIDEO).
    writeFileSync(failFlag, '');
    try {
      const events: VideoProgressEvent[] = [];
      const failed = await client.analyzeVideoAndWait(await fileFromPath(clip), { sampleFps: FPS, onProgress: (e) => events.push(e) }).catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(FaceSocialError);
      const error = failed as FaceSocialError;
      expect(error.code).toBe('BAD_VIDEO');
      expect(error.message).toMatch(/stopped decoding/);
      const id = error.extensions.videoAnalysisId as string;
      expect(events.at(-1)).toMatchObject({ type: 'FAILED', videoAnalysisId: id, error: { code: 'BAD_VIDEO' } });
      expect(await client.videoAnalysis(id)).toMatchObject({ status: 'FAILED', error: { code: 'BAD_VIDEO' }, trackCount: 0 });
    } finally {
      rmSync(failFlag, { force: true });
    }
  }, 60_000);
});
