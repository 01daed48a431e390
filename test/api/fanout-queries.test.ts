import { readFileSync } from 'node:fs';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { analyzeMutation, upload, waitForSession } from '../support/graphql-client.ts';
import { fixture } from '../support/paths.ts';
import { openRawSocket } from '../support/raw-ws.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { AUTH_ENV, bearer } from '../support/tokens.ts';

// Fan-out: every subscriber of a tenant gets the same event object, so `face { box } session { status }`
// is looked up once per event, not once per subscriber.
const SUBSCRIBERS = 60;

describe('subscriptions share one lookup per event', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app?.stop();
  });

  /** Queries from the upload until every subscriber has its verdict and the session has ended. */
  const queriesWith = async (subscribers: number): Promise<number> => {
    const { socket } = await openRawSocket(app.url);
    const query = 'subscription { livenessVerdicts { verdict face { box { x width } } session { status stages } } }';
    const received = Array.from({ length: subscribers }, (_, i) => socket.operation(`s${i}`, query));
    await new Promise((r) => setTimeout(r, 300));
    const before = app.app.queryCount();
    const { body } = await upload<{ analyzeImage: { id: string } }>(
      app.url,
      analyzeMutation,
      { image: { bytes: readFileSync(fixture('id_obama_1.jpg')), name: 'o.jpg' } },
      { stages: ['ANTI_SPOOFING'] },
    );
    await waitForSession(app.url, 'query($id: ID!) { analysisSession(id: $id) { status } }', body.data?.analyzeImage.id as string, 60_000);
    type Verdict = { data: { livenessVerdicts: { verdict: string; face: { box: { width: number } }; session: { stages: string[] } } } };
    const verdicts = (await Promise.all(received)).map((m) => (m.payload as Verdict).data.livenessVerdicts);
    expect(verdicts).toHaveLength(subscribers);
    for (const v of verdicts) {
      expect(v.verdict).toBe('LIVE');
      expect(v.face.box.width).toBeGreaterThan(50);
      expect(v.session.stages).toContain('ANTI_SPOOFING');
    }
    const queries = app.app.queryCount() - before;
    socket.close();
    return queries;
  };

  it(`${SUBSCRIBERS} livenessVerdicts subscribers selecting face and session cost the queries of one`, async () => {
    const one = await queriesWith(1);
    const many = await queriesWith(SUBSCRIBERS);
    console.log(
      `[fanout] an analysis with 1 subscriber: ${one} queries; with ${SUBSCRIBERS}: ${many} (one lookup per subscriber and field would add ${(SUBSCRIBERS - 1) * 2})`,
    );
    // The polling of waitForSession varies by a few queries from run to run.
    expect(many - one).toBeLessThan(10);
  });
});

// Shared execution is per selection, tenant and role: a viewer's copy of an admin's subscription is
// executed on its own, so the viewer gets FORBIDDEN for the embedding the admin may read.
describe('shared subscription execution keeps roles apart', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ ...AUTH_ENV });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('the same document for an admin and a viewer: the admin gets the embeddings, the viewer FORBIDDEN', async () => {
    const operator = await bearer({ tenant: 'share', roles: ['operator'] });
    const { body } = await upload<{ analyzeImage: { id: string } }>(
      app.url,
      analyzeMutation,
      { image: { bytes: readFileSync(fixture('id_obama_1.jpg')), name: 'o.jpg' } },
      { stages: ['RECOGNITION'] },
      operator,
    );
    const id = body.data?.analyzeImage.id as string;
    const query = 'subscription($id: ID!) { analysisProgress(sessionId: $id) { type session { faces { recognition { embedding } } } } }';
    type Payload = {
      data?: { analysisProgress: { type: string; session: { faces: { recognition: { embedding: number[] | null } | null }[] } } | null } | null;
      errors?: readonly { extensions?: { code?: string } }[];
    };
    const completed = async (roles: string[]): Promise<Payload> => {
      const client = createClient({
        url: app.url.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        connectionParams: await bearer({ tenant: 'share', roles }),
      });
      try {
        for await (const next of client.iterate({ query, variables: { id } })) {
          const payload = next as Payload;
          if (payload.data?.analysisProgress?.type === 'COMPLETED' || (payload.errors && !payload.data?.analysisProgress)) return payload;
          if (payload.errors) return payload;
        }
        throw new Error('no COMPLETED event');
      } finally {
        await client.dispose();
      }
    };
    const [forAdmin, forViewer] = await Promise.all([completed(['admin']), completed(['viewer'])]);
    expect(forAdmin.errors).toBeUndefined();
    const embedding = forAdmin.data?.analysisProgress?.session.faces[0]?.recognition?.embedding;
    expect(embedding).toHaveLength(512);
    expect(forViewer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(forViewer)).not.toContain(String(embedding?.[0]));
  });
});
