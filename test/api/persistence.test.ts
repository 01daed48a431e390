import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeMutation, gql, upload, waitForSession } from '../support/graphql-client.ts';
import { fixture } from '../support/paths.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const query = /* GraphQL */ `
  query ($id: ID!) {
    analysisSession(id: $id) {
      id
      status
      faces {
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
      stageRuns {
        stage
        status
        model
        durationMs
      }
      image {
        sha256
      }
      completedAt
    }
  }
`;

describe('embedded persistence', () => {
  let app: TestApp | undefined;
  afterAll(async () => app?.stop());

  it('keeps a finished session across a restart on the same DATA_DIR', async () => {
    app = await startTestApp();
    const { body } = await upload<{ analyzeImage: { id: string } }>(app.url, analyzeMutation, {
      image: { bytes: readFileSync(fixture('id_kit_harington_1.jpg')), name: 'kit.jpg' },
    });
    const id = body.data?.analyzeImage.id as string;
    const before = await waitForSession<{ status: string; faces: unknown[] }>(app.url, query, id);
    expect(before.status).toBe('COMPLETED');
    expect(before.faces.length).toBeGreaterThan(0);
    const dataDir = app.dataDir;
    await app.stop({ keepData: true });

    app = await startTestApp({ DATA_DIR: dataDir });
    const after = await gql<{ analysisSession: unknown }>(app.url, query, { id });
    expect(after.errors).toBeUndefined();
    expect(after.data?.analysisSession).toEqual(before);
  });
});
