import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faceFieldStages } from '../../src/pipeline/face-fields.ts';
import { schema } from '../../src/schema/index.ts';
import { upload } from '../support/graphql-client.ts';
import { undecodablePng } from '../support/images.ts';
import { fixture } from '../support/paths.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

// Query-driven analysis: `analyze` runs the stages its selection needs and nothing else.
describe('analyze: the selection is the plan', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app?.stop();
  });

  interface Result {
    analyze: { stages: string[]; session: { stageRuns: { stage: string; status: string }[] }; faces: Record<string, unknown>[] };
  }
  const run = async (selection: string, variables: Record<string, unknown> = {}, file = 'id_obama_1.jpg', fragments = '') => {
    const { body } = await upload<Result>(
      app.url,
      `mutation($image: File!, $stages: [Stage!]) { analyze(image: $image, stages: $stages) { stages session { stageRuns { stage status } } faces { ${selection} } } } ${fragments}`,
      { image: { bytes: file === 'broken' ? await undecodablePng() : readFileSync(fixture(file)), name: 'x.png' } },
      variables,
    );
    return body;
  };
  const ran = (r: Result | null | undefined) => r?.analyze.session.stageRuns.map((s) => s.stage);

  it('faces { ageGender { age } } runs exactly DETECTION, ALIGNMENT, AGE_GENDER', async () => {
    const { data, errors } = await run('ageGender { age }');
    expect(errors).toBeUndefined();
    expect(data?.analyze.stages).toEqual(['DETECTION', 'ALIGNMENT', 'AGE_GENDER']);
    expect(ran(data)).toEqual(['DETECTION', 'ALIGNMENT', 'AGE_GENDER']);
    expect((data?.analyze.faces[0]?.['ageGender'] as { age: number }).age).toBeGreaterThan(20);
  });

  it('adding liveness runs ANTI_SPOOFING too; fragments and aliases count; box alone is DETECTION', async () => {
    const withLiveness = await run('ageGender { age } liveness { verdict }');
    expect(ran(withLiveness.data)).toEqual(['DETECTION', 'ANTI_SPOOFING', 'ALIGNMENT', 'AGE_GENDER']);
    expect((withLiveness.data?.analyze.faces[0]?.['liveness'] as { verdict: string }).verdict).toBe('LIVE');
    const viaFragment = await run('...F', {}, 'id_obama_1.jpg', 'fragment F on Face { q: quality { score } ... on Face { deepfake { verdict } } }');
    expect(viaFragment.errors).toBeUndefined();
    // QUALITY reads the 68 landmarks: the stage graph adds LANDMARKS.
    expect(viaFragment.data?.analyze.stages).toEqual(['DETECTION', 'ALIGNMENT', 'LANDMARKS', 'QUALITY', 'DEEPFAKE']);
    expect(ran((await run('box { x }')).data)).toEqual(['DETECTION']);
  });

  it('an explicit stages argument overrides the selection; a fault is its error code', async () => {
    const overridden = await run('ageGender { age }', { stages: ['ANTI_SPOOFING'] });
    expect(ran(overridden.data)).toEqual(['DETECTION', 'ANTI_SPOOFING']);
    expect(overridden.data?.analyze.faces[0]?.['ageGender']).toBeNull();
    expect((await run('box { x }', {}, 'broken')).errors?.[0]?.extensions?.code).toBe('BAD_IMAGE');
  });

  it('every field of Face in the schema names its stage in faceFieldStages (and no other name is there)', () => {
    const face = schema.getType('Face');
    const fields = face && 'getFields' in face ? Object.keys(face.getFields()).sort() : [];
    expect(fields.length).toBeGreaterThan(10);
    expect(Object.keys(faceFieldStages).sort()).toEqual(fields);
  });
});
