import { createHash } from 'node:crypto';
import { css, editorWorkerService, favicon, graphqlWorker, js, jsonWorker } from '@graphql-yoga/render-graphiql/graphiql';
import type { GraphiQLOptions, YogaServerOptions } from 'graphql-yoga';
import type { Config } from '../config/config.ts';
import type { Context } from '../schema/context.ts';
import { graphqlRuntime } from './graphql-runtime.ts';
import { PREFLIGHT_HEADER } from './request-guards.plugin.ts';

type GraphiqlOption = YogaServerOptions<Record<string, unknown>, Context>['graphiql'];

/** Where the examples' curl commands send their uploads (the default of `npm start`). */
const EXAMPLE_URL = 'http://localhost:4000/graphql';

/** A multipart upload a GraphiQL tab shows as a curl command (GraphiQL cannot attach files). */
export interface ExampleUpload {
  /** One operation, sent as `operations.query`. */
  operation: string;
  /** `operations.variables`; the File variables are null (the map fills them). */
  variables: Record<string, unknown>;
  /** Variable name of each file part, in order, with the file to send. */
  files: readonly (readonly [variable: string, file: string])[];
}

/** A tab GraphiQL opens with. */
export interface GraphiqlExample {
  /** A comment block followed by the tab's operations (named: GraphiQL titles the tab after the first one). */
  query: string;
  variables?: Record<string, unknown>;
  /** The uploads of this tab, as the curl commands its comment shows. */
  uploads?: readonly ExampleUpload[];
}

/** A curl command that sends one upload as a GraphQL multipart request (with the CSRF header). */
export function curlCommand(upload: ExampleUpload, url = EXAMPLE_URL): string {
  const operations = JSON.stringify({ query: graphqlRuntime.stripIgnoredCharacters(upload.operation), variables: upload.variables });
  const map = JSON.stringify(Object.fromEntries(upload.files.map(([variable], i) => [String(i), [`variables.${variable}`]])));
  const files = upload.files.map(([, file], i) => `-F ${i}=@${file}`).join(' ');
  return `curl -s ${url} -H '${PREFLIGHT_HEADER}: 1' -F operations='${operations}' -F map='${map}' ${files}`;
}

/** Comment lines fit the query editor's half of a laptop screen. */
const COMMENT_WIDTH = 56;

/** Text as a `#` comment block: paragraphs are wrapped (never at a `~`, shown as a space), indented lines kept as they are. */
function comment(text: string): string {
  const lines: string[] = [];
  let words: string[] = [];
  const flush = (): void => {
    let line = '#';
    for (const word of words) {
      if (line.length > 1 && line.length + 1 + word.length > COMMENT_WIDTH) {
        lines.push(line);
        line = '#';
      }
      line += ` ${word}`;
    }
    if (words.length > 0) lines.push(line);
    words = [];
  };
  for (const raw of text.trim().split('\n')) {
    if (!raw.trim()) {
      flush();
      lines.push('#');
    } else if (/^\s/.test(raw)) {
      flush();
      lines.push(`# ${raw.trimEnd()}`);
    } else {
      words.push(...raw.trim().split(/\s+/));
    }
  }
  flush();
  return lines.join('\n').replace(/~/g, ' ');
}

/** A tab with uploads: its comment, the curl command of each upload, then its operations (the first one titles the tab). */
const uploadTab = (intro: string, uploads: readonly ExampleUpload[], extra: { before?: string; after?: string } = {}): GraphiqlExample => ({
  query: [
    comment(intro),
    '#',
    comment(`
GraphiQL cannot attach files: send ${uploads.length > 1 ? 'these uploads' : 'this upload'} from a shell
(copy the curl line without its leading "# "; with authentication
on, add -H~'Authorization:~Bearer~<token>' or -H~'x-api-key:~<key>'):
`),
    ...uploads.map((upload) => `# ${curlCommand(upload)}`),
    '',
    [extra.before, ...uploads.map((upload) => upload.operation), extra.after].filter(Boolean).join('\n\n'),
    '',
  ].join('\n'),
  uploads,
});

const ANALYZE_IMAGE = `mutation AnalyzeImage($image: File!) {
  analyzeImage(image: $image, stages: [RECOGNITION, ANTI_SPOOFING, AGE_GENDER]) {
    id
    status
    stages
  }
}`;

