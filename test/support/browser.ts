import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '../../src/config/config.ts';

const config = loadConfig();

/** Screenshots of browser tests (gitignored): look at them after a run. */
export const SCREENSHOTS_DIR = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));

/**
 * Debian's Chromium for the browser tests, or null when it is not installed: the suite then skips
 * with a visible reason; CI sets REQUIRE_BROWSER=1 (and installs chromium), which makes that a failure.
 */
export function requireChromium(suite: string): string | null {
  if (existsSync(config.CHROMIUM_PATH)) return config.CHROMIUM_PATH;
  const reason = `${config.CHROMIUM_PATH} not found (apt-get install chromium)`;
  if (config.REQUIRE_BROWSER) throw new Error(`${suite}: ${reason} (REQUIRE_BROWSER is set)`);
  console.warn(`SKIPPED: ${suite}: ${reason}.`);
  return null;
}

/** Headless Chromium as CI runs it: no sandbox (root in a container), no GPU, no background traffic; `extraArgs` after those (e.g. a fake camera). */
export function launchChromium(executablePath: string, extraArgs: readonly string[] = []): Promise<Browser> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
      ...extraArgs,
    ],
  });
}

/** Every URL a page requested that was not on 127.0.0.1 / localhost (a test of "works offline"). */
export function trackForeignRequests(page: Page): string[] {
  const foreign: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!['127.0.0.1', 'localhost'].includes(url.hostname) && !['data:', 'blob:'].includes(url.protocol)) foreign.push(request.url());
  });
  return foreign;
}

/** Console errors and uncaught exceptions of the page (CSP violations are console errors). */
export function trackProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}
