import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../support/paths.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { AUTH_ENV, signToken } from '../support/tokens.ts';

const root = join(import.meta.dirname, '../..');

let server: TestApp;
let work: string;

beforeAll(async () => {
  server = await startTestApp();
  work = mkdtempSync(join(tmpdir(), 'facesocial-cli-'));
});

afterAll(async () => {
  await server?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `node bin/facesocial.js ...` (the package's bin) as its own process, with the environment the user would have. */
function cli(args: readonly string[], env: Record<string, string> = { FACESOCIAL_URL: server.url }): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/facesocial.js', ...args], { cwd: root, env: { ...process.env, ...env }, timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** The table's rows that name `file` (one per face, or one for its error). */
const rowsOf = (stdout: string, file: string): string[] => stdout.split('\n').filter((line) => line.startsWith(file));

const noStackTrace = (run: CliRun): void => {
  expect(`${run.stdout}\n${run.stderr}`).not.toMatch(/^ {4}at /m);
};

describe('facesocial analyze', () => {
  it('prints one row per face and exits 0', async () => {
    const a = fixture('id_obama_1.jpg');
    const b = fixture('multi_two_people.jpg');
    const run = await cli(['analyze', a, b]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^file +face +box +liveness +quality +age\/gender +deepfake +identity$/m);
    expect(rowsOf(run.stdout, a)).toHaveLength(1);
    expect(rowsOf(run.stdout, b)).toHaveLength(2);
    for (const row of [...rowsOf(run.stdout, a), ...rowsOf(run.stdout, b)]) {
      // box, liveness, quality, age/gender, deepfake, identity
      expect(row).toMatch(
        / \d +\d+,\d+ \d+x\d+ +(LIVE|SPOOF|UNCERTAIN) \d\.\d\d +\d\.\d\d.* +\d+ (MALE|FEMALE) +(REAL|FAKE|UNCERTAIN) \d\.\d\d +(UNKNOWN|MATCH|NOT_SEARCHED)/,
      );
    }
    expect(run.stdout).toContain('2 image(s), 3 face(s)');
  });

  it('--json prints JSON only', async () => {
    const run = await cli(['analyze', '--json', '--stages', 'anti_spoofing,age_gender', fixture('multi_two_people.jpg')]);
    expect(run.code).toBe(0);
    const results = JSON.parse(run.stdout) as {
      file: string;
      status: string;
      error: unknown;
      faces: { box: { width: number }; liveness: unknown; ageGender: unknown }[];
    }[];
    expect(results).toHaveLength(1);
    expect(results[0]?.status).toBe('COMPLETED');
    expect(results[0]?.error).toBeNull();
    expect(results[0]?.faces).toHaveLength(2);
    expect(results[0]?.faces[0]?.liveness).toBeTruthy();
    expect(results[0]?.faces[0]?.ageGender).toBeTruthy();
  });

  it("shows a file that is not an image as that file's error row, without a stack trace, and exits 1", async () => {
    const notes = join(work, 'notes.txt');
    writeFileSync(notes, 'not an image\n');
    const good = fixture('id_obama_1.jpg');
    const run = await cli(['analyze', notes, good]);
    expect(run.code).toBe(1);
    expect(rowsOf(run.stdout, notes)).toEqual([expect.stringMatching(/ - +error: BAD_IMAGE: .+/)]);
    expect(rowsOf(run.stdout, good)).toHaveLength(1);
    noStackTrace(run);
  });

  it('says readably when the server cannot be reached, the usage is wrong or a path is missing', async () => {
    const offline = await cli(['analyze', fixture('id_obama_1.jpg')], { FACESOCIAL_URL: 'http://127.0.0.1:1/graphql' });
    expect(offline.code).toBe(1);
    expect(offline.stderr.trim()).toBe('facesocial: cannot reach http://127.0.0.1:1/graphql: is the server running? (npm start)');
    noStackTrace(offline);

    const missing = await cli(['analyze', join(work, 'nowhere')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no such file or folder');

    const stage = await cli(['analyze', '--stages', 'MAGIC', fixture('id_obama_1.jpg')]);
    expect(stage.code).toBe(1);
    expect(stage.stderr).toContain('unknown stage MAGIC');
    noStackTrace(stage);
  });
});

describe('facesocial enroll, identify, verify', () => {
  it('enroll creates the person, enrolls the good photos, reports the bad file with its code, exits 0; identify and verify find them', async () => {
    const folder = join(work, 'obama');
    mkdirSync(folder);
    copyFileSync(fixture('id_obama_1.jpg'), join(folder, 'id_obama_1.jpg'));
    copyFileSync(fixture('id_obama_2.jpg'), join(folder, 'id_obama_2.jpg'));
    writeFileSync(join(folder, 'broken.jpg'), 'a text file renamed .jpg\n');

    const run = await cli(['enroll', '--person', 'Barack Obama', folder]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Created person "Barack Obama" \(.+\)\. Enrolled 2 of 3 image\(s\); refused 1\.$/m);
    expect(run.stdout).toMatch(new RegExp(`^${join(folder, 'broken.jpg').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} +BAD_IMAGE +\\S.+$`, 'm'));
    noStackTrace(run);

    // The same name again: found (by the persons search), not created twice.
    const again = await cli(['enroll', '--person', 'Barack Obama', '--json', join(folder, 'id_obama_1.jpg')]);
    expect(again.code).toBe(0);
    const outcome = JSON.parse(again.stdout) as { person: { created: boolean; name: string }; enrolled: unknown[]; refused: unknown[] };
    expect(outcome.person).toMatchObject({ created: false, name: 'Barack Obama' });
    expect(outcome.enrolled).toHaveLength(1);

    const nothing = await cli(['enroll', '--person', 'Nobody', join(folder, 'broken.jpg')]);
    expect(nothing.code).toBe(1);
    expect(nothing.stdout).toContain('Enrolled 0 of 1 image(s); refused 1.');

    const identify = await cli(['identify', fixture('multi_two_people.jpg')]);
    expect(identify.code).toBe(0);
    expect(identify.stdout).toMatch(/^1 +\d+,\d+ \d+x\d+ +MATCH +Barack Obama +0\.\d{3}/m);
    expect(identify.stdout).toMatch(/^2 +\d+,\d+ \d+x\d+ +UNKNOWN +- /m);

    const same = await cli(['verify', fixture('id_obama_1.jpg'), fixture('id_obama_2.jpg')]);
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/^MATCH: similarity 0\.\d{3}, threshold 0\.\d{3}/);
    const different = await cli(['verify', '--json', fixture('id_obama_1.jpg'), fixture('id_biden_1.jpg')]);
    expect(different.code).toBe(2);
    expect((JSON.parse(different.stdout) as { match: boolean }).match).toBe(false);
  });
});

describe('facesocial against a server with authentication', () => {
  let secured: TestApp;
  beforeAll(async () => {
    secured = await startTestApp({ ...AUTH_ENV });
  });
  afterAll(async () => {
    await secured?.stop();
  });

  it('asks for a credential when none is given, and takes --token or FACESOCIAL_TOKEN', async () => {
    const image = fixture('id_obama_1.jpg');
    const anonymous = await cli(['analyze', image], { FACESOCIAL_URL: secured.url });
    expect(anonymous.code).toBe(1);
    expect(anonymous.stderr).toContain('facesocial: the server needs a token or API key (--token / --api-key');
    noStackTrace(anonymous);

    const token = await signToken({ sub: 'cli-test', tenant: 'cli', roles: ['operator'] });
    const flag = await cli(['--url', secured.url, '--token', token, 'analyze', '--stages', 'QUALITY', image], {});
    expect(flag.code).toBe(0);
    expect(rowsOf(flag.stdout, image)).toHaveLength(1);
    const env = await cli(['analyze', '--stages', 'QUALITY', image], { FACESOCIAL_URL: secured.url, FACESOCIAL_TOKEN: token });
    expect(env.code).toBe(0);

    const forged = await cli(['analyze', image], { FACESOCIAL_URL: secured.url, FACESOCIAL_TOKEN: `${token}x` });
    expect(forged.code).toBe(1);
    expect(forged.stderr).toMatch(/^facesocial: the server refused the credentials: .+/);
  });
});
