import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createClient, FaceSocialError, type FaceSocialClient, type ProgressEvent } from '../../src/client/index.ts';
import { fileFromPath } from '../../src/client/node.ts';
import { fixture } from '../support/paths.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { AUTH_ENV, signToken } from '../support/tokens.ts';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');
const ALL_STAGES = ['ANTI_SPOOFING', 'QUALITY', 'RECOGNITION', 'AGE_GENDER', 'DEEPFAKE', 'IDENTIFICATION'] as const;

let server: TestApp;
let client: FaceSocialClient;
const folders: string[] = [];

beforeAll(async () => {
  server = await startTestApp();
  client = createClient({ url: server.url });
});

afterAll(async () => {
  await client?.close();
  await server?.stop();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A port nothing listens on (one the OS just handed out and took back). */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function folderWith(...names: string[]): string {
  const folder = mkdtempSync(join(tmpdir(), 'facesocial-examples-'));
  folders.push(folder);
  for (const name of names) copyFileSync(fixture(name), join(folder, name));
  return folder;
}

describe('examples/analyze-folder.ts', () => {
  it('prints the faces of each image of a folder (run as its own process, as the README shows)', async () => {
    const folder = folderWith('id_obama_1.jpg', 'multi_two_people.jpg');
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/analyze-folder.ts', folder], {
      cwd: root,
      env: { ...process.env, FACESOCIAL_URL: server.url },
      timeout: 120_000,
    });
    expect(stdout).toContain('id_obama_1.jpg: 1 face\n');
    expect(stdout).toContain('multi_two_people.jpg: 2 faces\n');
    const faceLines = stdout
      .split('\n')
      .filter((line) => /^ {2}#\d box \d+,\d+ \d+x\d+ {2}liveness (LIVE|SPOOF|UNCERTAIN) \(\d\.\d\d\) {2}age\/gender \d+, (male|female)$/.test(line));
    expect(faceLines).toHaveLength(3);
  });
});

describe('the SDK (src/client)', () => {
  it('sends uploads as a GraphQL multipart request with the CSRF preflight header', async () => {
    const seen: { headers: Headers; body: unknown }[] = [];
    const recording = createClient({
      url: server.url,
      fetch: (input, init) => {
        seen.push({ headers: new Headers(init?.headers), body: init?.body });
        return fetch(input, init);
      },
    });
    try {
      await recording.analyzeImage({ bytes: readFileSync(fixture('id_obama_1.jpg')), name: 'obama.jpg' });
    } finally {
      await recording.close();
    }
    const [request] = seen;
    expect(request?.headers.get('graphql-preflight')).toBe('1');
    const body = request?.body;
    expect(body).toBeInstanceOf(FormData);
    const form = body as FormData;
    expect([...form.keys()]).toEqual(['operations', 'map', '0']);
    const operations = JSON.parse(form.get('operations') as string) as { query: string; variables: Record<string, unknown> };
    expect(operations.query).toContain('analyzeImage(image: $image');
    expect(operations.variables.image).toBeNull();
    expect(JSON.parse(form.get('map') as string)).toEqual({ 0: ['variables.image'] });
    const file = form.get('0') as File;
    expect(file.name).toBe('obama.jpg');
    expect(file.type).toBe('image/jpeg');
  });

  it('analyzeImage, then watchSession until COMPLETED, then the typed results', async () => {
    const queued = await client.analyzeImage(await fileFromPath(fixture('multi_two_people.jpg')), ['ANTI_SPOOFING', 'AGE_GENDER']);
    expect(queued.status).toBe('QUEUED');
    const events: ProgressEvent[] = [];
    for await (const event of client.watchSession(queued.id)) events.push(event);
    expect(events[0]?.type).toBe('QUEUED');
    expect(events.at(-1)?.type).toBe('COMPLETED');
    const finished = events.filter((e) => e.type === 'STAGE_FINISHED').map((e) => e.stage);
    expect(finished).toEqual(queued.stages);

    const session = await client.session(queued.id);
    expect(session.status).toBe('COMPLETED');
    expect(session.faces).toHaveLength(2);
    for (const face of session.faces) {
      expect(face.box.width).toBeGreaterThan(50);
      expect(face.landmarks).toHaveLength(5);
      expect(['LIVE', 'SPOOF', 'UNCERTAIN']).toContain(face.liveness?.verdict);
      expect(face.ageGender?.age).toBeGreaterThan(20);
    }
    expect(session.stageRuns.map((r) => r.stage)).toEqual(queued.stages);
  });

  it('throws FaceSocialError with the code and HTTP status of a GraphQL error', async () => {
    const error = await client.analyzeImage({ bytes: new TextEncoder().encode('not an image'), name: 'notes.jpg' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FaceSocialError);
    expect((error as FaceSocialError).code).toBe('BAD_IMAGE');
    // An execution error: the answer itself is HTTP 200.
    expect((error as FaceSocialError).status).toBe(200);

    const missing = await client.session('QW5hbHlzaXNTZXNzaW9uOjAwMDAwMDAwLTAwMDAtNDAwMC04MDAwLTAwMDAwMDAwMDAwMA==').catch((e: unknown) => e);
    expect((missing as FaceSocialError).code).toBe('NOT_FOUND');

    const offline = createClient({ url: `http://127.0.0.1:${await closedPort()}/graphql` });
    const refused = await offline.serverInfo().catch((e: unknown) => e);
    await offline.close();
    expect((refused as FaceSocialError).code).toBe('NETWORK_ERROR');
    expect((refused as FaceSocialError).systemCode).toBe('ECONNREFUSED');
  });

  it('verifyFaces, and identifyFaces / verifyPerson after createPerson and enrollFace', async () => {
    const [obama1, obama2, biden] = await Promise.all(['id_obama_1.jpg', 'id_obama_2.jpg', 'id_biden_1.jpg'].map((name) => fileFromPath(fixture(name))));
    const same = await client.verifyFaces(obama1 as File, obama2 as File);
    expect(same.match).toBe(true);
    expect(same.similarity).toBeGreaterThanOrEqual(same.threshold);
    const different = await client.verifyFaces(obama1 as File, biden as File);
    expect(different.match).toBe(false);

    const person = await client.createPerson('Barack Obama (SDK test)', 'sdk-obama');
    const enrolled = await client.enrollFace(person.id, obama1 as File);
    expect(enrolled.person?.id).toBe(person.id);
    const found = await client.persons({ search: 'sdk test' });
    expect(found.persons.map((p) => p.id)).toContain(person.id);

    const identification = await client.identifyFaces(obama2 as File, { topK: 3 });
    expect(identification.faces).toHaveLength(1);
    expect(identification.faces[0]?.decision).toBe('MATCH');
    expect(identification.faces[0]?.person?.id).toBe(person.id);
    const unknown = await client.identifyFaces(biden as File);
    expect(unknown.faces[0]?.decision).toBe('UNKNOWN');

    const verified = await client.verifyPerson(person.id, obama2 as File);
    expect(verified.match).toBe(true);
    expect(verified.faceB?.person?.id).toBe(person.id);

    const refusals = await client.enrollFaces(person.id, [obama2 as File, await fileFromPath(fixture('multi_two_people.jpg'))]);
    expect(refusals.map((r) => r.error?.code ?? 'OK')).toEqual(['OK', 'MULTIPLE_FACES']);
  });

  it('watchLiveness streams the verdicts of new sessions', async () => {
    const verdicts = client.watchLiveness();
    const first = verdicts.next();
    // Live only: upload until the subscription (started above, asynchronously) has seen a verdict.
    let got: IteratorResult<unknown> | undefined;
    for (let attempt = 0; attempt < 10 && !got; attempt++) {
      await client.analyzeAndWait(await fileFromPath(fixture('id_obama_1.jpg')), { stages: ['ANTI_SPOOFING'] });
      got = await Promise.race([first, new Promise<undefined>((resolve) => setTimeout(resolve, 500))]);
    }
    const verdict = (got as IteratorYieldResult<{ verdict: string; face: { box: { width: number } } }> | undefined)?.value;
    expect(['LIVE', 'SPOOF', 'UNCERTAIN']).toContain(verdict?.verdict);
    expect(verdict?.face.box.width).toBeGreaterThan(50);
    await verdicts.return?.();
  });

  it('watchSession survives a dropped socket: it resubscribes, gets the replay, and yields each event once, ending with one COMPLETED', async () => {
    class DroppableWebSocket extends WebSocket {
      static readonly opened: DroppableWebSocket[] = [];
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols);
        DroppableWebSocket.opened.push(this);
      }
    }
    const droppable = createClient({ url: server.url, webSocketImpl: DroppableWebSocket });
    try {
      // Sessions queued ahead keep the watched one from ending before the socket is dropped.
      for (let i = 0; i < 3; i++) await client.analyzeImage(await fileFromPath(fixture('id_obama_1.jpg')), [...ALL_STAGES]);
      const queued = await droppable.analyzeImage(await fileFromPath(fixture('multi_two_people.jpg')), [...ALL_STAGES]);
      const events: ProgressEvent[] = [];
      for await (const event of droppable.watchSession(queued.id)) {
        events.push(event);
        // Cut the connection under the subscription, as a network failure would (no close handshake).
        if (events.length === 1) DroppableWebSocket.opened.at(-1)?.terminate();
      }
      expect(DroppableWebSocket.opened.length).toBeGreaterThanOrEqual(2);
      const keys = events.map((e) => `${e.type}:${e.stage ?? ''}`);
      expect(new Set(keys).size).toBe(keys.length);
      expect(events.filter((e) => e.type === 'COMPLETED' || e.type === 'FAILED').map((e) => e.type)).toEqual(['COMPLETED']);
      expect(events.at(-1)?.type).toBe('COMPLETED');
      // Nothing lost across the drop: every stage's start and finish arrived.
      expect(events.filter((e) => e.type === 'STAGE_FINISHED').map((e) => e.stage)).toEqual(queued.stages);
      expect(events.filter((e) => e.type === 'STAGE_STARTED')).toHaveLength(queued.stages.length);
    } finally {
      await droppable.close();
    }
  });
});

