// `facesocial video` against the real embedded app, on the A-then-B clip (photo A 2 s, then photo B 2 s):
// the table of tracks, --json, the options reaching the server, refusals printed with their code, and the
// progress bar on a terminal.
import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/client/index.ts';
import { fileFromPath } from '../../src/client/node.ts';
import type { CliIO } from '../../src/cli/io.ts';
import { runCli } from '../../src/cli/program.ts';
import { requireFfmpeg } from '../support/ffmpeg.ts';
import { MODELS_DIR } from '../support/model-paths.ts';
import { fixture } from '../support/paths.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { photoSwitchClip } from '../support/video-clips.ts';

const root = join(import.meta.dirname, '../..');
const ffmpeg = requireFfmpeg('facesocial video');
const HAVE_MODELS = existsSync(MODELS_DIR);
if (!HAVE_MODELS) console.warn(`SKIPPED: facesocial video: models dir ${MODELS_DIR} not found (set MODELS_DIR).`);

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Captures what is written; `isTTY` makes the command draw its progress bar as on a terminal. */
class Capture extends Writable {
  text = '';
  constructor(readonly isTTY: boolean) {
    super();
  }
  readonly columns = 120;
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

describe.skipIf(!ffmpeg || !HAVE_MODELS)('facesocial video (embedded app, real models, ffmpeg)', () => {
  let server: TestApp;
  let dir: string;
  let clip: string;

  /** `node bin/facesocial.js ...` as its own process, as a user runs it (stdout and stderr are pipes: no bar). */
  const cli = (args: readonly string[]): Promise<CliRun> =>
    new Promise((resolve) => {
      const env = { ...process.env, FACESOCIAL_URL: server.url };
      execFile(process.execPath, ['bin/facesocial.js', ...args], { cwd: root, env, timeout: 60_000 }, (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
      });
    });
  const noStackTrace = (run: CliRun): void => {
    expect(`${run.stdout}\n${run.stderr}`).not.toMatch(/^ {4}at /m);
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cli-video-'));
    server = await startTestApp();
    clip = await photoSwitchClip(ffmpeg!, dir, 'id_obama_1.jpg', 'id_biden_2.jpg');
    // Only A is in the gallery: track 1 is a MATCH, track 2 UNKNOWN.
    const client = createClient({ url: server.url });
    try {
      const obama = await client.createPerson('Barack Obama');
      await client.enrollFace(obama.id, await fileFromPath(fixture('id_obama_2.jpg')));
    } finally {
      await client.close();
    }
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('prints a row per track (time span, frames, person or UNKNOWN with similarity, verdicts, age/gender) and exits 0', async () => {
    const run = await cli(['video', '--fps', '5', clip]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^track +seconds +frames +person +liveness +deepfake +age\/gender$/m);
    const verdicts = String.raw`(LIVE|SPOOF|UNCERTAIN) \d\.\d\d +(REAL|FAKE|UNCERTAIN) \d\.\d\d +\d+ (MALE|FEMALE)$`;
    expect(run.stdout).toMatch(new RegExp(String.raw`^1 +0\.00–1\.80 +10 +Barack Obama \(0\.\d\d\) +${verdicts}`, 'm'));
    expect(run.stdout).toMatch(new RegExp(String.raw`^2 +2\.00–3\.80 +10 +UNKNOWN \(\d\.\d\d\) +${verdicts}`, 'm'));
    expect(run.stdout).toContain(`${clip}: 4.0 s, 640x480, 20 frame(s) at 5 fps; 2 track(s); stages: DETECTION,`);
    noStackTrace(run);
  });

  it('--json prints the analysis with its tracks, and --max-frames and --stages reach the server', async () => {
    const run = await cli(['video', '--json', '--fps', '5', '--max-frames', '10', '--stages', 'detection,anti-spoofing', clip]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as {
      file: string;
      status: string;
      sampleFps: number;
      framesDone: number;
      stages: string[];
      tracks: { trackId: number; firstSeconds: number; identification: unknown; liveness: { verdict: string } | null; deepfake: unknown }[];
    };
    expect(out).toMatchObject({ file: clip, status: 'COMPLETED', sampleFps: 2.5, framesDone: 10 });
    expect(out.stages).toEqual(expect.arrayContaining(['DETECTION', 'RECOGNITION', 'ANTI_SPOOFING']));
    expect(out.stages).not.toContain('IDENTIFICATION');
    expect(out.tracks.map((t) => t.trackId)).toEqual([1, 2]);
    expect(out.tracks[1]?.firstSeconds).toBeCloseTo(2, 1);
    for (const t of out.tracks) {
      expect(t.identification).toBeNull();
      expect(t.deepfake).toBeNull();
      expect(t.liveness?.verdict).toMatch(/^(LIVE|SPOOF|UNCERTAIN)$/);
    }
  });

  it('a file that is not a video prints BAD_VIDEO with its message and exits 1; usage mistakes are said readably', async () => {
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'not a video at all\n'.repeat(50));
    const bad = await cli(['video', notes]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/^facesocial: BAD_VIDEO: \S.+\n$/);
    noStackTrace(bad);

    const usage: [string[], string][] = [
      [['video', '--fps', 'abc', clip], 'facesocial: --fps must be a positive number'],
      [['video', '--max-frames', '2.5', clip], 'facesocial: --max-frames must be a positive integer'],
      [['video', '--stages', 'detection,emotion', clip], 'facesocial: unknown video stage EMOTION'],
      [['video', join(dir, 'nowhere.mp4')], 'facesocial: cannot read'],
    ];
    const runs = await Promise.all(usage.map(([args]) => cli(args)));
    runs.forEach((run, i) => {
      expect(run.code, usage[i]![0].join(' ')).toBe(1);
      expect(run.stderr).toContain(usage[i]![1]);
      noStackTrace(run);
    });
  });

  it('on a terminal, shows the frames done out of the total and the tracks formed while it runs', async () => {
    const io = { stdout: new Capture(false), stderr: new Capture(true) };
    const code = await runCli(['video', '--fps', '5', clip], { FACESOCIAL_URL: server.url }, io as unknown as CliIO, new AbortController().signal);
    expect(io.stderr.text.includes('facesocial:'), io.stderr.text).toBe(false);
    expect(code).toBe(0);
    // cli-progress redraws the line in place: the last drawing is the final state.
    const drawings = io.stderr.text.split(new RegExp(String.raw`\r|\u001b\[[0-9;]*[A-Za-z]`)).filter((s) => s.includes(' frames '));
    expect(drawings.at(-1)).toMatch(/ switch\.mp4 \[[█░]+\] 20\/20 frames {2}2 track\(s\) {2}done/);
    expect(drawings.some((d) => / \d{1,2}\/20 frames .* analysing/.test(d))).toBe(true);
    expect(io.stdout.text).toMatch(/^2 +2\.00–3\.80 +10 +UNKNOWN/m);
  });
});
