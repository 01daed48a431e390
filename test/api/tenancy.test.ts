import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectWs, gql, upload } from '../support/graphql-client.ts';
import { fixture } from '../support/paths.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { AUTH_ENV, signToken, TEST_SECRET } from '../support/tokens.ts';

// Two tenants on one server (AUTH_JWT_SECRET set): each sees only its own persons, faces and events.
const token = async (claims: Record<string, unknown>, secret = TEST_SECRET): Promise<string> => signToken(claims, { secret });

describe('tenancy (JWT tenant claim)', () => {
  let app: TestApp;
  const auth: Record<'A' | 'B', Record<string, string>> = { A: {}, B: {} };
  const obama: Record<'A' | 'B', string> = { A: '', B: '' };

  const enrollObama = async (tenant: 'A' | 'B'): Promise<string> => {
    const created = await gql<{ createPerson: { id: string } }>(app.url, 'mutation { createPerson(name: "Barack Obama") { id } }', {}, auth[tenant]);
    const id = created.data?.createPerson.id as string;
    const { body } = await upload(
      app.url,
      'mutation($p: ID!, $image: File!) { enrollFace(personId: $p, image: $image) { id } }',
      { image: { bytes: readFileSync(fixture('id_obama_1.jpg')), name: 'o.jpg' } },
      { p: id },
      auth[tenant],
    );
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    return id;
  };

  beforeAll(async () => {
    app = await startTestApp({ ...AUTH_ENV });
    auth.A = { authorization: `Bearer ${await token({ tenant: 'tenant-a', roles: ['admin'] })}` };
    auth.B = { authorization: `Bearer ${await token({ tenant: 'tenant-b', roles: ['admin'] })}` };
    obama.A = await enrollObama('A');
    obama.B = await enrollObama('B');
  });
  afterAll(async () => app?.stop());

  it('refuses a missing or bad token with UNAUTHENTICATED and a token without a tenant with FORBIDDEN', async () => {
    expect((await gql(app.url, '{ persons { edges { cursor } } }')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const forged = { authorization: `Bearer ${await token({ tenant: 'tenant-a' }, 'another-secret-that-is-also-32-characters-long')}` };
    expect((await gql(app.url, '{ persons { edges { cursor } } }', {}, forged)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const noTenant = { authorization: `Bearer ${await token({ sub: 'someone' })}` };
    expect((await gql(app.url, '{ persons { edges { cursor } } }', {}, noTenant)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it("identification in tenant A finds A's person, never B's", async () => {
    for (const tenant of ['A', 'B'] as const) {
      const { body } = await upload<{
        identifyFaces: { faces: { decision: string; person: { id: string } | null; candidates: { person: { id: string } }[] }[] };
      }>(
        app.url,
        'mutation($image: File!) { identifyFaces(image: $image, topK: 10) { faces { decision person { id } candidates { person { id } } } } }',
        { image: { bytes: readFileSync(fixture('id_obama_2.jpg')), name: 'o2.jpg' } },
        {},
        auth[tenant],
      );
      const [face] = body.data?.identifyFaces.faces ?? [];
      expect(face?.decision).toBe('MATCH');
      expect(face?.person?.id).toBe(obama[tenant]);
      expect(face?.candidates.map((c) => c.person.id)).toEqual([obama[tenant]]);
    }
  });

  it("person(id) and node(id) of B's person from A are NOT_FOUND; persons lists only one's own", async () => {
    expect((await gql(app.url, 'query($id: ID!) { person(id: $id) { id } }', { id: obama.B }, auth.A)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await gql(app.url, 'query($id: ID!) { node(id: $id) { id } }', { id: obama.B }, auth.A)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const listed = await gql<{ persons: { edges: { node: { id: string } }[] } }>(app.url, '{ persons { edges { node { id } } } }', {}, auth.A);
    expect(listed.data?.persons.edges.map((e) => e.node.id)).toEqual([obama.A]);
    expect(
      (await gql(app.url, 'query($id: ID!) { deletePerson(id: $id) { facesErased } }'.replace('query', 'mutation'), { id: obama.B }, auth.A)).errors?.[0]
        ?.extensions?.code,
    ).toBe('NOT_FOUND');
  });

  it("livenessVerdicts over graphql-ws carries only the subscriber's tenant", async () => {
    const inB = collectWs<{ livenessVerdicts: { sessionId: string } }>(
      app.url,
      'subscription { livenessVerdicts { sessionId } }',
      1,
      {},
      { authorization: auth.B.authorization },
    );
    await new Promise((r) => setTimeout(r, 300));
    const submit = async (tenant: 'A' | 'B'): Promise<string> => {
      const { body } = await upload<{ analyzeImage: { id: string } }>(
        app.url,
        'mutation($image: File!) { analyzeImage(image: $image, stages: [ANTI_SPOOFING]) { id } }',
        { image: { bytes: readFileSync(fixture('spoof_real_T1.jpg')), name: 't.jpg' } },
        {},
        auth[tenant],
      );
      return body.data?.analyzeImage.id as string;
    };
    await submit('A');
    await new Promise((r) => setTimeout(r, 1500));
    const fromB = await submit('B');
    expect((await inB).map((e) => e.livenessVerdicts.sessionId)).toEqual([fromB]);
  });

  it("galleryEvents carries only the subscriber's tenant", async () => {
    const inB = collectWs<{ galleryEvents: { type: string; personId: string } }>(
      app.url,
      'subscription { galleryEvents { type personId } }',
      1,
      {},
      { authorization: auth.B.authorization },
    );
    await new Promise((r) => setTimeout(r, 300));
    await gql(app.url, 'mutation { createPerson(name: "Only in A") { id } }', {}, auth.A);
    await new Promise((r) => setTimeout(r, 300));
    const inBId = (await gql<{ createPerson: { id: string } }>(app.url, 'mutation { createPerson(name: "Only in B") { id } }', {}, auth.B)).data?.createPerson
      .id;
    expect((await inB).map((e) => [e.galleryEvents.type, e.galleryEvents.personId])).toEqual([['PERSON_CREATED', inBId]]);
  });
});
