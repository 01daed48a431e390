import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeMutation, upload, waitForSession } from '../support/graphql-client.ts';
import { fixture } from '../support/paths.ts';
import { startQueueCluster, type QueueCluster } from '../support/queue-cluster.ts';
import { queueServices, type QueueServices } from '../support/services.ts';

// Tracing in queue mode, through the real OTLP/HTTP exporter of both processes into a collector this
// test serves: one upload is one trace, from the API's HTTP span through GraphQL and BullMQ's
// PRODUCER span to the worker's CONSUMER span, with the stage spans and PostgreSQL spans under it.
const services = await queueServices('tracing');

interface Span {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
}
type OtlpValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean };
type OtlpAttributes = { key: string; value: OtlpValue }[];
interface OtlpBody {
  resourceSpans: {
    resource: { attributes: OtlpAttributes };
    scopeSpans: { spans: (Omit<Span, 'service' | 'attributes'> & { attributes?: OtlpAttributes })[] }[];
  }[];
}
const flat = (attributes: OtlpAttributes = []): Record<string, unknown> =>
  Object.fromEntries(attributes.map((a) => [a.key, a.value.stringValue ?? a.value.intValue ?? a.value.boolValue]));
const SERVER = 2;
const PRODUCER = 4;
const CONSUMER = 5;

describe.skipIf(!services)('tracing (queue mode, OTLP/HTTP)', () => {
  const s = services as QueueServices;
  const spans: Span[] = [];
  let collector: Server;
  let cluster: QueueCluster;
  beforeAll(async () => {
    collector = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const parsed = JSON.parse(body) as OtlpBody;
        for (const rs of parsed.resourceSpans) {
          const service = String(flat(rs.resource.attributes)['service.name']);
          for (const ss of rs.scopeSpans) for (const span of ss.spans) spans.push({ ...span, service, attributes: flat(span.attributes) });
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => collector.listen(0, '127.0.0.1', () => r()));
    const address = collector.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    cluster = await startQueueCluster(s, { apis: 1, workers: 1 }, { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` });
  }, 300_000);
  afterAll(async () => {
    await cluster?.stop();
    await new Promise((r) => collector?.close(r));
    await s?.cleanup();
  });

  it("the worker's CONSUMER span is in the trace of the API's HTTP request, with stage and database spans under it", async () => {
    const url = cluster.apis[0]?.url as string;
    const { body } = await upload<{ analyzeImage: { id: string } }>(
      url,
      analyzeMutation,
      { image: { bytes: readFileSync(fixture('id_obama_1.jpg')), name: 'o.jpg' } },
      { stages: ['ANTI_SPOOFING'] },
    );
    const id = body.data?.analyzeImage.id as string;
    await waitForSession(url, 'query($id: ID!) { analysisSession(id: $id) { status } }', id, 60_000);
    const sessionId = Buffer.from(id, 'base64').toString().split(':')[1] as string;
    const consumerOf = () =>
      spans.find((sp) => sp.kind === CONSUMER && sp.service === 'facesocial-worker' && JSON.stringify(sp.attributes).includes(sessionId));
    // Each process exports in batches about once a second: wait for both sides of the trace.
    const complete = (): boolean => {
      const c = consumerOf();
      return !!c && spans.some((sp) => sp.traceId === c.traceId && sp.kind === SERVER) && spans.some((sp) => sp.name === 'stage ANTI_SPOOFING');
    };
    for (let i = 0; i < 150 && !complete(); i++) await new Promise((r) => setTimeout(r, 100));
    const consumer = consumerOf();
    expect(consumer, `spans seen: ${spans.map((sp) => `${sp.service}:${sp.name}:${sp.kind}`).join(', ')}`).toBeDefined();
    const trace = spans.filter((sp) => sp.traceId === consumer?.traceId);
    const http = trace.find((sp) => sp.kind === SERVER && sp.service === 'facesocial-api');
    expect(http?.attributes['http.method'] ?? http?.attributes['http.request.method']).toBe('POST');
    expect(trace.some((sp) => sp.kind === PRODUCER && sp.service === 'facesocial-api')).toBe(true);
    expect(trace.some((sp) => sp.service === 'facesocial-api' && sp.name.startsWith('graphql.execute'))).toBe(true);
    const stages = trace.filter((sp) => sp.service === 'facesocial-worker' && sp.name.startsWith('stage '));
    expect(stages.map((sp) => sp.name)).toEqual(expect.arrayContaining(['stage DETECTION', 'stage ANTI_SPOOFING']));
    for (const stage of stages) expect(stage.parentSpanId).toBe(consumer?.spanId);
    expect(trace.some((sp) => sp.service === 'facesocial-worker' && sp.name.startsWith('pg.query:UPDATE'))).toBe(true);
    console.log(
      `[tracing] one upload: ${trace.length} spans in one trace: ${[...new Set(trace.map((sp) => `${sp.service}/${sp.name}`))].slice(0, 20).join(', ')}`,
    );
  });
});
