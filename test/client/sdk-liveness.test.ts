import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, fileFromBytes, FaceSocialError, type FaceSocialClient, type LivenessFrame, type LivenessSessionEvent } from '../../src/client/index.ts';
import { heldPrintFrames } from '../support/liveness.ts';
import { fixture } from '../support/paths.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

// The typed SDK's liveness methods against the real embedded app.
describe('SDK: liveness sessions', () => {
  let server: TestApp;
  let client: FaceSocialClient;
  let frames: LivenessFrame[];
  beforeAll(async () => {
    server = await startTestApp();
    client = createClient({ url: server.url });
    const jpegs = await heldPrintFrames(readFileSync(fixture('id_obama_1.jpg')), 20);
    frames = jpegs.map((bytes, i) => ({ file: fileFromBytes(bytes, `f${i}.jpg`, 'image/jpeg'), timestampMs: (i * 1000) / 15 }));
  }, 120_000);
  afterAll(async () => {
    await client?.close();
    await server?.stop();
  });

  it('checkLiveness sends the frames in chunks and returns the verdict; watchLivenessSession follows a session to DECIDED', async () => {
    const session = await client.createLivenessSession('PASSIVE');
    expect(session.challenge.steps).toEqual([]);
    const events: LivenessSessionEvent[] = [];
    const watching = (async () => {
      for await (const event of client.watchLivenessSession(session.id)) events.push(event);
    })();
    await new Promise((r) => setTimeout(r, 300));
    const first = await client.addLivenessFrames(session.id, frames.slice(0, 10), 0);
    expect(first.session.framesReceived).toBe(10);
    expect(first.progress.faceState).toBe('ONE');
    const refused = await client.addLivenessFrames(session.id, frames.slice(10, 12), 3).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(FaceSocialError);
    expect((refused as FaceSocialError).code).toBe('FRAME_OUT_OF_ORDER');
    const decided = await client.finishLivenessSession(session.id);
    await watching;
    expect(decided.verdict).toBe('SPOOF');
    expect(decided.reasons).toContain('REPLAYED_FRAMES');
    expect(events.map((e) => e.type)).toEqual(['PROGRESS', 'PROGRESS', 'FRAMES_REFUSED', 'DECIDED']);

    const whole = await client.checkLiveness(frames, { chunk: 8 });
    expect(whole.status).toBe('DECIDED');
    expect(whole.framesReceived).toBe(20);
    expect(whole.verdict).not.toBe('LIVE');
    const person = await client.createPerson('Print');
    const enroll = await client.enrollFace(person.id, { livenessSessionId: whole.id }).catch((e: unknown) => e);
    expect((enroll as FaceSocialError).code).toBe('LIVENESS_FAILED');
  }, 120_000);
});
