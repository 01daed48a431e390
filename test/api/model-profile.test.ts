import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeMutation, gql, upload, waitForSession } from '../support/graphql-client.ts';
import { fixture } from '../support/paths.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

describe('MODEL_PROFILE=permissive', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ MODEL_PROFILE: 'permissive' });
  });
  afterAll(async () => app?.stop());

  it('says so in serverInfo: YuNet, no AGE_GENDER', async () => {
    const { data } = await gql<{
      serverInfo: { modelProfile: string; detector: string; stages: string[]; unavailableStages: { stage: string; reason: string }[] };
    }>(app.url, '{ serverInfo { modelProfile detector stages unavailableStages { stage reason } } }');
    expect(data?.serverInfo.modelProfile).toBe('permissive');
    expect(data?.serverInfo.detector).toBe('yunet');
    expect(data?.serverInfo.stages).not.toContain('AGE_GENDER');
    expect(data?.serverInfo.unavailableStages.find((u) => u.stage === 'AGE_GENDER')?.reason).toMatch(/non-commercial/);
  });

  it('refuses AGE_GENDER with STAGE_UNAVAILABLE and stores nothing', async () => {
    const before = await gql<{ analysisSessions: { edges: unknown[] } }>(app.url, '{ analysisSessions { edges { cursor } } }');
    const { body } = await upload<{ analyzeImage: { id: string } | null }>(
      app.url,
      analyzeMutation,
      { image: { bytes: readFileSync(fixture('id_obama_1.jpg')), name: 'obama.jpg' } },
      { stages: ['AGE_GENDER'] },
    );
    expect(body.errors?.[0]?.extensions?.code).toBe('STAGE_UNAVAILABLE');
    const after = await gql<{ analysisSessions: { edges: unknown[] } }>(app.url, '{ analysisSessions { edges { cursor } } }');
    expect(after.data?.analysisSessions.edges.length).toBe(before.data?.analysisSessions.edges.length);
  });

  it('detects and recognises with the permissive models', async () => {
    const { body } = await upload<{ analyzeImage: { id: string } }>(
      app.url,
      analyzeMutation,
      { image: { bytes: readFileSync(fixture('id_obama_1.jpg')), name: 'obama.jpg' } },
      { stages: ['RECOGNITION', 'ANTI_SPOOFING'] },
    );
    const session = await waitForSession<{
      status: string;
      stageRuns: { stage: string; model: string | null }[];
      faces: { recognition: { skipped: string | null } | null; liveness: { verdict: string } | null }[];
    }>(
      app.url,
      'query($id: ID!) { analysisSession(id: $id) { status stageRuns { stage model } faces { recognition { skipped } liveness { verdict } } } }',
      body.data?.analyzeImage.id as string,
    );
    expect(session.status).toBe('COMPLETED');
    expect(session.stageRuns.find((r) => r.stage === 'DETECTION')?.model).toMatch(/yunet/i);
    expect(session.faces).toHaveLength(1);
    expect(session.faces[0]?.recognition?.skipped).toBeNull();
    expect(session.faces[0]?.liveness?.verdict).toBe('LIVE');
  });
});
