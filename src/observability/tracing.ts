import { register } from 'node:module';
import { BullMQOtel } from 'bullmq-otel';
import type { Telemetry } from 'bullmq';
import type { Config } from '../config/config.ts';

/** BullMQ's tracing (PRODUCER span on add, CONSUMER span around the job) when tracing is on. */
export const bullmqTelemetry = (config: Pick<Config, 'OTEL_EXPORTER_OTLP_ENDPOINT'>): Telemetry | undefined =>
  config.OTEL_EXPORTER_OTLP_ENDPOINT ? new BullMQOtel('facesocial') : undefined;

/** What a process started: flush and stop on shutdown. */
export interface Tracing {
  shutdown(): Promise<void>;
}

/**
 * OpenTelemetry, off unless OTEL_EXPORTER_OTLP_ENDPOINT is set. Must run before the modules it
 * instruments are imported (main.ts and worker.main.ts import the rest of the process afterwards):
 * `module.register` installs import-in-the-middle's hook so ESM imports of http, undici, ioredis and
 * pg are patched too. Spans go to `${endpoint}/v1/traces` as OTLP/HTTP; BullMQ's PRODUCER/CONSUMER
 * spans (bullmq-otel) carry the trace from the API's request into the worker's job.
 */
export async function startTracing(config: Pick<Config, 'OTEL_EXPORTER_OTLP_ENDPOINT' | 'OTEL_SERVICE_NAME'>, role: 'api' | 'worker'): Promise<Tracing | null> {
  const endpoint = config.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint) return null;
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
  const [
    { NodeTracerProvider },
    { BatchSpanProcessor },
    { OTLPTraceExporter },
    { resourceFromAttributes },
    { registerInstrumentations },
    http,
    undici,
    ioredis,
    pg,
  ] = await Promise.all([
    import('@opentelemetry/sdk-trace-node'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/instrumentation'),
    import('@opentelemetry/instrumentation-http'),
    import('@opentelemetry/instrumentation-undici'),
    import('@opentelemetry/instrumentation-ioredis'),
    import('@opentelemetry/instrumentation-pg'),
  ]);
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': config.OTEL_SERVICE_NAME ?? `facesocial-${role}` }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/traces` }), { scheduledDelayMillis: 1000 })],
  });
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      // Probes and scrapes would be most of the traces: not traced.
      new http.HttpInstrumentation({ ignoreIncomingRequestHook: (req) => /^\/(health|metrics)/.test(req.url ?? '') }),
      new undici.UndiciInstrumentation(),
      new ioredis.IORedisInstrumentation({ requireParentSpan: true }),
      new pg.PgInstrumentation({ requireParentSpan: true }),
    ],
  });
  return { shutdown: () => provider.shutdown() };
}
