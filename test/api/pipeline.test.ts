import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stage } from '../../src/pipeline/stages.ts';
import { stageModules } from '../../inference-workers/stages/index.ts';
import { analyzeMutation, collectWs, gql, subscribeWs, upload, waitForSession } from '../support/graphql-client.ts';
import { fixture } from '../support/paths.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

// Every stage through the API in embedded mode, on the sample photos, with the real models.

const faceFields = /* GraphQL */ `
  id score detectedWithPadding box { x y width height }
  landmarks68 { x y } headPose { yaw pitch roll }
  quality { score passed issues detectorScore faceSizePx blur brightness }
  recognition { model skipped embedding }
  liveness { score verdict models { model liveScore } }
  ageGender { age gender genderProbability }
  deepfake { score verdict }
`;
const sessionQuery = /* GraphQL */ `
  query Session($id: ID!) {
    analysisSession(id: $id) { id status stages stageRuns { stage status model durationMs } error { code message } faces { ${faceFields} } }
  }
`;

interface Face {
  id: string;
  score: number;
  detectedWithPadding: boolean;
  landmarks68: { x: number; y: number }[] | null;
  headPose: { yaw: number; pitch: number; roll: number } | null;
  quality: { score: number; passed: boolean; issues: string[]; blur: number | null; brightness: number | null } | null;
  recognition: { model: string; skipped: string | null; embedding: number[] | null } | null;
  liveness: { score: number; verdict: string; models: { model: string; liveScore: number }[] } | null;
  ageGender: { age: number; gender: string; genderProbability: number } | null;
  deepfake: { score: number; verdict: string } | null;
}
interface Session {
  id: string;
  status: string;
  stages: string[];
  stageRuns: { stage: string; status: string; model: string | null; durationMs: number | null }[];
  error: { code: string; message: string } | null;
  faces: Face[];
}

const dot = (a: number[], b: number[]): number => a.reduce((s, v, i) => s + v * (b[i] as number), 0);

async function analyze(app: TestApp, bytes: Uint8Array, stages: Stage[], name = 'photo.jpg'): Promise<string> {
  const { body } = await upload<{ analyzeImage: { id: string } }>(app.url, analyzeMutation, { image: { bytes, name } }, { stages });
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data?.analyzeImage.id as string;
}

async function analyzeAndWait(app: TestApp, bytes: Uint8Array, stages: Stage[]): Promise<Session> {
  const session = await waitForSession<Session>(app.url, sessionQuery, await analyze(app, bytes, stages));
  expect(session.error).toBeNull();
  expect(session.status).toBe('COMPLETED');
  return session;
}

/** The face the photo is about: the largest one. */
const mainFace = (s: Session): Face => {
  expect(s.faces.length).toBeGreaterThan(0);
  return s.faces[0] as Face;
};