describe('the SDK against a server with authentication', () => {
  let secured: TestApp;
  beforeAll(async () => {
    secured = await startTestApp({ ...AUTH_ENV });
  });
  afterAll(async () => {
    await secured?.stop();
  });

  it('sends the token over HTTP and in the graphql-ws connection parameters; no or a forged credential is UNAUTHENTICATED', async () => {
    const anonymous = createClient({ url: secured.url });
    const refused = await anonymous.serverInfo().catch((e: unknown) => e);
    await anonymous.close();
    expect(refused).toBeInstanceOf(FaceSocialError);
    expect((refused as FaceSocialError).code).toBe('UNAUTHENTICATED');
    expect((refused as FaceSocialError).status).toBe(401);

    const token = await signToken({ sub: 'sdk-test', tenant: 'sdk', roles: ['operator'] });
    const operator = createClient({ url: secured.url, token });
    try {
      const session = await operator.analyzeAndWait(await fileFromPath(fixture('id_obama_1.jpg')), { stages: ['QUALITY'] });
      expect(session.status).toBe('COMPLETED');
      expect(session.faces[0]?.quality?.passed).toBe(true);
    } finally {
      await operator.close();
    }

    // The WebSocket refuses a bad credential with 4403, which the SDK does not retry.
    const forged = createClient({ url: secured.url, token: `${token}x` });
    const closed = await forged
      .watchLiveness()
      .next()
      .catch((e: unknown) => e);
    await forged.close();
    expect(closed).toBeInstanceOf(FaceSocialError);
    expect((closed as FaceSocialError).code).toBe('UNAUTHENTICATED');
  });
});
