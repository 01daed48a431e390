import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDashboardBuilt } from '../support/dashboard-build.ts';
import { launchChromium, requireChromium, SCREENSHOTS_DIR, trackForeignRequests, trackProblems } from '../support/browser.ts';
import { requireFfmpeg } from '../support/ffmpeg.ts';
import { gql } from '../support/graphql-client.ts';
import { createSession, finishSession } from '../support/liveness.ts';
import { dataset } from '../support/paths.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

// The dashboard's "Liveness check" page end to end in Debian's Chromium, its camera a fake one that plays
// a .y4m cut by ffmpeg from the live selfie clip of face-videos (04, three blinks in its first 4 s): the
// page opens the camera, sends the raw frames to the real embedded app in chunks while it shows the
// server's feedback, and shows the verdict. ACTIVE mode shows its first step; a refused camera a clear message.

const chromium = requireChromium('liveness page');
const ffmpeg = chromium ? requireFfmpeg('liveness page') : null;
const videos = ffmpeg ? dataset('face-videos') : null;
const CLIP = videos ? join(videos, 'videos', '04_live_selfie_blinks.mp4') : null;
if (CLIP && !existsSync(CLIP)) console.warn(`SKIPPED: liveness page: ${CLIP} not found.`);
const runnable = chromium !== null && ffmpeg !== null && CLIP !== null && existsSync(CLIP);

const WAIT = { timeout: 60_000 };
/** Capture (8 s) plus every frame through the real models on a small CI machine, then the decision. */
const VERDICT_WAIT = { timeout: 170_000 };

/** The fake camera's input: the clip's first 10 s (a little more than PASSIVE's 8 s of capture), 480x640, 15 fps, raw YUV 4:2:0. */
function makeY4m(ffmpegPath: string, clip: string, dir: string): string {
  const out = join(dir, 'camera.y4m');
  execFileSync(
    ffmpegPath,
    ['-loglevel', 'error', '-y', '-t', '10', '-i', clip, '-an', '-vf', 'scale=480:-2,crop=480:640,fps=15', '-pix_fmt', 'yuv420p', '-f', 'yuv4mpegpipe', out],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return out;
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS_DIR, name), fullPage: true });

const numberAttribute = async (page: Page, selector: string, name: string): Promise<number> => Number((await page.locator(selector).getAttribute(name)) ?? 0);

