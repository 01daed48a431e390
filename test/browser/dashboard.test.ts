import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDashboardBuilt } from '../support/dashboard-build.ts';
import { launchChromium, requireChromium, SCREENSHOTS_DIR, trackForeignRequests, trackProblems } from '../support/browser.ts';
import { gql } from '../support/graphql-client.ts';
import { fixture } from '../support/paths.ts';
import { startQueueCluster, type QueueCluster } from '../support/queue-cluster.ts';
import { queueServices, type QueueServices } from '../support/services.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { AUTH_ENV, signToken } from '../support/tokens.ts';

// The dashboard (dashboard/, served at /dashboard by src/http/dashboard.ts) in Debian's Chromium against
// the real embedded app: uploads through the file input, live progress over graphql-ws, the faces drawn
// and described, the tenant's liveness feed, the persons page, and sign-in when auth is on; then the
// same page against queue mode (an API process and a worker process on PostgreSQL + Redis).

const chromium = requireChromium('dashboard');
const services = chromium ? await queueServices('dashboard') : null;
const WAIT = { timeout: 120_000 };

/** A raw GET, so `..` reaches the server as written. */
function rawGet(base: string, path: string): Promise<{ status: number; type: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(base);
    httpRequest({ host: url.hostname, port: url.port, path }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body: Buffer.concat(chunks).toString() }));
    })
      .on('error', reject)
      .end();
  });
}

async function waitForCount(locator: Locator, count: number): Promise<void> {
  await locator.nth(count - 1).waitFor(WAIT);
  expect(await locator.count()).toBe(count);
}

/** The text of an element once it matches (Playwright's own expect is in @playwright/test, which is not installed). */
async function waitForText(locator: Locator, expected: string | RegExp): Promise<void> {
  await expect.poll(async () => ((await locator.count()) > 0 ? ((await locator.first().textContent()) ?? '') : ''), WAIT).toMatch(expected);
}

/** Uploads through the file input and waits until that upload's card says COMPLETED (uploads are listed newest first). */
async function analyse(page: Page, name: string): Promise<Locator> {
  const cards = page.getByTestId('session');
  const before = await cards.count();
  await page.setInputFiles('#analyse-files', fixture(name));
  await cards.nth(before).waitFor(WAIT);
  await expect.poll(() => cards.first().getAttribute('data-session-id'), WAIT).toBeTruthy();
  const id = await cards.first().getAttribute('data-session-id');
  const session = page.locator(`[data-testid="session"][data-session-id="${id}"]`);
  await session.and(page.locator('[data-status="COMPLETED"]')).waitFor(WAIT);
  return session;
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS_DIR, name), fullPage: true });

