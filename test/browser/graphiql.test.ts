import { readFileSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, requireChromium, SCREENSHOTS_DIR, trackForeignRequests } from '../support/browser.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { AUTH_ENV, signToken } from '../support/tokens.ts';

// GraphiQL in a real browser, as someone opens it on a machine without internet: the page comes from
// the API alone, opens with the examples and runs them (the fetcher over HTTP, subscriptions over
// graphql-ws with the Headers pane's credential).
const chromium = requireChromium('GraphiQL browser test');

const QUERY_EDITOR = '.graphiql-query-editor';
const TOOL_EDITOR = '.graphiql-editor-tool .graphiql-editor:not(.hidden)';

/** An element's text as shown (Monaco renders spaces as non-breaking ones). */
const textOf = async (locator: Locator): Promise<string> => (await locator.innerText()).replace(/\u00a0/g, ' ');

/** What the page did wrong: uncaught errors and Content-Security-Policy refusals. */
function trackProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) problems.push(`CSP: ${message.text().slice(0, 300)}`);
  });
  return problems;
}

async function openGraphiql(browser: Browser, url: string): Promise<{ page: Page; foreign: string[]; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const foreign = trackForeignRequests(page);
  const problems = trackProblems(page);
  // The /graphql endpoint itself: a browser asks for text/html.
  const response = await page.goto(url);
  expect(response?.status()).toBe(200);
  await page.locator(`${QUERY_EDITOR} .monaco-editor`).waitFor({ timeout: 90_000 });
  return { page, foreign, problems };
}

/** Replaces the text of the visible editor (Monaco closes brackets and quotes as they are typed: the rest of the line goes). */
async function replaceEditorText(page: Page, editor: string, text: string): Promise<void> {
  await page.locator(`${editor} .monaco-editor`).click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
  await page.keyboard.press('Shift+End');
  await page.keyboard.press('Delete');
}

/** A tab by its title. (Its button reacts to a click event; a pointer press is taken as the start of a drag to reorder.) */
async function openTab(page: Page, title: string): Promise<void> {
  await page.getByRole('button', { name: title, exact: true }).dispatchEvent('click');
  await expect.poll(() => page.locator('.graphiql-tab-active').innerText()).toContain(title);
}

describe.skipIf(!chromium)('GraphiQL in Chromium (offline)', () => {
  let browser: Browser;
  let app: TestApp;
  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp(), launchChromium(chromium ?? '')]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('renders from the API alone with the example tabs, and runs serverInfo', async () => {
    const { page, foreign, problems } = await openGraphiql(browser, app.url);
    const editor = page.locator(QUERY_EDITOR);
    await editor.getByText('query ServerInfo').waitFor();
    await expect.poll(() => textOf(editor)).toContain('# FaceSocial: face analysis over GraphQL.');
    const tabs = await page.locator('.graphiql-tab-button').allInnerTexts();
    expect(tabs).toEqual(['ServerInfo', 'AnalyzeImage', 'AnalysisProgress', 'CreatePerson', 'IdentifyFaces', 'VerifyFaces', 'LivenessVerdicts']);
    expect(await textOf(page.locator(TOOL_EDITOR))).toContain('"graphql-preflight": "1"');

    await page.getByRole('button', { name: 'Execute query (Ctrl-Enter)' }).click();
    const result = page.locator('.graphiql-response');
    await result.getByText('"embedded"').waitFor({ timeout: 30_000 });
    expect(await textOf(result)).toMatch(/"mode": "embedded"/);

    // An upload tab: the curl command, since GraphiQL cannot attach files.
    await openTab(page, 'AnalyzeImage');
    await expect.poll(() => textOf(editor)).toContain('GraphiQL cannot attach files');
    const analyze = await textOf(editor);
    expect(analyze).toContain("# curl -s http://localhost:4000/graphql -H 'graphql-preflight: 1' -F operations='");
    expect(analyze).toContain('-F 0=@photo.jpg');
    expect(analyze).toContain('mutation AnalyzeImage($image: File!) {');
    await page.screenshot({ path: `${SCREENSHOTS_DIR}graphiql-upload-tab.png` });

    await openTab(page, 'ServerInfo');
    await result.getByText('"embedded"').waitFor();
    await page.screenshot({ path: `${SCREENSHOTS_DIR}graphiql.png` });
    expect(foreign).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe.skipIf(!chromium)('GraphiQL in Chromium with authentication on', () => {
  let browser: Browser;
  let app: TestApp;
  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp({ ...AUTH_ENV }), launchChromium(chromium ?? '')]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("a subscription authenticates with the tab's Headers pane (graphql-ws connection parameters)", async () => {
    const token = await signToken({ tenant: 'graphiql', sub: 'ada', roles: ['operator'] });
    const authorization = `Bearer ${token}`;
    // A finished session to replay: analysisProgress sends what happened, then ends.
    const form = new FormData();
    form.append('operations', JSON.stringify({ query: 'mutation($image: File!) { analyzeImage(image: $image) { id } }', variables: { image: null } }));
    form.append('map', JSON.stringify({ 0: ['variables.image'] }));
    form.append('0', new Blob([readFileSync(new URL('../fixtures/id_obama_1.jpg', import.meta.url))], { type: 'image/jpeg' }), 'photo.jpg');
    const upload = await fetch(app.url, { method: 'POST', body: form, headers: { 'graphql-preflight': '1', authorization } });
    const { data } = (await upload.json()) as { data: { analyzeImage: { id: string } } };

    const { page, foreign, problems } = await openGraphiql(browser, app.url);
    await openTab(page, 'AnalysisProgress');
    await page.locator(QUERY_EDITOR).getByText('subscription AnalysisProgress').waitFor();
    await replaceEditorText(page, TOOL_EDITOR, JSON.stringify({ 'graphql-preflight': '1', Authorization: authorization }));
    await page.getByRole('button', { name: 'Variables', exact: true }).click();
    await replaceEditorText(page, TOOL_EDITOR, JSON.stringify({ id: data.analyzeImage.id }));
    // GraphiQL stores the tab's headers a moment after the edit; the socket reads them when it opens.
    await expect.poll(async () => page.evaluate(() => localStorage.getItem('graphiql:tabState') ?? '')).toContain(token);
    await page.getByRole('button', { name: 'Execute query (Ctrl-Enter)' }).click();
    const result = page.locator('.graphiql-response');
    await result.getByText('"type": "COMPLETED"').waitFor({ timeout: 30_000 });
    expect(await textOf(result)).not.toMatch(/UNAUTHENTICATED|4403/);
    await page.screenshot({ path: `${SCREENSHOTS_DIR}graphiql-subscription.png` });
    expect(foreign).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