describe.skipIf(!runnable)('dashboard liveness page in Chromium with a fake camera', () => {
  let dir: string;
  let browser: Browser;
  let app: TestApp;
  let base: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'facesocial-liveness-page-'));
    const y4m = makeY4m(ffmpeg ?? '', CLIP ?? '', dir);
    ensureDashboardBuilt();
    app = await startTestApp();
    base = app.url.replace(/\/graphql$/, '');
    browser = await launchChromium(chromium ?? '', [
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${y4m}`,
      '--use-fake-ui-for-media-stream',
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function openPage(context: BrowserContext): Promise<{ page: Page; foreign: string[]; problems: string[] }> {
    const page = await context.newPage();
    const foreign = trackForeignRequests(page);
    const problems = trackProblems(page);
    await page.goto(`${base}/dashboard/`);
    await page.getByRole('tab', { name: 'Liveness check' }).click();
    await page.getByTestId('liveness').waitFor(WAIT);
    return { page, foreign, problems };
  }

  it('PASSIVE: the fake camera drives the page to a verdict, with live feedback on the way', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, permissions: ['camera'] });
    const { page, foreign, problems } = await openPage(context);
    await page.getByRole('radio', { name: /Passive/ }).check();
    const started = Date.now();
    await page.getByRole('button', { name: 'Start check' }).click();

    // The mirrored preview plays the fake camera; the frames go out and their feedback comes back.
    await page.locator('[data-testid="liveness"][data-phase="capturing"]').waitFor(WAIT);
    const video = page.locator('video.camera-feed');
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.videoWidth), WAIT).toBe(480);
    expect(await video.evaluate((v) => getComputedStyle(v).transform)).toBe('matrix(-1, 0, 0, 1, 0, 0)');
    await page.locator('[data-testid="liveness-face-state"][data-state="ONE"]').waitFor(VERDICT_WAIT);
    const firstFeedbackS = (Date.now() - started) / 1000;
    expect(await numberAttribute(page, '[data-testid="liveness-frames"]', 'data-sent')).toBeGreaterThan(0);
    expect(await page.getByTestId('liveness-step').textContent()).toMatch(/Look at the camera|sending the last frames|Checking/);
    await shot(page, 'liveness-passive-capturing.png');

    const verdict = page.getByTestId('liveness-verdict');
    await verdict.waitFor(VERDICT_WAIT);
    const verdictS = (Date.now() - started) / 1000;
    const value = await verdict.getAttribute('data-verdict');
    expect(['LIVE', 'SPOOF', 'INCONCLUSIVE']).toContain(value);
    expect(await verdict.locator('.badge').textContent()).toBe(value);
    const reasons = await verdict.locator('[data-reason]').evaluateAll((items) => items.map((item) => item.getAttribute('data-reason')));
    const updates = Number((await page.getByTestId('liveness').getAttribute('data-updates')) ?? 0);
    expect(updates).toBeGreaterThanOrEqual(1);
    const frames = Number(/^(\d+) frames/.exec((await verdict.locator('p.muted').textContent()) ?? '')?.[1] ?? 0);
    // 8 s at about 12 fps.
    expect(frames).toBeGreaterThanOrEqual(60);
    console.log(
      `liveness page, PASSIVE: ${value} (${reasons.join(', ') || 'no reasons'}); ${frames} frames in ${updates} chunks; ` +
        `first feedback after ${firstFeedbackS.toFixed(1)} s, verdict after ${verdictS.toFixed(1)} s`,
    );
    // The last frame stays as a still; the camera is off.
    expect(await page.locator('img.camera-feed').count()).toBe(1);
    expect(await video.evaluate((v: HTMLVideoElement) => v.srcObject)).toBeNull();

    // The server holds the same session, decided with the verdict shown.
    const id = await page.getByTestId('liveness').getAttribute('data-session-id');
    const stored = await gql<{ livenessSession: { status: string; verdict: string; framesReceived: number } | null }>(
      app.url,
      'query($id: ID!) { livenessSession(id: $id) { status verdict framesReceived } }',
      { id },
    );
    expect(stored.data?.livenessSession).toEqual({ status: 'DECIDED', verdict: value, framesReceived: frames });
    await shot(page, 'liveness-passive-verdict.png');
    expect(foreign).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('ACTIVE: shows the challenge and its first step at once; Cancel stops the camera', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, permissions: ['camera'] });
    const { page, foreign, problems } = await openPage(context);
    await page.getByRole('radio', { name: /Active/ }).check();
    await page.getByRole('button', { name: 'Start check' }).click();
    const step = page.locator('[data-testid="liveness-step"][data-step]:not([data-step=""])');
    await step.waitFor(WAIT);
    const first = await step.getAttribute('data-step');
    expect(['TURN_LEFT', 'TURN_RIGHT', 'BLINK', 'NOD']).toContain(first);
    expect(await step.textContent()).toMatch(/Turn your head to your (left|right)|Blink|Nod/);
    const steps = await page.locator('[data-testid="liveness-steps"] li').evaluateAll((items) => items.map((item) => item.getAttribute('data-step')));
    expect(steps.length).toBeGreaterThanOrEqual(3);
    expect(steps[0]).toBe(first);
    await page.locator('[data-testid="liveness-steps"] li[data-state="active"]').waitFor(WAIT);
    // Some feedback before stopping: the step bar and the face state follow the server's answers.
    await page.locator('[data-testid="liveness-face-state"]:not([data-state="PENDING"])').waitFor(VERDICT_WAIT);
    await shot(page, 'liveness-active.png');
    // The page without the empty bottom (docs/images/liveness.png is made from it).
    await page.screenshot({ path: join(SCREENSHOTS_DIR, 'liveness-overview.png'), clip: { x: 0, y: 0, width: 1440, height: 720 } });
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('[data-testid="liveness"][data-phase="idle"]').waitFor(WAIT);
    expect(await page.locator('video.camera-feed').evaluate((v: HTMLVideoElement) => v.srcObject)).toBeNull();
    expect(foreign).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a refused camera permission gives a clear message and no session', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    // What a page sees when the user (or a site setting) refuses the camera.
    await context.addInitScript(() => {
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    });
    const { page, problems } = await openPage(context);
    const sessionsAsked: string[] = [];
    page.on('request', (request) => {
      if (request.postData()?.includes('createLivenessSession')) sessionsAsked.push(request.url());
    });
    await page.getByRole('button', { name: 'Start check' }).click();
    const error = page.getByTestId('liveness-error');
    await error.waitFor(WAIT);
    expect(await error.getAttribute('data-code')).toBe('CAMERA_DENIED');
    expect(await error.textContent()).toMatch(/Camera access was denied/);
    expect(await page.getByTestId('liveness').getAttribute('data-phase')).toBe('idle');
    expect(await page.getByTestId('liveness-face-state').count()).toBe(0);
    expect(sessionsAsked).toEqual([]);
    await shot(page, 'liveness-denied.png');
    expect(problems).toEqual([]);
    await context.close();
  });

  // Last: it locks this app's (anonymous) credential out of liveness sessions.
  it("RATE_LIMITED after too many failed attempts: the page shows the server's message, no crash", async () => {
    // Sessions finished without frames: INCONCLUSIVE (TOO_FEW_FRAMES), each a failed attempt, until the lockout.
    for (let i = 0; i < 10; i++) {
      const created = await createSession(app.url, 'PASSIVE');
      if (created.errors?.[0]?.extensions?.code === 'RATE_LIMITED') break;
      const id = created.data?.createLivenessSession.id ?? '';
      expect((await finishSession(app.url, id)).data?.finishLivenessSession.verdict).toBe('INCONCLUSIVE');
    }
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, permissions: ['camera'] });
    const { page, problems } = await openPage(context);
    await page.getByRole('radio', { name: /Passive/ }).check();
    await page.getByRole('button', { name: 'Start check' }).click();
    const error = page.getByTestId('liveness-error');
    await error.waitFor(WAIT);
    expect(await error.getAttribute('data-code')).toBe('RATE_LIMITED');
    expect(await error.textContent()).toMatch(/Too many attempts\..*Too many failed liveness checks.*retry in \d+ s/);
    expect(await page.getByTestId('liveness').getAttribute('data-phase')).toBe('idle');
    // The camera was opened first, and is released again.
    expect(await page.locator('video.camera-feed').evaluate((v: HTMLVideoElement) => v.srcObject)).toBeNull();
    await shot(page, 'liveness-rate-limited.png');
    // The browser's own line for the 429 answer is the only console error.
    expect(problems.filter((p) => !p.includes('status of 429'))).toEqual([]);
    await context.close();
  });
});
