import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { buildSchema, Kind, parse, validate, type OperationDefinitionNode } from 'graphql';
import type { GraphiQLOptions } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { curlCommand, GRAPHIQL_EXAMPLES, graphiqlScriptSource, graphiqlOptions, renderGraphiQL } from '../../src/http/graphiql.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

// GraphiQL's examples are real operations of this schema; the page carries its whole bundle (no CDN),
// its one script is the one the Content-Security-Policy admits; production serves no page.
const schema = buildSchema(readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8'));

const errorsOf = (source: string): string[] => validate(schema, parse(source)).map((e) => e.message);
const operationNames = (source: string): string[] =>
  parse(source)
    .definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
    .map((d) => d.name?.value ?? '(anonymous)');

/** What a curl command of the examples sends: its operations and map fields and its files. */
function parseCurl(command: string): { operations: { query: string; variables: Record<string, unknown> }; map: Record<string, string[]>; files: string[] } {
  const field = (name: string): string => {
    const match = new RegExp(`-F ${name}='([^']*)'`).exec(command);
    if (!match?.[1]) throw new Error(`no -F ${name}='...' in ${command}`);
    return match[1];
  };
  return {
    operations: JSON.parse(field('operations')) as { query: string; variables: Record<string, unknown> },
    map: JSON.parse(field('map')) as Record<string, string[]>,
    files: [...command.matchAll(/-F (\d+)=@(\S+)/g)].map((m) => `${m[1]}=${m[2]}`),
  };
}

const options = (overrides: Parameters<typeof graphiqlOptions>[0]): GraphiQLOptions => {
  const value = graphiqlOptions(overrides);
  if (typeof value !== 'object') throw new Error('GraphiQL is off');
  return value;
};

describe('GraphiQL examples', () => {
  it('every tab validates against schema.graphql, and the tabs cover the API', () => {
    const names: string[] = [];
    for (const example of GRAPHIQL_EXAMPLES) {
      expect(errorsOf(example.query), example.query.slice(0, 200)).toEqual([]);
      names.push(...operationNames(example.query));
    }
    expect(names).not.toContain('(anonymous)');
    expect(names[0]).toBe('ServerInfo');
    for (const name of [
      'AnalyzeImage',
      'AnalysisProgress',
      'AnalysisSession',
      'CreatePerson',
      'EnrollFace',
      'IdentifyFaces',
      'VerifyFaces',
      'VerifyPerson',
      'LivenessVerdicts',
    ]) {
      expect(names).toContain(name);
    }
    // The first tab explains the API, the CSRF header and the credentials.
    const intro = GRAPHIQL_EXAMPLES[0]?.query ?? '';
    expect(intro).toMatch(/^# FaceSocial/);
    expect(intro).toContain('"graphql-preflight: 1"');
    expect(intro).toContain('"Authorization": "Bearer <JWT or API key>"');
    expect(intro).toContain('"x-api-key"');
  });

  it("each upload tab shows a curl command whose operation validates and whose map fills the operation's File variables", () => {
    const uploads = GRAPHIQL_EXAMPLES.flatMap((example) => (example.uploads ?? []).map((upload) => ({ example, upload })));
    expect(uploads.map(({ upload }) => operationNames(upload.operation)[0])).toEqual([
      'AnalyzeImage',
      'EnrollFace',
      'IdentifyFaces',
      'VerifyFaces',
      'VerifyPerson',
    ]);
    for (const { example, upload } of uploads) {
      const command = curlCommand(upload);
      expect(example.query).toContain(`# ${command}\n`);
      expect(command).toContain("-H 'graphql-preflight: 1'");
      const sent = parseCurl(command);
      expect(errorsOf(sent.operations.query), command).toEqual([]);
      const operation = parse(sent.operations.query).definitions[0] as OperationDefinitionNode;
      const fileVariables = (operation.variableDefinitions ?? [])
        .filter((v) => v.type.kind === Kind.NON_NULL_TYPE && v.type.type.kind === Kind.NAMED_TYPE && v.type.type.name.value === 'File')
        .map((v) => v.variable.name.value);
      expect(Object.values(sent.map).flat().sort()).toEqual(fileVariables.map((v) => `variables.${v}`).sort());
      for (const v of fileVariables) expect(sent.operations.variables[v]).toBeNull();
      expect(sent.files.map((f) => f.split('=')[0])).toEqual(Object.keys(sent.map));
    }
  });

  it('opens every example as a tab, with the CSRF header in the Headers pane and always sent', () => {
    const opts = options({ NODE_ENV: 'development', GRAPHIQL: undefined });
    expect(opts.defaultTabs?.map((t) => t.query)).toEqual(GRAPHIQL_EXAMPLES.map((e) => e.query));
    for (const tab of opts.defaultTabs ?? []) expect(JSON.parse(tab.headers ?? '{}')).toEqual({ 'graphql-preflight': '1' });
    expect(opts.additionalHeaders).toEqual({ 'graphql-preflight': '1' });
    expect(opts.subscriptionsProtocol).toBe('WS');
  });

  it('follows the production switch', () => {
    expect(graphiqlOptions({ NODE_ENV: 'production', GRAPHIQL: undefined })).toBe(false);
    expect(graphiqlOptions({ NODE_ENV: 'development', GRAPHIQL: false })).toBe(false);
    expect(graphiqlOptions({ NODE_ENV: 'production', GRAPHIQL: true })).toMatchObject({ title: 'FaceSocial' });
  });
});

describe('GraphiQL page', () => {
  const html = renderGraphiQL(options({ NODE_ENV: 'development', GRAPHIQL: undefined }));

  it('inlines its whole bundle: no element loads anything from elsewhere', () => {
    expect(html.length).toBeGreaterThan(1_000_000);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+rel="stylesheet"/i);
    expect(html).not.toContain('unpkg.com');
    expect(html).not.toContain('__TITLE__');
    expect(html).toContain('<title>FaceSocial</title>');
  });

  it("its one executable script is the one the CSP's hash admits; the options travel as inert JSON", () => {
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    const executable = scripts.filter((m) => !/type="application\/json"/.test(m[1] ?? ''));
    expect(executable).toHaveLength(1);
    const hash = `'sha256-${createHash('sha256')
      .update(executable[0]?.[2] ?? '')
      .digest('base64')}'`;
    expect(hash).toBe(graphiqlScriptSource());
    const data = scripts.find((m) => /id="graphiql-options"/.test(m[1] ?? ''));
    expect(JSON.parse(data?.[2] ?? 'null')).toMatchObject({ title: 'FaceSocial', defaultTabs: expect.any(Array) as unknown });
    // Options cannot end their <script> element early.
    const hostile = renderGraphiQL({ title: 'x', defaultQuery: '</script><script>alert(1)</script>' });
    expect(hostile.match(/<\/script>/g)).toHaveLength(2);
  });
});

describe('GraphiQL over HTTP', () => {
  let dev: TestApp;
  let production: TestApp;
  beforeAll(async () => {
    dev = await startTestApp();
    production = await startTestApp({ NODE_ENV: 'production' });
  });
  afterAll(async () => {
    await dev?.stop();
    await production?.stop();
  });

  it('GET /graphql with Accept text/html: the page, under a CSP that admits only this origin and its own script', async () => {
    const page = await fetch(dev.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`script-src ${graphiqlScriptSource()};`);
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/https?:|unsafe-eval/);
    expect(await page.text()).toContain('id="graphiql-options"');
  });

  it('production: no GraphiQL page', async () => {
    const page = await fetch(production.url, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
    expect(await page.text()).not.toContain('graphiql');
  });
});