describe('the face pipeline through the API (embedded mode, real models and photos)', () => {
  let app: TestApp;
  let threshold: number;
  let available: string[];
  beforeAll(async () => {
    app = await startTestApp();
    const { data } = await gql<{ serverInfo: { recognitionThreshold: number; modelProfile: string; stages: string[] } }>(
      app.url,
      '{ serverInfo { recognitionThreshold modelProfile stages } }',
    );
    threshold = data?.serverInfo.recognitionThreshold as number;
    available = data?.serverInfo.stages ?? [];
    if (!available.includes('EMOTION')) console.warn('SKIPPED: the EMOTION test: the optional emotion model is not installed (npm run models:fetch).');
    expect(data?.serverInfo.modelProfile).toBe('full');
  });
  afterAll(async () => app?.stop());

  it('runs every stage, streams each start and finish in dependency order, and every result is readable afterwards', async () => {
    const stages: Stage[] = ['DETECTION', 'ANTI_SPOOFING', 'ALIGNMENT', 'LANDMARKS', 'QUALITY', 'RECOGNITION', 'AGE_GENDER', 'DEEPFAKE'];
    const id = await analyze(app, readFileSync(fixture('id_obama_1.jpg')), stages);
    const events = await subscribeWs<{ analysisProgress: { type: string; stage: string | null } }>(
      app.url,
      'subscription P($id: ID!) { analysisProgress(sessionId: $id) { type stage } }',
      { id },
    );
    const seq = events.map((e) => `${e.analysisProgress.type}:${e.analysisProgress.stage ?? ''}`);
    expect(seq[0]).toBe('QUEUED:');
    expect(seq.at(-1)).toBe('COMPLETED:');
    for (const stage of stages) {
      const started = seq.indexOf(`STAGE_STARTED:${stage}`);
      const finished = seq.indexOf(`STAGE_FINISHED:${stage}`);
      expect(started, stage).toBeGreaterThan(0);
      expect(finished, stage).toBeGreaterThan(started);
      for (const need of stageModules[stage].needs) expect(seq.indexOf(`STAGE_FINISHED:${need}`), `${need} before ${stage}`).toBeLessThan(started);
    }

    const session = await waitForSession<Session>(app.url, sessionQuery, id);
    expect(session.stageRuns.map((r) => r.stage)).toEqual(stages);
    expect(session.stageRuns.every((r) => r.status === 'COMPLETED' && (r.durationMs ?? -1) >= 0)).toBe(true);
    expect(session.stageRuns.find((r) => r.stage === 'RECOGNITION')?.model).toMatch(/mobilefacenet/);
    const face = mainFace(session);
    expect(face.landmarks68).toHaveLength(68);
    expect(Math.abs(face.headPose?.yaw ?? 99)).toBeLessThan(30);
    expect(face.quality?.passed).toBe(true);
    expect(face.quality?.score).toBeGreaterThan(0.5);
    expect(face.quality?.blur).toBeGreaterThan(0);
    expect(face.recognition?.skipped).toBeNull();
    expect(face.recognition?.embedding).toHaveLength(512);
    expect(dot(face.recognition?.embedding ?? [], face.recognition?.embedding ?? [])).toBeCloseTo(1, 4);
    expect(face.liveness?.verdict).toBe('LIVE');
    expect(face.liveness?.models.map((m) => m.model)).toEqual(['antispoof_minifasnet_v2_80', 'antispoof_minifasnet_v1se_80']);
    expect(face.ageGender?.gender).toBe('MALE');
    expect(face.ageGender?.age).toBeGreaterThanOrEqual(45);
    expect(face.ageGender?.age).toBeLessThanOrEqual(65);
    expect(face.deepfake?.verdict).toBe('REAL');
  });

  it('asking only for AGE_GENDER runs DETECTION and ALIGNMENT but not RECOGNITION or DEEPFAKE', async () => {
    const session = await analyzeAndWait(app, readFileSync(fixture('id_obama_2.jpg')), ['AGE_GENDER']);
    expect(session.stages).toEqual(['DETECTION', 'ALIGNMENT', 'AGE_GENDER']);
    expect(session.stageRuns.map((r) => r.stage)).toEqual(['DETECTION', 'ALIGNMENT', 'AGE_GENDER']);
    const face = mainFace(session);
    expect(face.ageGender?.gender).toBe('MALE');
    expect(face.ageGender?.age).toBeGreaterThanOrEqual(45);
    expect(face.ageGender?.age).toBeLessThanOrEqual(65);
    expect(face.recognition).toBeNull();
    expect(face.deepfake).toBeNull();
    expect(face.liveness).toBeNull();
  });

  it('matches the same person at the default threshold and not different people (Obama, Biden, Kit Harington)', async () => {
    const embeddings: Record<string, number[]> = {};
    for (const name of ['id_obama_1', 'id_obama_2', 'id_biden_1', 'id_kit_harington_1', 'id_kit_harington_2']) {
      const face = mainFace(await analyzeAndWait(app, readFileSync(fixture(`${name}.jpg`)), ['RECOGNITION']));
      embeddings[name] = face.recognition?.embedding as number[];
    }
    const sim = (a: string, b: string): number => dot(embeddings[a] as number[], embeddings[b] as number[]);
    expect(sim('id_obama_1', 'id_obama_2')).toBeGreaterThanOrEqual(threshold);
    expect(sim('id_kit_harington_1', 'id_kit_harington_2')).toBeGreaterThanOrEqual(threshold);
    expect(sim('id_obama_1', 'id_biden_1')).toBeLessThan(threshold);
    expect(sim('id_obama_2', 'id_biden_1')).toBeLessThan(threshold);
    expect(sim('id_obama_1', 'id_kit_harington_1')).toBeLessThan(threshold);
  });

  it('gives the same embedding (cosine >= 0.99) for a photo stored with EXIF orientation 6', async () => {
    const upright = readFileSync(fixture('id_obama_1.jpg'));
    // Pixels rotated 90° anticlockwise plus orientation 6 ("rotate 90° clockwise to display") show the same upright photo.
    const rotated = await sharp(upright).rotate(-90).withMetadata({ orientation: 6 }).jpeg({ quality: 95 }).toBuffer();
    const a = mainFace(await analyzeAndWait(app, upright, ['RECOGNITION'])).recognition?.embedding as number[];
    const b = mainFace(await analyzeAndWait(app, rotated, ['RECOGNITION'])).recognition?.embedding as number[];
    expect(dot(a, b)).toBeGreaterThanOrEqual(0.99);
  });

  it('scores the spoof samples SPOOF and the live selfie LIVE, and livenessVerdicts streams each verdict as it is decided', async () => {
    const samples = { spoof_fake_F1: 'SPOOF', spoof_fake_F2: 'SPOOF', spoof_real_T1: 'LIVE' } as const;
    const verdicts = new Map<string, string>();
    const streamed = collectLiveness(app.url, 3);
    await new Promise((r) => setTimeout(r, 300)); // let the subscription register before the first verdict
    for (const [name, want] of Object.entries(samples)) {
      const session = await analyzeAndWait(app, readFileSync(fixture(`${name}.jpg`)), ['ANTI_SPOOFING']);
      const face = mainFace(session);
      expect(face.liveness?.verdict, `${name} (live score ${face.liveness?.score})`).toBe(want);
      verdicts.set(face.id, want);
    }
    const events = await streamed;
    expect(events.map((e) => [e.faceId, e.verdict])).toEqual([...verdicts.entries()]);
    expect(events.every((e) => e.face.liveness?.verdict === e.verdict)).toBe(true);
  });

  it('EMOTION (optional model): reads the expression of the labelled samples', async (ctx) => {
    if (!available.includes('EMOTION')) return ctx.skip();
    const samples = { emotion_happy: 'HAPPY', emotion_sad: 'SAD', emotion_anger: 'ANGRY' };
    for (const [name, want] of Object.entries(samples)) {
      const id = await analyze(app, readFileSync(fixture(`${name}.png`)), ['EMOTION'], `${name}.png`);
      const session = await waitForSession<{
        status: string;
        faces: { emotion: { emotion: string; probability: number; scores: { emotion: string; probability: number }[] } | null }[];
      }>(app.url, 'query($id: ID!) { analysisSession(id: $id) { status faces { emotion { emotion probability scores { emotion probability } } } } }', id);
      const emotion = session.faces[0]?.emotion;
      expect(emotion?.emotion, name).toBe(want);
      expect(emotion?.scores).toHaveLength(7);
      expect(emotion?.scores.reduce((s, e) => s + e.probability, 0)).toBeCloseTo(1, 4);
    }
  });

  it('scores the face-swap samples FAKE and the real ones REAL', async () => {
    const samples = { deepfake_fake_df00204: 'FAKE', deepfake_fake_df01254: 'FAKE', deepfake_real_00240: 'REAL', deepfake_real_00772: 'REAL' };
    for (const [name, want] of Object.entries(samples)) {
      const face = mainFace(await analyzeAndWait(app, readFileSync(fixture(`${name}.jpg`)), ['DEEPFAKE']));
      expect(face.deepfake?.verdict, `${name} (score ${face.deepfake?.score})`).toBe(want);
    }
  });
});

interface LivenessEvent {
  faceId: string;
  verdict: string;
  score: number;
  face: { liveness: { verdict: string } | null };
}

const collectLiveness = async (url: string, count: number): Promise<LivenessEvent[]> =>
  (
    await collectWs<{ livenessVerdicts: LivenessEvent }>(url, 'subscription { livenessVerdicts { faceId verdict score face { liveness { verdict } } } }', count)
  ).map((d) => d.livenessVerdicts);