describe.skipIf(!chromium)('dashboard in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    ensureDashboardBuilt();
    browser = await launchChromium(chromium ?? '');
  });

  afterAll(async () => {
    await browser?.close();
  });

  describe('embedded mode, no auth', () => {
    let app: TestApp;
    let base: string;

    beforeAll(async () => {
      app = await startTestApp();
      base = app.url.replace(/\/graphql$/, '');
    });

    afterAll(async () => {
      await app?.stop();
    });

    it('serves the build: index.html and its assets with their content types, nothing outside dist/', async () => {
      const index = await rawGet(base, '/dashboard/');
      expect(index.status).toBe(200);
      expect(index.type).toBe('text/html; charset=utf-8');
      const script = /<script type="module" crossorigin src="(\/dashboard\/assets\/[^"]+\.js)"/.exec(index.body)?.[1];
      const style = /<link rel="stylesheet" crossorigin href="(\/dashboard\/assets\/[^"]+\.css)"/.exec(index.body)?.[1];
      expect(script).toBeDefined();
      expect(style).toBeDefined();
      expect((await rawGet(base, script ?? '')).type).toBe('text/javascript; charset=utf-8');
      expect((await rawGet(base, style ?? '')).type).toBe('text/css; charset=utf-8');
      expect((await rawGet(base, '/dashboard')).status).toBe(200);
      for (const path of [
        '/dashboard/../package.json',
        '/dashboard/%2e%2e/package.json',
        '/dashboard/../../package.json',
        '/dashboard/assets/../../../package.json',
      ]) {
        const answer = await rawGet(base, path);
        expect(answer.status, path).toBe(404);
        expect(answer.body, path).not.toContain('"name"');
      }
      expect((await rawGet(base, '/dashboard/missing.js')).status).toBe(404);
    });

    it('analyses a photo of two people live, draws both faces, describes them and feeds their liveness verdicts; the persons page enrolls and refuses', async () => {
      const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
      const foreign = trackForeignRequests(page);
      const problems = trackProblems(page);
      await page.goto(`${base}/dashboard/`);
      await page.locator('[data-testid="feed-status"][data-state="live"]').waitFor(WAIT);
      await waitForText(page.locator('.auth'), 'authentication is off');

      const session = await analyse(page, 'multi_two_people.jpg');
      await waitForCount(session.getByTestId('face-card'), 2);
      expect(await session.locator('svg.overlay rect.face-box').count()).toBe(2);
      expect(await session.locator('svg.overlay circle.landmark').count()).toBe(10);

      // One bar per stage, in the session's stage order, every one at 100 %.
      const sessionId = await session.getAttribute('data-session-id');
      const stored = await gql<{ analysisSession: { stages: string[] } }>(app.url, 'query($id: ID!) { analysisSession(id: $id) { stages } }', {
        id: sessionId,
      });
      const stages = stored.data?.analysisSession.stages ?? [];
      expect(stages.length).toBeGreaterThanOrEqual(8);
      const bars = session.locator('[role="progressbar"]');
      expect(await session.locator('li.stage').evaluateAll((items) => items.map((item) => item.getAttribute('data-stage')))).toEqual(stages);
      expect(await bars.evaluateAll((items) => items.map((item) => item.getAttribute('aria-valuenow')))).toEqual(stages.map(() => '100'));
      expect(await session.locator('.stage-time').allTextContents()).not.toContain('waiting');

      // Each card: liveness, quality, age/gender, deepfake and identity filled in.
      for (const card of await session.getByTestId('face-card').all()) {
        expect(await card.locator('[data-field="liveness"]').textContent()).toMatch(/^(Live|Spoof|Uncertain) \d\.\d\d$/);
        expect(await card.locator('[data-field="quality"]').textContent()).toMatch(/\d\.\d\d/);
        expect(await card.locator('[data-field="age-gender"]').textContent()).toMatch(/^\d+ · (Male|Female) \(\d+ %\)$/);
        expect(await card.locator('[data-field="deepfake"]').textContent()).toMatch(/^(Real|Fake|Uncertain) \d\.\d\d$/);
        expect(await card.locator('[data-field="identity"]').textContent()).toMatch(/Unknown|Not searched/);
      }
      // The live feed got a verdict for each face.
      await waitForCount(page.getByTestId('feed-item'), 2);
      await shot(page, 'dashboard-analyse.png');

      // A printed photo held up to the camera: SPOOF, raised as an alert in the feed.
      await analyse(page, 'spoof_fake_F1.jpg');
      await page.getByTestId('spoof-alert').waitFor(WAIT);
      await page.locator('[data-testid="feed-item"][data-verdict="SPOOF"]').first().waitFor(WAIT);

      // Persons: create, enroll a face, a refusal with its code.
      await page.getByRole('tab', { name: 'Persons' }).click();
      await page.locator('input[name="name"]').fill('Barack Obama');
      await page.locator('input[name="externalId"]').fill('emp-44');
      await page.getByRole('button', { name: 'Create person' }).click();
      const person = page.locator('[data-testid="person"][data-person="Barack Obama"]');
      await person.waitFor(WAIT);
      await person.getByTestId('enroll-input').setInputFiles(fixture('id_obama_1.jpg'));
      await person.locator('[data-outcome="enrolled"]').waitFor(WAIT);
      await waitForText(person.getByTestId('face-count'), /^1 face$/);
      await person.getByTestId('enroll-input').setInputFiles(fixture('multi_two_people.jpg'));
      await person.locator('[data-outcome="refused"]').waitFor(WAIT);
      expect(await person.locator('[data-outcome="refused"]').getAttribute('data-code')).toBe('MULTIPLE_FACES');
      await shot(page, 'dashboard-persons.png');

      // Back on the analysis page (uploads kept): the same photo again, and now one of the two is identified.
      await page.getByRole('tab', { name: 'Analyse' }).click();
      await waitForCount(page.getByTestId('session'), 2);
      const identified = await analyse(page, 'multi_two_people.jpg');
      await waitForCount(identified.getByTestId('face-card'), 2);
      const identities = await identified.locator('[data-field="identity"]').allTextContents();
      expect(identities.filter((text) => /^Match Barack Obamasimilarity \d\.\d\d$/.test(text))).toHaveLength(1);
      expect(identities.filter((text) => text.startsWith('Unknown'))).toHaveLength(1);
      // The top of the page with the whole newest card (the README's docs/images/dashboard.png is made from it).
      await page.setViewportSize({ width: 1440, height: 1060 });
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(SCREENSHOTS_DIR, 'dashboard-overview.png') });
      await shot(page, 'dashboard-identified.png');

      expect(foreign).toEqual([]);
      expect(problems).toEqual([]);
      await page.close();
    });
  });

  describe.skipIf(!services)('queue mode', () => {
    let cluster: QueueCluster;

    beforeAll(async () => {
      cluster = await startQueueCluster(services as QueueServices, { apis: 1, workers: 1 });
    });

    afterAll(async () => {
      await cluster?.stop();
      await services?.cleanup();
    });

    it('works the same against an API replica and a worker process', async () => {
      const api = cluster.apis[0];
      if (!api) throw new Error('no API process');
      const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
      const foreign = trackForeignRequests(page);
      const problems = trackProblems(page);
      await page.goto(api.url.replace(/\/graphql$/, '/dashboard/'));
      await waitForText(page.locator('.server'), /^queue mode/);
      await page.locator('[data-testid="feed-status"][data-state="live"]').waitFor(WAIT);
      const session = await analyse(page, 'multi_two_people.jpg');
      await waitForCount(session.getByTestId('face-card'), 2);
      expect(await session.locator('svg.overlay rect.face-box').count()).toBe(2);
      const values = await session.locator('[role="progressbar"]').evaluateAll((items) => items.map((item) => item.getAttribute('aria-valuenow')));
      expect(values.length).toBeGreaterThanOrEqual(8);
      expect(new Set(values)).toEqual(new Set(['100']));
      await waitForCount(page.getByTestId('feed-item'), 2);
      await shot(page, 'dashboard-queue.png');
      expect(foreign).toEqual([]);
      expect(problems).toEqual([]);
      await page.close();
    });
  });

  describe('auth on', () => {
    let app: TestApp;
    let base: string;

    beforeAll(async () => {
      app = await startTestApp({ ...AUTH_ENV });
      base = app.url.replace(/\/graphql$/, '');
    });

    afterAll(async () => {
      await app?.stop();
    });

    it('loads without credentials, asks for them, refuses a bad one, then works with a token (HTTP and graphql-ws) and keeps it for the tab', async () => {
      const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
      const foreign = trackForeignRequests(page);
      const problems = trackProblems(page);
      const response = await page.goto(`${base}/dashboard/`);
      expect(response?.status()).toBe(200);
      const credential = page.locator('#credential');
      await credential.waitFor(WAIT);

      await credential.fill('not-a-token');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await waitForText(page.locator('.sign-in [role="alert"]'), 'Refused');
      await shot(page, 'dashboard-sign-in.png');

      await credential.fill(await signToken({ tenant: 't', roles: ['admin'] }));
      await page.getByRole('button', { name: 'Sign in' }).click();
      await waitForText(page.getByTestId('auth-status'), 'tenant t · admin');
      await page.locator('[data-testid="feed-status"][data-state="live"]').waitFor(WAIT);

      const session = await analyse(page, 'id_obama_1.jpg');
      await waitForCount(session.getByTestId('face-card'), 1);
      expect(await session.locator('svg.overlay rect.face-box').count()).toBe(1);
      await waitForCount(page.getByTestId('feed-item'), 1);
      await shot(page, 'dashboard-auth.png');

      // The credential is in sessionStorage: a reload stays signed in.
      await page.reload();
      await waitForText(page.getByTestId('auth-status'), 'tenant t');

      // The browser's 401s for the refused token are console errors of the network kind only.
      expect(problems.filter((p) => !p.includes('401'))).toEqual([]);
      expect(foreign).toEqual([]);
      await page.close();
    });
  });
});
