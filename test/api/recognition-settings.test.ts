import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, upload, waitForSession } from '../support/graphql-client.ts';
import { fixture } from '../support/paths.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { AUTH_ENV, bearer } from '../support/tokens.ts';

// Per-tenant thresholds: set by a tenant admin, applied to that tenant's verify, identify and IDENTIFICATION
// decisions only, each response naming the threshold, where it came from and the error rates measured at it.

const DECISION = 'threshold thresholdSource falseAcceptRate falseRejectRate measuredOn';
interface Decision {
  threshold: number;
  thresholdSource: string;
  falseAcceptRate: number;
  falseRejectRate: number;
  measuredOn: string;
}

describe('recognition settings per tenant', () => {
  let app: TestApp;
  let adminA: Record<string, string>;
  let userA: Record<string, string>;
  let adminB: Record<string, string>;
  const photo = (name: string) => ({ bytes: readFileSync(fixture(name)), name });

  const settings = async (who: Record<string, string>) =>
    (
      await gql<{ recognitionSettings: { verification: Decision & { serverDefault: number }; identification: Decision; updatedBy: string | null } }>(
        app.url,
        `{ recognitionSettings { verification { ${DECISION} serverDefault } identification { ${DECISION} } updatedBy } }`,
        {},
        who,
      )
    ).data?.recognitionSettings;
  const update = (who: Record<string, string>, variables: Record<string, unknown>) =>
    gql<{ updateRecognitionSettings: { verification: Decision; identification: Decision } }>(
      app.url,
      `mutation($v: Float, $i: Float) { updateRecognitionSettings(verifyThreshold: $v, identifyThreshold: $i) { verification { ${DECISION} } identification { ${DECISION} } } }`,
      variables,
      who,
    );
  const verifyKit = async (who: Record<string, string>) =>
    (
      await upload<{ verifyFaces: Decision & { match: boolean; similarity: number } }>(
        app.url,
        `mutation($a: File!, $b: File!) { verifyFaces(imageA: $a, imageB: $b) { match similarity ${DECISION} } }`,
        { a: photo('id_kit_harington_1.jpg'), b: photo('id_kit_harington_2.jpg') },
        {},
        who,
      )
    ).body.data?.verifyFaces;
  const identifyObama = async (who: Record<string, string>, threshold?: number) =>
    (
      await upload<{ identifyFaces: Decision & { faces: { decision: string }[] } }>(
        app.url,
        `mutation($image: File!, $t: Float) { identifyFaces(image: $image, threshold: $t) { ${DECISION} faces { decision } } }`,
        { image: photo('id_obama_2.jpg') },
        { t: threshold },
        who,
      )
    ).body.data?.identifyFaces;
  /** analyzeImage with the IDENTIFICATION stage (run by the job handler, as in a worker): the face's decision. */
  const identificationStage = async (who: Record<string, string>): Promise<string | undefined> => {
    const { body } = await upload<{ analyzeImage: { id: string } }>(
      app.url,
      'mutation($image: File!) { analyzeImage(image: $image, stages: [IDENTIFICATION]) { id } }',
      { image: photo('id_obama_2.jpg') },
      {},
      who,
    );
    const session = await waitForSession<{ status: string; faces: { identification: { decision: string } | null }[] }>(
      app.url,
      'query($id: ID!) { analysisSession(id: $id) { status faces { identification { decision } } } }',
      body.data?.analyzeImage.id as string,
      60_000,
      who,
    );
    return session.faces[0]?.identification?.decision;
  };

  beforeAll(async () => {
    app = await startTestApp({ ...AUTH_ENV });
    adminA = await bearer({ tenant: 'tenant-a', sub: 'alice', role: 'admin' });
    userA = await bearer({ tenant: 'tenant-a', sub: 'bob' });
    adminB = await bearer({ tenant: 'tenant-b', sub: 'carol', roles: ['admin'] });
    for (const who of [adminA, adminB]) {
      const created = await gql<{ createPerson: { id: string } }>(app.url, 'mutation { createPerson(name: "Barack Obama") { id } }', {}, who);
      const { body } = await upload(
        app.url,
        'mutation($p: ID!, $image: File!) { enrollFace(personId: $p, image: $image) { id } }',
        { image: photo('id_obama_1.jpg') },
        { p: created.data?.createPerson.id },
        who,
      );
      expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    }
  });
  afterAll(async () => app?.stop());

  it('starts at the server defaults, with the error rates measured on LFW', async () => {
    const s = await settings(userA);
    expect(s?.verification.thresholdSource).toBe('SERVER_DEFAULT');
    expect(s?.verification.threshold).toBe(s?.verification.serverDefault);
    expect(s?.verification.falseAcceptRate).toBeLessThanOrEqual(1e-3);
    expect(s?.identification.falseAcceptRate).toBeGreaterThan(0);
    expect(s?.verification.measuredOn).toMatch(/LFW/);
    expect(s?.updatedBy).toBeNull();
  });

  it('only a tenant admin may change them, and only to a threshold between 0 and 1', async () => {
    expect((await update(userA, { v: 0.5 })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await update(adminA, { v: 1.5 })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await settings(adminA))?.verification.thresholdSource).toBe('SERVER_DEFAULT');
  });

  it("a tenant's thresholds apply to its verify, identify and IDENTIFICATION decisions, not to another tenant's", async () => {
    const before = await verifyKit(adminA);
    expect(before?.match).toBe(true);

    const changed = await update(adminA, { v: 0.95, i: 0.99 });
    expect(changed.errors, JSON.stringify(changed.errors)).toBeUndefined();
    expect(changed.data?.updateRecognitionSettings.verification).toMatchObject({ threshold: 0.95, thresholdSource: 'TENANT' });
    expect(changed.data?.updateRecognitionSettings.verification.falseRejectRate).toBeGreaterThan(0.5);
    expect((await settings(userA))?.updatedBy).toBe('alice');

    const strictA = await verifyKit(adminA);
    expect(strictA).toMatchObject({ match: false, threshold: 0.95, thresholdSource: 'TENANT' });
    expect(strictA?.similarity).toBeCloseTo(before?.similarity as number, 5);
    expect(await verifyKit(adminB)).toMatchObject({ match: true, thresholdSource: 'SERVER_DEFAULT' });

    expect(await identifyObama(adminA)).toMatchObject({ threshold: 0.99, thresholdSource: 'TENANT', faces: [{ decision: 'UNKNOWN' }] });
    expect(await identifyObama(adminA, 0.4)).toMatchObject({ threshold: 0.4, thresholdSource: 'REQUEST', faces: [{ decision: 'MATCH' }] });
    expect(await identifyObama(adminB)).toMatchObject({ thresholdSource: 'SERVER_DEFAULT', faces: [{ decision: 'MATCH' }] });
    expect(await identificationStage(adminA)).toBe('UNKNOWN');
    expect(await identificationStage(adminB)).toBe('MATCH');

    // null goes back to the server default; an omitted argument is left alone.
    const reset = await update(adminA, { i: null });
    expect(reset.data?.updateRecognitionSettings.identification.thresholdSource).toBe('SERVER_DEFAULT');
    expect(reset.data?.updateRecognitionSettings.verification).toMatchObject({ threshold: 0.95, thresholdSource: 'TENANT' });
    expect(await identificationStage(adminA)).toBe('MATCH');
  });
});
