import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeImagesMutation } from '../support/batches.ts';
import { gql, upload, uploadList, waitForSession } from '../support/graphql-client.ts';
import { fixture } from '../support/paths.ts';
import { queueServices, type QueueServices } from '../support/services.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

// The backup drill of docs/operations.md on real PostgreSQL (pgvector): fill a database through the
// API, back it up with scripts/backup.sh, restore it with scripts/restore.sh into a second fresh
// database, and check that the copy holds the same rows and answers identification the same way.
const root = fileURLToPath(new URL('../..', import.meta.url));
const source = await queueServices('backup');
const target = source ? await queueServices('backup_restored') : null;
const exec = promisify(execFile);
/** The archive and the apps' (unused) DATA_DIRs; removed after the suite, whatever happened. */
const work = source ? mkdtempSync(join(tmpdir(), 'facesocial-backup-')) : '';

interface ScriptRun {
  code: number;
  stdout: string;
  stderr: string;
}
const script = async (name: 'backup.sh' | 'restore.sh', args: string[]): Promise<ScriptRun> => {
  try {
    const { stdout, stderr } = await exec('bash', [join(root, 'scripts', name), ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
};

/** The `  Table   rows` lines both scripts print, as a map. */
const printedCounts = (stdout: string): Record<string, number> =>
  Object.fromEntries([...stdout.matchAll(/^ {2}(\S+) +(\d+)$/gm)].map((m) => [m[1] as string, Number(m[2])]));

/** Every table of the public schema: its row count and an md5 of all its rows (as text, sorted). */
async function tableDigests(databaseUrl: string): Promise<Record<string, { rows: number; md5: string }>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
    const digests: Record<string, { rows: number; md5: string }> = {};
    for (const { tablename } of tables) {
      const quoted = `public."${tablename.replace(/"/g, '""')}"`;
      const { rows } = await client.query<{ rows: number; md5: string }>(
        `SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS md5 FROM ${quoted} t`,
      );
      digests[tablename] = rows[0] as { rows: number; md5: string };
    }
    return digests;
  } finally {
    await client.end();
  }
}

interface IdentifiedFace {
  decision: string;
  person: { id: string; name: string } | null;
  similarity: number | null;
  candidates: { person: { id: string }; similarity: number }[];
}
interface Identification {
  threshold: number;
  thresholdSource: string;
  faces: IdentifiedFace[];
}

const filledTables = ['AnalysisBatch', 'AnalysisSession', 'ApiKey', 'AuditEvent', 'Face', 'Person', 'StageRun', 'TenantSettings', '_prisma_migrations'];

const photo = (name: string): Uint8Array => readFileSync(fixture(name));

/** embedded mode on PostgreSQL (DATABASE_URL without REDIS_URL): the real API, models and database, no Redis needed. */
const startApi = (databaseUrl: string): Promise<TestApp> =>
  // One ORT thread: the probe's embedding is then computed the same way on both apps.
  startTestApp({ DATABASE_URL: databaseUrl, DATA_DIR: mkdtempSync(join(work, 'data-')), INFERENCE_THREADS: 1, ORT_INTRA_OP_THREADS: 1 });

async function identify(url: string, file: string): Promise<Identification> {
  const { body } = await upload<{ identifyFaces: Identification }>(
    url,
    'mutation($image: File!) { identifyFaces(image: $image, topK: 3) { threshold thresholdSource faces { decision person { id name } similarity candidates { person { id } similarity } } } }',
    { image: { bytes: photo(file), name: file } },
  );
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data?.identifyFaces as Identification;
}

describe.skipIf(!source || !target)('backup.sh and restore.sh: a restored database holds the same rows and identifies the same', () => {
  const from = source as QueueServices;
  const to = target as QueueServices;
  const archive = join(work, 'facesocial.dump');
  let app: TestApp | undefined;
  let before: Identification;
  let sourceDigests: Record<string, { rows: number; md5: string }>;

  afterAll(async () => {
    await app?.stop();
    await from?.cleanup();
    await to?.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  it('fills the source through the API: persons, enrolled photos, tenant settings, an API key, a batch analysis, an identification', async () => {
    app = await startApi(from.databaseUrl);
    for (const [name, files] of [
      ['Barack Obama', ['id_obama_1.jpg']],
      ['Joe Biden', ['id_biden_1.jpg', 'id_biden_2.jpg']],
      ['Kit Harington', ['id_kit_harington_1.jpg', 'id_kit_harington_2.jpg']],
    ] as const) {
      const created = await gql<{ createPerson: { id: string } }>(app.url, 'mutation($name: String!) { createPerson(name: $name) { id } }', { name });
      expect(created.errors).toBeUndefined();
      for (const file of files) {
        const { body } = await upload<{ enrollFace: { id: string } }>(
          app.url,
          'mutation($personId: ID!, $image: File!) { enrollFace(personId: $personId, image: $image) { id } }',
          { image: { bytes: photo(file), name: file } },
          { personId: created.data?.createPerson.id },
        );
        expect(body.errors, `${file}: ${JSON.stringify(body.errors)}`).toBeUndefined();
      }
    }
    // A tenant threshold, so that the identification below depends on a restored row too.
    const settings = await gql(app.url, 'mutation { updateRecognitionSettings(identifyThreshold: 0.42) { identification { threshold } } }');
    expect(settings.errors).toBeUndefined();
    const key = await gql(app.url, 'mutation { createApiKey(name: "backup drill", role: VIEWER) { apiKey { id } } }');
    expect(key.errors, JSON.stringify(key.errors)).toBeUndefined();

    const batch = await uploadList<{ analyzeImages: { sessions: { id: string }[] } }>(app.url, analyzeImagesMutation, [
      { bytes: photo('multi_two_people.jpg'), name: 'multi_two_people.jpg' },
    ]);
    expect(batch.body.errors).toBeUndefined();
    const sessionId = batch.body.data?.analyzeImages.sessions[0]?.id as string;
    const session = await waitForSession<{ status: string }>(app.url, 'query($id: ID!) { analysisSession(id: $id) { status } }', sessionId);
    expect(session.status).toBe('COMPLETED');

    before = await identify(app.url, 'id_obama_2.jpg');
    expect(before).toMatchObject({ threshold: 0.42, thresholdSource: 'TENANT' });
    expect(before.faces).toHaveLength(1);
    expect(before.faces[0]).toMatchObject({ decision: 'MATCH', person: { name: 'Barack Obama' } });
    // Stopped before the backup, so that nothing written later (an audit row) can differ between the two databases.
    await app.stop();
    app = undefined;

    sourceDigests = await tableDigests(from.databaseUrl);
    expect(Object.keys(sourceDigests)).toContain('_prisma_migrations');
    // The tables this test fills have rows, so a restore that lost one could not pass as 0 = 0 (tables
    // added later are still compared below, row for row).
    for (const table of filledTables) expect(sourceDigests[table]?.rows, table).toBeGreaterThan(0);
  });

  it('backup.sh writes a custom-format archive and prints its size and the rows of every table', async () => {
    const run = await script('backup.sh', [from.databaseUrl, archive]);
    expect(run.code, run.stderr).toBe(0);
    const bytes = statSync(archive).size;
    expect(run.stdout).toContain(`(${bytes} bytes)`);
    // pg_dump's custom format starts with this magic.
    expect(readFileSync(archive).subarray(0, 5).toString()).toBe('PGDMP');
    expect(printedCounts(run.stdout)).toEqual(Object.fromEntries(Object.entries(sourceDigests).map(([table, { rows }]) => [table, rows])));
    console.log(run.stdout.trim());
  });

  it('restore.sh restores into the fresh database: the same tables with the same rows; a second restore into it is refused', async () => {
    const run = await script('restore.sh', [archive, to.databaseUrl]);
    expect(run.code, run.stderr).toBe(0);
    console.log(run.stdout.trim());
    const restored = await tableDigests(to.databaseUrl);
    expect(restored).toEqual(sourceDigests);
    expect(printedCounts(run.stdout)).toEqual(Object.fromEntries(Object.entries(restored).map(([table, { rows }]) => [table, rows])));

    const again = await script('restore.sh', [archive, to.databaseUrl]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already has \d+ tables/);
  });

  it('an API on the restored database starts without migrating again and identifies the probe as before', async () => {
    app = await startApi(to.databaseUrl);
    // Its start found every migration recorded (a missing _prisma_migrations would make it apply them again, and fail).
    expect((await tableDigests(to.databaseUrl))._prisma_migrations).toEqual(sourceDigests._prisma_migrations);
    const after = await identify(app.url, 'id_obama_2.jpg');
    expect({ threshold: after.threshold, thresholdSource: after.thresholdSource }).toEqual({
      threshold: before.threshold,
      thresholdSource: before.thresholdSource,
    });
    expect(after.faces).toHaveLength(1);
    const [was, is] = [before.faces[0] as IdentifiedFace, after.faces[0] as IdentifiedFace];
    console.log(
      `id_obama_2.jpg: before ${was.decision} ${was.person?.name} ${was.similarity}; after the restore ${is.decision} ${is.person?.name} ${is.similarity}`,
    );
    expect(is.decision).toBe(was.decision);
    expect(is.person?.id).toBe(was.person?.id);
    expect(Math.abs((is.similarity ?? NaN) - (was.similarity ?? NaN))).toBeLessThanOrEqual(1e-6);
    expect(is.candidates.map((c) => c.person.id)).toEqual(was.candidates.map((c) => c.person.id));
  });
});
