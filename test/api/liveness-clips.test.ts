import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractFrames } from '../../inference-workers/video/frame-stream.ts';
import { requireFfmpeg } from '../support/ffmpeg.ts';
import { gql, upload } from '../support/graphql-client.ts';
import { createSession, finishSession, sendFrames } from '../support/liveness.ts';
import { dataset } from '../support/paths.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

// The real clips of face-videos, sent as a camera would send them (12 fps, in chunks of 12, PASSIVE mode):
// the live selfie with labelled blinks (04) must come out LIVE, and the screen replay of clip 01 (02) must not.
const ffmpeg = requireFfmpeg('liveness on real clips');
const dir = ffmpeg ? dataset('face-videos') : null;
const FPS = 12;

describe.skipIf(!dir)('liveness sessions on the real face-videos clips (PASSIVE, 12 fps)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  }, 120_000);
  afterAll(async () => app?.stop());

  const judge = async (file: string, seconds: number): Promise<{ id: string; verdict: string | null; reasons: string[]; lastFrame: Uint8Array }> => {
    const frames = await extractFrames(join(dir as string, 'videos', file), { fps: FPS, maxFrames: Math.round(seconds * FPS), ffmpeg: ffmpeg as string });
    const created = await createSession(app.url, 'PASSIVE');
    const id = created.data?.createLivenessSession.id as string;
    const start = frames[0]?.timestampMs ?? 0;
    for (let first = 0; first < frames.length; first += 12) {
      const part = frames.slice(first, first + 12);
      const answer = await sendFrames(
        app.url,
        id,
        part.map((f) => f.jpeg),
        first,
        part.map((f) => f.timestampMs - start),
      );
      if (answer.errors) throw new Error(JSON.stringify(answer.errors));
    }
    const decided = (await finishSession(app.url, id)).data?.finishLivenessSession;
    console.log(`${file}: ${frames.length} frames -> ${decided?.verdict} (${decided?.reasons.join(', ') || 'no reasons'})`);
    return { id, verdict: decided?.verdict ?? null, reasons: decided?.reasons ?? [], lastFrame: frames.at(-1)?.jpeg ?? new Uint8Array() };
  };

  it('04, a live selfie with four labelled blinks, is LIVE; its reference face then enrolls and verifies in place of an image', async () => {
    const live = await judge('04_live_selfie_blinks.mp4', 11);
    expect(live.verdict).toBe('LIVE');
    const person = await gql<{ createPerson: { id: string } }>(app.url, 'mutation { createPerson(name: "Selfie") { id } }');
    const personId = person.data?.createPerson.id as string;
    const enrolled = await gql<{ enrollFace: { id: string } }>(
      app.url,
      'mutation($p: ID!, $s: ID!) { enrollFace(personId: $p, livenessSessionId: $s) { id } }',
      {
        p: personId,
        s: live.id,
      },
    );
    expect(enrolled.errors, JSON.stringify(enrolled.errors)).toBeUndefined();
    const verified = await upload<{ verifyPerson: { match: boolean; similarity: number } }>(
      app.url,
      'mutation($p: ID!, $image: File) { verifyPerson(personId: $p, image: $image) { match similarity } }',
      { image: { bytes: live.lastFrame, name: 'last.jpg' } },
      { p: personId },
    );
    expect(verified.body.errors).toBeUndefined();
    expect(verified.body.data?.verifyPerson.match).toBe(true);
    const bySession = await upload<{ verifyFaces: { match: boolean } }>(
      app.url,
      'mutation($s: ID!, $imageB: File!) { verifyFaces(livenessSessionId: $s, imageB: $imageB) { match } }',
      { imageB: { bytes: live.lastFrame, name: 'b.jpg' } },
      { s: live.id },
    );
    expect(bySession.body.errors).toBeUndefined();
    expect(bySession.body.data?.verifyFaces.match).toBe(true);
  }, 300_000);

  it('02, clip 01 replayed on a screen and filmed again, is not LIVE', async () => {
    expect((await judge('02_spoof_replay_headturns.mp4', 10)).verdict).not.toBe('LIVE');
  }, 300_000);
});
