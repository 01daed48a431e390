import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, requireChromium, SCREENSHOTS_DIR, trackForeignRequests, trackProblems } from '../support/browser.ts';
import { ensureDashboardBuilt } from '../support/dashboard-build.ts';
import { requireFfmpeg } from '../support/ffmpeg.ts';
import { gql, upload } from '../support/graphql-client.ts';
import { MODELS_DIR, samplePath } from '../support/model-paths.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { photoSwitchClip } from '../support/video-clips.ts';

// The dashboard's Videos page end to end in Debian's Chromium against the real embedded app: the A-then-B clip
// (Obama's photo for 2 s, then Biden's) uploaded through the file input, followed live over graphql-ws, then
// played from the local file with the face boxes of the current frame over it and the table of tracks,
// each identified against the two persons enrolled first; a row seeks the player; a text file is BAD_VIDEO;
// the recent list opens an analysis without its file. UPDATE_DOC_IMAGES=1 also writes docs/images/video.png.

const chromium = requireChromium('videos page');
const ffmpeg = chromium ? requireFfmpeg('videos page') : null;
const HAVE_MODELS = existsSync(MODELS_DIR);
if (!HAVE_MODELS) console.warn(`SKIPPED: videos page: models dir ${MODELS_DIR} not found (set MODELS_DIR).`);
const runnable = chromium !== null && ffmpeg !== null && HAVE_MODELS;

const WAIT = { timeout: 60_000 };
const DOC_IMAGE = fileURLToPath(new URL('../../docs/images/video.png', import.meta.url));

const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS_DIR, name), fullPage: true });

/** What the page showed on its way to COMPLETED (recorded in the page, so that nothing between two polls is missed). */
interface Seen {
  statuses: string[];
  liveTracks: number;
  framesShown: number[];
}

