import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeMutation, gql, subscribeWs, upload, waitForSession } from '../support/graphql-client.ts';
import { undecodablePng } from '../support/images.ts';
import { fixture } from '../support/paths.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const sessionQuery = /* GraphQL */ `
  query Session($id: ID!) {
    analysisSession(id: $id) {
      id
      status
      stages
      faces {
        id
        box {
          x
          y
          width
          height
        }
        score
        landmarks {
          x
          y
        }
      }
      image {
        width
        height
        format
        bytes
        sha256
      }
      stageRuns {
        stage
        status
        durationMs
        model
      }
      error {
        code
        message
      }
      createdAt
      completedAt
    }
  }
`;

const progressSubscription = /* GraphQL */ `
  subscription Progress($id: ID!) {
    analysisProgress(sessionId: $id) {
      type
      status
      stage
      model
      durationMs
      error {
        code
      }
    }
  }
`;

interface FaceResult {
  box: { x: number; y: number; width: number; height: number };
  score: number;
  landmarks: { x: number; y: number }[];
}
interface SessionResult {
  id: string;
  status: string;
  stages: string[];
  faces: FaceResult[];
  image: { width: number; height: number; format: string; bytes: number; sha256: string };
  stageRuns: { stage: string; status: string; durationMs: number | null; model: string | null }[];
  error: { code: string; message: string } | null;
}
interface ProgressEvent {
  analysisProgress: { type: string; status: string; stage: string | null; model: string | null; durationMs: number | null };
}

const toCorners = (f: FaceResult): number[] => [f.box.x, f.box.y, f.box.x + f.box.width, f.box.y + f.box.height];

async function analyze(app: TestApp, bytes: Uint8Array, name = 'photo.jpg'): Promise<string> {
  const { body } = await upload<{ analyzeImage: { id: string; status: string } }>(app.url, analyzeMutation, { image: { bytes, name } });
  expect(body.errors).toBeUndefined();
  expect(body.data?.analyzeImage.status).toBe('QUEUED');
  return body.data?.analyzeImage.id as string;
}

describe('analyzeImage → analysisProgress → analysisSession (embedded mode, real models)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app?.stop());

  it('streams QUEUED, DETECTION started/finished, COMPLETED over graphql-ws and stores both faces of multi_two_people.jpg', async () => {
    const id = await analyze(app, readFileSync(fixture('multi_two_people.jpg')));
    const events = await subscribeWs<ProgressEvent>(app.url, progressSubscription, { id });
    expect(events.map((e) => `${e.analysisProgress.type}${e.analysisProgress.stage ? `:${e.analysisProgress.stage}` : ''}`)).toEqual([
      'QUEUED',
      'STAGE_STARTED:DETECTION',
      'STAGE_FINISHED:DETECTION',
      'COMPLETED',
    ]);
    const finished = events[2]?.analysisProgress;
    expect(finished?.model).toBe('SCRFD-500M+auto-tiles');
    expect(finished?.durationMs).toBeGreaterThan(0);

    const session = await waitForSession<SessionResult>(app.url, sessionQuery, id);
    expect(session.status).toBe('COMPLETED');
    expect(session.image).toMatchObject({ width: 1126, height: 661, format: 'jpeg' });
    expect(session.stageRuns).toEqual([expect.objectContaining({ stage: 'DETECTION', status: 'COMPLETED', model: 'SCRFD-500M+auto-tiles' })]);
    expect(session.faces).toHaveLength(2);
    const boxes = session.faces.map(toCorners).sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
    const expected = [
      [237, 21, 387, 223],
      [788, 38, 942, 257],
    ];
    boxes.forEach((box, i) => box.forEach((v, j) => expect(Math.abs(v - (expected[i]?.[j] ?? NaN))).toBeLessThanOrEqual(10)));
    for (const face of session.faces) {
      expect(face.landmarks).toHaveLength(5);
      for (const p of face.landmarks) {
        expect(p.x).toBeGreaterThanOrEqual(face.box.x);
        expect(p.x).toBeLessThanOrEqual(face.box.x + face.box.width);
      }
    }
  });

  it('gives a late subscriber the final event at once, over graphql-ws and SSE, and ends the stream', async () => {
    const id = await analyze(app, readFileSync(fixture('id_obama_1.jpg')));
    await waitForSession<SessionResult>(app.url, sessionQuery, id);
    const late = await subscribeWs<ProgressEvent>(app.url, progressSubscription, { id }, 10_000);
    expect(late.at(-1)?.analysisProgress.type).toBe('COMPLETED');
    expect(late.map((e) => e.analysisProgress.type)).toEqual(['QUEUED', 'STAGE_STARTED', 'STAGE_FINISHED', 'COMPLETED']);

    const response = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: progressSubscription, variables: { id } }),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text(); // resolves only because the server ends the stream
    const types = [...text.matchAll(/"type":"([A-Z_]+)"/g)].map((m) => m[1]);
    expect(types.at(-1)).toBe('COMPLETED');
  });

  it('reports faces in upright coordinates for a photo stored rotated with EXIF orientation 6', async () => {
    const upright = readFileSync(fixture('id_obama_1.jpg'));
    // Stored pixels turned a quarter counter-clockwise; orientation 6 tells viewers to turn them back.
    const rotated = await sharp(upright).rotate(270).withMetadata({ orientation: 6 }).jpeg({ quality: 95 }).toBuffer();
    const a = await analyze(app, upright);
    const b = await analyze(app, rotated, 'rotated.jpg');
    const [s1, s2] = await Promise.all([waitForSession<SessionResult>(app.url, sessionQuery, a), waitForSession<SessionResult>(app.url, sessionQuery, b)]);
    expect(s2.image.width).toBe(s1.image.width);
    expect(s2.image.height).toBe(s1.image.height);
    expect(s2.faces).toHaveLength(1);
    expect(s1.faces).toHaveLength(1);
    toCorners(s2.faces[0] as FaceResult).forEach((v, i) => expect(Math.abs(v - (toCorners(s1.faces[0] as FaceResult)[i] ?? NaN))).toBeLessThanOrEqual(6));
  });

  it('finds a session by Relay ID through node(id) and lists sessions as a connection', async () => {
    const { data } = await gql<{ analysisSessions: { edges: { node: { id: string; status: string } }[]; pageInfo: { hasNextPage: boolean } } }>(
      app.url,
      `{ analysisSessions(first: 2) { edges { node { id status } } pageInfo { hasNextPage endCursor } } }`,
    );
    const edges = data?.analysisSessions.edges ?? [];
    expect(edges).toHaveLength(2);
    expect(data?.analysisSessions.pageInfo.hasNextPage).toBe(true);
    const first = edges[0]?.node.id as string;
    const node = await gql<{ node: { __typename: string; id: string } }>(app.url, `query($id: ID!) { node(id: $id) { __typename id } }`, { id: first });
    expect(node.data?.node).toEqual({ __typename: 'AnalysisSession', id: first });
  });
});

describe('bad input gets a typed error and leaves nothing half-written', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ MAX_UPLOAD_BYTES: 300_000, MAX_IMAGE_PIXELS: 2_000_000 });
  });
  afterAll(async () => app?.stop());

  const codeOf = async (bytes: Uint8Array, name: string): Promise<{ code: string | undefined; raw: string }> => {
    const { body } = await upload(app.url, analyzeMutation, { image: { bytes, name } });
    return { code: body.errors?.[0]?.extensions?.code, raw: JSON.stringify(body) };
  };

  it.each([
    { name: 'an empty file', code: 'BAD_IMAGE', make: () => Promise.resolve(new Uint8Array()) },
    { name: 'text renamed .jpg', code: 'BAD_IMAGE', make: () => Promise.resolve(new TextEncoder().encode('this is not an image, just text\n'.repeat(20))) },
    {
      name: 'a GIF',
      code: 'BAD_IMAGE',
      make: () =>
        sharp({ create: { width: 32, height: 32, channels: 3, background: '#888' } })
          .gif()
          .toBuffer(),
    },
    { name: 'more bytes than MAX_UPLOAD_BYTES', code: 'IMAGE_TOO_LARGE', make: () => Promise.resolve(readFileSync(fixture('multi_two_people.jpg'))) },
    {
      name: 'more pixels than MAX_IMAGE_PIXELS',
      code: 'IMAGE_TOO_LARGE',
      make: () =>
        sharp({ create: { width: 2000, height: 1500, channels: 3, background: '#000' } })
          .jpeg({ quality: 10 })
          .toBuffer(),
    },
  ])('$name → $code', async ({ make, code }) => {
    const before = await gql<{ analysisSessions: { edges: unknown[] } }>(app.url, `{ analysisSessions(first: 100) { edges { cursor } } }`);
    const { code: actual, raw } = await codeOf(await make(), 'upload.jpg');
    expect(actual, raw).toBe(code);
    expect(raw).not.toMatch(/\bat .+:\d+:\d+/); // no stack trace
    const after = await gql<{ analysisSessions: { edges: unknown[] } }>(app.url, `{ analysisSessions(first: 100) { edges { cursor } } }`);
    expect(after.data?.analysisSessions.edges.length).toBe(before.data?.analysisSessions.edges.length);
  });

  it('an image whose header reads but whose data does not decode ends FAILED with BAD_IMAGE', async () => {
    const corrupt = await undecodablePng();
    const { body } = await upload<{ analyzeImage: { id: string } }>(app.url, analyzeMutation, { image: { bytes: corrupt, name: 'broken.png' } });
    expect(body.errors).toBeUndefined();
    const session = await waitForSession<SessionResult>(app.url, sessionQuery, body.data?.analyzeImage.id as string);
    expect(session.status).toBe('FAILED');
    expect(session.error?.code).toBe('BAD_IMAGE');
  });

  it('an unknown session is NOT_FOUND, and afterwards the server still answers with nothing left QUEUED or RUNNING', async () => {
    const unknown = await gql(app.url, sessionQuery, { id: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const garbage = await gql(app.url, sessionQuery, { id: 'not-an-id' });
    expect(garbage.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    for (const status of ['QUEUED', 'RUNNING']) {
      const { data } = await gql<{ analysisSessions: { edges: unknown[] } }>(
        app.url,
        `query($s: SessionStatus) { analysisSessions(first: 10, status: $s) { edges { cursor } } }`,
        { s: status },
      );
      expect(data?.analysisSessions.edges).toEqual([]);
    }
    const info = await gql<{ serverInfo: { mode: string } }>(app.url, `{ serverInfo { mode database detector } }`);
    expect(info.data?.serverInfo).toEqual({ mode: 'embedded', database: 'pglite', detector: 'scrfd_500m' });
  });
});