const ENROLL_FACE = `mutation EnrollFace($personId: ID!, $image: File!) {
  enrollFace(personId: $personId, image: $image) {
    id
    quality { score passed issues }
    person { id name faces { id } }
  }
}`;

const IDENTIFY_FACES = `mutation IdentifyFaces($image: File!) {
  identifyFaces(image: $image, topK: 3) {
    threshold
    thresholdSource
    faces {
      decision
      similarity
      margin
      person { id name externalId }
      candidates { similarity person { name } }
      face { box { x y width height } }
    }
  }
}`;

const VERIFY_FACES = `mutation VerifyFaces($imageA: File!, $imageB: File!) {
  verifyFaces(imageA: $imageA, imageB: $imageB) {
    id
    match
    similarity
    threshold
    falseAcceptRate
  }
}`;

const VERIFY_PERSON = `mutation VerifyPerson($personId: ID!, $image: File!) {
  verifyPerson(personId: $personId, image: $image) {
    id
    match
    similarity
    faceB { id }
  }
}`;

/** The tabs GraphiQL opens with (when the browser has none stored yet): the first one runs as it is. */
export const GRAPHIQL_EXAMPLES: readonly GraphiqlExample[] = [
  {
    query: `${comment(`
FaceSocial: face analysis over GraphQL. Upload an image, pick
the stages (detection, liveness, quality, recognition, age/gender,
deepfake, emotion), follow them live, read typed results; enroll
persons, identify and verify faces. Each tab is an example (Docs,
on the left, has the schema); Ctrl-Enter runs this one.

Uploads are GraphQL multipart requests, which GraphiQL cannot
send: their tabs give the curl command. Multipart and GET requests
need the "graphql-preflight:~1" header (CSRF protection); GraphiQL
sends it (Headers pane below).

Authentication, when it is on: in the Headers pane (one per tab) add
  "Authorization": "Bearer <JWT or API key>"
  or "x-api-key": "<API key>"
then re-fetch the schema (Shift-Ctrl-R). Subscriptions send the
headers of the tab that opens the socket.
`)}

query ServerInfo {
  serverInfo {
    mode
    version
    database
    modelProfile
    detector
    stages
    unavailableStages { stage reason }
    recognitionThreshold
    qualityGate
  }
}
`,
  },
  uploadTab(
    `
Analyse an image: the stages you ask for, plus those they need.
It answers at once (status QUEUED) with the session id: follow it
in the AnalysisProgress tab, then read the result with
AnalysisSession below (paste the id into Variables).
`,
    [{ operation: ANALYZE_IMAGE, variables: { image: null }, files: [['image', 'photo.jpg']] }],
    {
      after: `query AnalysisSession($id: ID!) {
  analysisSession(id: $id) {
    status
    stages
    faces {
      box { x y width height }
      score
      liveness { score verdict }
      quality { score passed issues }
      ageGender { age gender }
      recognition { model skipped }
    }
    stageRuns { stage status durationMs model }
    error { code message }
  }
}`,
    },
  ),
  {
    query: `${comment(`
Watch an analysis: paste the id analyzeImage answered into
Variables, then run. Each stage's start and finish arrive live
(graphql-ws); a late subscriber first gets what already
happened, and the stream ends after COMPLETED or FAILED.
`)}

subscription AnalysisProgress($id: ID!) {
  analysisProgress(sessionId: $id) {
    type
    stage
    status
    model
    durationMs
    error { code message }
  }
}
`,
    variables: { id: '<the id analyzeImage answered>' },
  },
  uploadTab(
    `
Enroll a person: run CreatePerson here, then add a face to the
person with EnrollFace (put the id CreatePerson answered in the
curl command; checkLiveness: true also refuses a face that is
not judged LIVE).
`,
    [{ operation: ENROLL_FACE, variables: { personId: '<person id>', image: null }, files: [['image', 'photo.jpg']] }],
    {
      before: `mutation CreatePerson {
  createPerson(name: "Ada Lovelace", externalId: "employee-0001") {
    id
    name
    externalId
  }
}`,
    },
  ),
  uploadTab(
    `
Identify (1:N): who is in the image? Each face gets the closest
enrolled persons and MATCH or UNKNOWN at the threshold (never
just the nearest neighbour).
`,
    [{ operation: IDENTIFY_FACES, variables: { image: null }, files: [['image', 'photo.jpg']] }],
  ),
  uploadTab(
    `
Verify (1:1): are the main faces of two images the same person
(VerifyFaces)? Is the face in an image this enrolled person
(VerifyPerson)?
`,
    [
      {
        operation: VERIFY_FACES,
        variables: { imageA: null, imageB: null },
        files: [
          ['imageA', 'a.jpg'],
          ['imageB', 'b.jpg'],
        ],
      },
      { operation: VERIFY_PERSON, variables: { personId: '<person id>', image: null }, files: [['image', 'photo.jpg']] },
    ],
  ),
  {
    query: `${comment(`
The liveness feed: every face's liveness verdict in your tenant
the moment it is decided. Live only: run this, then upload
images with ANTI_SPOOFING (the AnalyzeImage tab's curl command).
`)}

subscription LivenessVerdicts {
  livenessVerdicts {
    at
    sessionId
    faceId
    faceIndex
    score
    verdict
    model
    face { box { x y width height } }
  }
}
`,
  },
];

const HEADERS = JSON.stringify({ [PREFLIGHT_HEADER]: '1' }, null, 2);

/** GraphiQL on GET /graphql (off in production unless GRAPHIQL=1), with its assets served from here and the examples as tabs. */
export function graphiqlOptions(config: Pick<Config, 'GRAPHIQL' | 'NODE_ENV'>): GraphiqlOption {
  if (!(config.GRAPHIQL ?? config.NODE_ENV !== 'production')) return false;
  return {
    title: 'FaceSocial',
    subscriptionsProtocol: 'WS',
    headers: HEADERS,
    defaultHeaders: HEADERS,
    // Sent even when the Headers pane is cleared or replaced.
    additionalHeaders: { [PREFLIGHT_HEADER]: '1' },
    defaultTabs: GRAPHIQL_EXAMPLES.map(({ query, variables }) => ({
      query,
      variables: variables ? JSON.stringify(variables, null, 2) : null,
      headers: HEADERS,
    })),
  };
}

// The page's one executable script, the same for any options (they travel in a JSON data block, which
// a Content-Security-Policy does not govern): yoga's GraphiQL bundle, its Monaco workers as blob: URLs,
// and the start. graphql-ws cannot send HTTP headers from a browser, so the socket's connection
// parameters are the headers of the active tab (as GraphiQL stores them) when it opens.
const SCRIPT = `
const workers = Object.fromEntries(
  Object.entries({
    editorWorkerService: ${JSON.stringify(editorWorkerService)},
    json: ${JSON.stringify(jsonWorker)},
    graphql: ${JSON.stringify(graphqlWorker)},
  }).map(([label, source]) => [label, URL.createObjectURL(new Blob([source], { type: 'application/javascript' }))]),
);
self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: (moduleId, label) => workers[label] };
${js};
function activeTabHeaders() {
  try {
    const state = JSON.parse(localStorage.getItem('graphiql:tabState') ?? 'null');
    const headers = JSON.parse(state?.tabs?.[state.activeTabIndex]?.headers || '{}');
    return headers && typeof headers === 'object' ? headers : {};
  } catch {
    return {};
  }
}
const options = JSON.parse(document.getElementById('graphiql-options').textContent);
YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), { ...options, connectionParams: activeTabHeaders });
`;
let scriptSource: string | undefined;

/** The CSP source that admits the page's inline script, and no other script. */
export function graphiqlScriptSource(): string {
  scriptSource ??= `'sha256-${createHash('sha256').update(SCRIPT, 'utf8').digest('base64')}'`;
  return scriptSource;
}

/** JSON that can sit inside a <script> element (no "</script>", no "<!--"). */
const scriptSafeJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * yoga's `renderGraphiQL`: the GraphiQL page with every asset inline (@graphql-yoga/render-graphiql),
 * so it works without the internet; nothing is fetched from a CDN.
 */
export function renderGraphiQL(options: GraphiQLOptions): string {
  const key = JSON.stringify(options);
  if (page?.key !== key) page = { key, html: pageHtml(options) };
  return page.html;
}
let page: { key: string; html: string } | undefined;

function pageHtml(options: GraphiQLOptions): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${escapeHtml(options.title ?? 'GraphiQL')}</title>
    <link rel="icon" href="${escapeHtml(options.favicon ?? favicon)}" />
    <style>${css}</style>
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run GraphiQL.</noscript>
    <div id="root"></div>
    <script type="application/json" id="graphiql-options">${scriptSafeJson(options)}</script>
    <script>${SCRIPT}</script>
  </body>
</html>
`;
}