describe.skipIf(!runnable)('dashboard videos page in Chromium', () => {
  let dir: string;
  let clip: string;
  let notes: string;
  let browser: Browser;
  let app: TestApp;
  let base: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'facesocial-videos-page-'));
    clip = await photoSwitchClip(ffmpeg ?? '', dir, 'id_obama_1.jpg', 'id_biden_2.jpg');
    notes = join(dir, 'notes.mp4');
    writeFileSync(notes, 'not a video at all\n'.repeat(100));
    ensureDashboardBuilt();
    app = await startTestApp();
    base = app.url.replace(/\/graphql$/, '');
    // The gallery the tracks are identified against: another photo of each person than the clip's.
    for (const [name, file] of [
      ['Barack Obama', 'id_obama_2.jpg'],
      ['Joe Biden', 'id_biden_1.jpg'],
    ] as const) {
      const created = await gql<{ createPerson: { id: string } }>(app.url, 'mutation($name: String!) { createPerson(name: $name) { id } }', { name });
      const enrolled = await upload(
        app.url,
        'mutation($personId: ID!, $image: File!) { enrollFace(personId: $personId, image: $image) { id } }',
        { image: { bytes: new Uint8Array(readFileSync(samplePath(file))), name: file } },
        { personId: created.data?.createPerson.id },
      );
      expect(enrolled.body.errors, JSON.stringify(enrolled.body.errors)).toBeUndefined();
    }
    browser = await launchChromium(chromium ?? '');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('uploads the A-then-B clip, shows its progress live, plays it with labelled boxes over the faces and a table of the two identified tracks; a row seeks', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
    const foreign = trackForeignRequests(page);
    const problems = trackProblems(page);
    await page.goto(`${base}/dashboard/`);
    await page.getByRole('tab', { name: 'Videos' }).click();
    await page.getByTestId('videos').waitFor(WAIT);
    expect(await page.getByLabel('Frames per second').getAttribute('placeholder')).toBe('5');
    expect(await page.getByLabel('At most frames').getAttribute('placeholder')).toBe('300');
    expect(await page.getByTestId('recent-videos').count()).toBe(0);

    // Record what the card shows while it runs.
    await page.evaluate(() => {
      const seen: Seen = { statuses: [], liveTracks: 0, framesShown: [] };
      (window as unknown as { seen: Seen }).seen = seen;
      new MutationObserver(() => {
        const card = document.querySelector('[data-testid="video-analysis"]');
        const status = card?.getAttribute('data-status');
        if (status && seen.statuses.at(-1) !== status) seen.statuses.push(status);
        seen.liveTracks = Math.max(seen.liveTracks, document.querySelectorAll('[data-testid="live-track"]').length);
        const done = Number(document.querySelector('[data-testid="video-progress"]')?.getAttribute('aria-valuenow') ?? 0);
        if (done > 0 && seen.framesShown.at(-1) !== done) seen.framesShown.push(done);
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });

    // 10 fps over the 4-s clip: 40 frames, the switch at 2.0 s.
    await page.getByLabel('Frames per second').fill('10');
    await page.getByLabel('At most frames').fill('60');
    const started = Date.now();
    await page.setInputFiles('#video-file', clip);
    const card = page.getByTestId('video-analysis');
    await card.and(page.locator('[data-status="COMPLETED"]')).waitFor({ timeout: 90_000 });
    const rows = page.getByTestId('track-row');
    await rows.nth(1).waitFor(WAIT);
    const seen = await page.evaluate(() => (window as unknown as { seen: Seen }).seen);
    console.log(
      `videos page: COMPLETED after ${((Date.now() - started) / 1000).toFixed(1)} s; statuses ${seen.statuses.join(' → ')}; ` +
        `frames shown ${seen.framesShown.join(', ')}; up to ${seen.liveTracks} live tracks`,
    );
    expect(seen.statuses[0]).toBe('UPLOADING');
    expect(seen.statuses).toContain('RUNNING');
    expect(seen.statuses.at(-1)).toBe('COMPLETED');
    expect(seen.framesShown.length).toBeGreaterThan(0);
    expect(seen.framesShown).toEqual([...seen.framesShown].sort((a, b) => a - b));
    expect(seen.liveTracks).toBeGreaterThanOrEqual(1);

    // The table: two tracks, Obama then Biden from 2.0 s, each with its liveness, deepfake and age/gender.
    expect(await rows.count()).toBe(2);
    expect(await rows.locator('[data-field="person"] strong').allTextContents()).toEqual(['Barack Obama', 'Joe Biden']);
    expect(await rows.nth(0).locator('[data-field="time"]').textContent()).toMatch(/^0\.0 s – 1\.9 s$/);
    expect(await rows.nth(1).locator('[data-field="time"]').textContent()).toMatch(/^2\.0 s – 3\.9 s$/);
    for (const row of await rows.all()) {
      expect(await row.locator('[data-field="person"]').textContent()).toMatch(/ \d\.\d\d$/);
      expect(await row.locator('[data-field="liveness"]').textContent()).toMatch(/^(Live|Spoof|Uncertain) \d\.\d\d$/);
      expect(await row.locator('[data-field="deepfake"]').textContent()).toMatch(/^(Real|Fake|Uncertain) \d\.\d\d$/);
      expect(await row.locator('[data-field="age-gender"]').textContent()).toMatch(/^\d+ · (Male|Female)$/);
      expect(Number(await row.locator('[data-field="frames"]').textContent())).toBeGreaterThanOrEqual(18);
    }
    expect(await page.getByRole('columnheader').allTextContents()).toEqual(
      expect.arrayContaining(['Track', 'From – to', 'Frames', 'Person', 'Liveness', 'Deepfake', 'Age / gender']),
    );

    // The player plays the local file; at 0 s Obama's box is drawn.
    const video = page.getByTestId('video-player');
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), WAIT).toBeGreaterThanOrEqual(2);
    expect(await video.evaluate((v: HTMLVideoElement) => [v.videoWidth, v.videoHeight])).toEqual([640, 480]);
    await page.locator('[data-testid="video-face"][data-label="Barack Obama"]').waitFor(WAIT);

    // A click on the second row seeks to its start: 2.0 s, Biden's box.
    await rows.nth(1).locator('[data-field="frames"]').click();
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), WAIT).toBeCloseTo(2.0, 1);
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.seeking), WAIT).toBe(false);
    const biden = page.locator('[data-testid="video-face"][data-label="Joe Biden"]');
    await biden.waitFor(WAIT);
    expect(await page.getByTestId('video-face').count()).toBe(1);
    expect(await biden.locator('text').textContent()).toBe('Joe Biden');
    expect(await rows.nth(1).getAttribute('aria-current')).toBe('true');
    // The box lies on the picture, around the middle of the letterboxed photo (the face), inside the player's box.
    const player = await video.boundingBox();
    const box = await biden.locator('rect').boundingBox();
    expect(player && box).toBeTruthy();
    if (player && box) {
      expect(box.x).toBeGreaterThan(player.x);
      expect(box.y).toBeGreaterThan(player.y);
      expect(box.x + box.width).toBeLessThan(player.x + player.width);
      expect(box.y + box.height).toBeLessThan(player.y + player.height);
      expect(box.width).toBeGreaterThan(player.width * 0.1);
      const centre = (box.x + box.width / 2 - player.x) / player.width;
      expect(centre).toBeGreaterThan(0.3);
      expect(centre).toBeLessThan(0.7);
    }
    // The frame at 2.0 s decoded and painted (no loading spinner in the controls).
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), WAIT).toBeGreaterThanOrEqual(3);
    // The controls' loading spinner of the seek fades out on its own (no event says when).
    await page.waitForTimeout(1000);
    await shot(page, 'video-completed.png');
    // The upload form, the player with Biden's box and the table (docs/images/video.png), from the top of the page.
    await page.evaluate(() => window.scrollTo(0, 0));
    const analysisBox = await card.boundingBox();
    const overview = { x: 0, y: 0, width: 1200, height: Math.ceil((analysisBox?.y ?? 0) + (analysisBox?.height ?? 900) + 10) };
    await page.screenshot({ path: join(SCREENSHOTS_DIR, 'video-overview.png'), clip: overview, fullPage: true });
    if (process.env.UPDATE_DOC_IMAGES === '1') {
      mkdirSync(join(DOC_IMAGE, '..'), { recursive: true });
      await page.screenshot({ path: DOC_IMAGE, clip: overview, fullPage: true });
    }

    // A text file: BAD_VIDEO with the server's reason, inline; the analysis above is replaced by the message.
    await page.setInputFiles('#video-file', notes);
    const refused = page.getByTestId('video-upload-error');
    await refused.waitFor(WAIT);
    expect(await refused.getAttribute('data-code')).toBe('BAD_VIDEO');
    expect(await refused.getAttribute('role')).toBe('alert');
    const message = (await refused.textContent()) ?? '';
    expect(message).toMatch(/^notes\.mp4: BAD_VIDEO \S.{10,}/);
    await shot(page, 'video-refused.png');

    // The recent list has the analysis (the refused upload left none); opened, it shows the table without a player.
    const recent = page.getByTestId('recent-video');
    await expect.poll(() => recent.count(), WAIT).toBe(1);
    expect(await recent.first().getAttribute('data-status')).toBe('COMPLETED');
    await recent.first().getByRole('button', { name: 'Open switch.mp4' }).click();
    await page.getByTestId('no-player').waitFor(WAIT);
    await rows.nth(1).waitFor(WAIT);
    expect(await rows.locator('[data-field="person"] strong').allTextContents()).toEqual(['Barack Obama', 'Joe Biden']);
    expect(await page.getByTestId('video-player').count()).toBe(0);
    expect(await page.getByTestId('video-upload-error').count()).toBe(0);
    await shot(page, 'video-reopened.png');

    expect(foreign).toEqual([]);
    // The browser's own line for the refused upload's answer is not a page problem.
    expect(problems.filter((p) => !/status of 4\d\d/.test(p))).toEqual([]);
    await page.close();
  }, 150_000);
});
