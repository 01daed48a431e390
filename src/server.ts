import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { usePrometheus } from '@graphql-yoga/plugin-prometheus';
import { createFetch } from '@whatwg-node/fetch';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { AppServices } from './analysis/services.ts';
import { createAuthenticator, type Authenticator } from './auth/authenticate.ts';
import type { Caller } from './auth/caller.ts';
import type { Config } from './config/config.ts';
import { useAuditLog } from './http/audit.plugin.ts';
import { authenticateGuarded, useAuthentication, type AuthFailureGuard } from './http/authentication.plugin.ts';
import { statusOf } from './http/http-errors.ts';
import { AppError } from './pipeline/errors.ts';
import { queryLimitPlugins } from './http/query-limits.ts';
import { graphqlRuntime } from './http/graphql-runtime.ts';
import { PREFLIGHT_HEADER, useRequestGuards } from './http/request-guards.plugin.ts';
import { useRequestSizeLimit } from './http/request-size.plugin.ts';
import { useStreamedUploads } from './http/streamed-uploads.plugin.ts';
import type { StagedUpload } from './analysis/staged-upload.ts';
import { useSecurityHeaders } from './http/security-headers.plugin.ts';
import { attachGraphqlWs, type SocketExtra } from './http/ws-server.ts';
import { yogaLogger } from './http/yoga-logger.ts';
import { dashboardHandler } from './http/dashboard.ts';
import { graphiqlOptions, renderGraphiQL } from './http/graphiql.ts';
import { useGraphqlMetrics } from './http/metrics.plugin.ts';
import { useSharedSubscriptionExecution } from './http/shared-subscriptions.plugin.ts';
import { useGraphqlTracing } from './http/tracing.plugin.ts';
import type { Logger } from './observability/logger.ts';
import { internalOpsServer, opsEndpoints, type OpsEndpointsOptions } from './observability/ops-http.ts';
import type { Context } from './schema/context.ts';
import { createMaskError } from './schema/errors.ts';
import { schema } from './schema/index.ts';
import { createLoaders } from './schema/loaders.ts';
import { useUploadLimitCodes } from './schema/upload-limit.plugin.ts';

export interface HttpApp {
  yoga: YogaServerInstance<Record<string, unknown>, Context>;
  /** Listens on config.PORT (0 picks a free port); resolves to the GraphQL URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

/** What yoga hands the context factory: the HTTP request, or for graphql-ws the socket's extra (its authenticated caller). */
interface InitialContext {
  request?: Request;
  extra?: SocketExtra;
}

/** What the operator's endpoints report (see observability/ops-http.ts). */
export interface OpsSources {
  checks: OpsEndpointsOptions['checks'];
  detailed: OpsEndpointsOptions['detailed'];
}

/** Limits and guards the HTTP app takes from the composition root (rate limits, when configured). */
export interface HttpGuards {
  plugins?: Plugin[];
  authFailures?: AuthFailureGuard | null;
}

/** A caller's x-request-id when it is a sane token (at most 128 visible ASCII characters), else a fresh UUID. */
const requestIdOf = (sent: string | null): string => (sent !== null && /^[\x21-\x7e]{1,128}$/.test(sent) ? sent : randomUUID());

/** Each HTTP request's ID, given back in the x-request-id response header; every graphql-ws operation gets its own. */
function useRequestIds(ids: WeakMap<Request, string>): Plugin {
  return {
    onRequest: ({ request }) => void ids.set(request, requestIdOf(request.headers.get('x-request-id'))),
    onResponse: ({ request, response }) => {
      const id = ids.get(request);
      if (id) response.headers.set('x-request-id', id);
    },
  };
}

function contextFor(services: AppServices, callers: WeakMap<Request, Caller>, requestIds: WeakMap<Request, string>, initial: InitialContext): Context {
  // Authentication ran before parsing (HTTP) or when the socket connected (graphql-ws).
  const caller = initial.extra?.caller ?? (initial.request ? callers.get(initial.request) : undefined);
  if (!caller) throw new Error('request reached execution without an authenticated caller');
  return {
    services,
    tenantId: caller.tenantId,
    caller,
    requestId: (initial.request && requestIds.get(initial.request)) ?? randomUUID(),
    loaders: createLoaders(services, caller.tenantId),
  };
}

/** The HTTP + WebSocket front: yoga for queries, uploads and SSE; graphql-ws on the same path. */
export function createHttpApp(config: Config, services: AppServices, logger: Logger, guards: HttpGuards, ops: OpsSources): HttpApp {
  const authenticator: Authenticator = createAuthenticator(config, services.apiKeys);
  const production = config.NODE_ENV === 'production';
  // Without auth nobody else may reach the server unless HOST says so.
  const listenHost = config.HOST ?? (authenticator.enabled ? '0.0.0.0' : '127.0.0.1');
  const callers = new WeakMap<Request, Caller>();
  const requestIds = new WeakMap<Request, string>();
  const introspection = config.GRAPHQL_INTROSPECTION ?? !production;
  const yoga = createYoga<Record<string, unknown>, Context>({
    schema,
    context: (initial) => contextFor(services, callers, requestIds, initial),
    graphiql: graphiqlOptions(config),
    renderGraphiQL,
    // Only the listed origins may read answers cross-origin; by default none (same origin only).
    cors: config.CORS_ORIGINS.length > 0 ? { origin: config.CORS_ORIGINS, credentials: true, methods: ['GET', 'POST'] } : false,
    batching: false,
    // useRequestSizeLimit enforces MAX_REQUEST_BYTES with its own code (yoga's built-in 25 MB limit would answer as a per-file limit).
    maxRequestBodySize: false,
    // Use-case errors keep their code; unexpected ones become "Unexpected error." with no stack for clients (details go to the log).
    maskedErrors: { isDev: false, maskError: createMaskError({ retryAfterSeconds: config.RETRY_AFTER_SECONDS, logger }) },
    logging: yogaLogger(logger),
    // Uploads over the byte limit are cut off while streaming, before they are buffered whole.
    fetchAPI: createFetch({ formDataLimits: { fileSize: config.MAX_UPLOAD_BYTES, files: config.MAX_BATCH_FILES, fieldSize: 1_000_000 } }),
    plugins: [
      useRequestIds(requestIds),
      // Multipart bodies may be as large as a video (plus its operation); all but video mutations are still held to MAX_REQUEST_BYTES while they stream.
      useRequestSizeLimit(config.MAX_REQUEST_BYTES, { multipartMaxBytes: config.MAX_VIDEO_BYTES + 1_000_000 }),
      useSecurityHeaders(),
      useRequestGuards(),
      useCSRFPrevention({ requestHeaders: [PREFLIGHT_HEADER] }),
      useAuthentication(authenticator, guards.authFailures ?? null, callers, logger, (code) => services.metrics.error(code, 'graphql')),
      // After authentication (parsing comes after it): nobody unauthenticated streams a video to disk.
      useStreamedUploads({
        store: services.uploads,
        maxFileBytes: config.MAX_VIDEO_BYTES,
        maxRequestBytes: config.MAX_REQUEST_BYTES,
        fields: ['analyzeVideo'],
        staged: new WeakMap<Request, StagedUpload[]>(),
        maxInFlight: config.VIDEO_UPLOADS_IN_FLIGHT,
        retryAfterSeconds: config.RETRY_AFTER_SECONDS,
      }),
      ...queryLimitPlugins(config),
      ...(introspection ? [] : [{ onValidate: ({ addValidationRule }) => addValidationRule(graphqlRuntime.NoSchemaIntrospectionCustomRule) } satisfies Plugin]),
      ...(guards.plugins ?? []),
      useAuditLog(services.audit, logger),
      // GraphQL operation duration, errors and subscriptions; served by our own /metrics, on this app's registry.
      // Labels a client chooses (operation name, URL, error path) would let it grow the registry without bound: off.
      usePrometheus({
        registry: services.metrics.registry,
        endpoint: false,
        labels: { url: false, operationName: false, path: false, fieldName: false, typeName: false },
      }),
      useGraphqlMetrics(services.metrics),
      useSharedSubscriptionExecution(),
      ...(config.OTEL_EXPORTER_OTLP_ENDPOINT ? [useGraphqlTracing()] : []),
      useUploadLimitCodes({ maxBytes: config.MAX_UPLOAD_BYTES, maxFiles: config.MAX_BATCH_FILES }),
    ],
  });

  // Probes and metrics are answered before GraphQL: no parsing, no credentials (but /health/detailed).
  // The same guard as GraphQL requests: failed attempts count against the address (429 past the limit).
  const isAdmin = async (req: IncomingMessage): Promise<number | null> => {
    try {
      const source = (name: 'authorization' | 'x-api-key'): string | null => {
        const value = req.headers[name];
        return typeof value === 'string' ? value : null;
      };
      const caller = await authenticateGuarded(authenticator, guards.authFailures ?? null, source, req.socket.remoteAddress ?? 'unknown');
      return caller.roles.has('admin') ? null : 403;
    } catch (error) {
      return error instanceof AppError ? statusOf(error.code) : 401;
    }
  };
  const onMainPort = opsEndpoints({
    ...ops,
    registry: services.metrics.registry,
    metrics: config.METRICS_PORT === undefined,
    authorizeDetailed: isAdmin,
    readyReasons: false,
  });
  const dashboard = dashboardHandler();
  const server: Server = createServer((req, res) => {
    if (onMainPort(req, res) || dashboard(req, res)) return;
    // With METRICS_PORT set, /metrics lives there only: here it is simply not found.
    if (config.METRICS_PORT !== undefined && req.url?.split('?')[0] === '/metrics') res.writeHead(404).end();
    else void yoga(req, res);
  });
  // METRICS_PORT: an internal listener (not published outside the cluster) with /metrics and /health/detailed open.
  const metricsServer: Server | null = config.METRICS_PORT === undefined ? null : internalOpsServer({ ...ops, registry: services.metrics.registry });
  // Longer than the idle timeout of common load balancers and HTTP clients, so a client never
  // reuses a keep-alive socket the server is closing at that moment (ECONNRESET).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const wsServer = attachGraphqlWs({ server, yoga, authenticator, guard: guards.authFailures ?? null, config, logger });
  if (!authenticator.enabled) {
    logger.warn({ host: listenHost }, 'authentication is off: every caller is an admin of the tenant "default" (set AUTH_JWT_SECRET or AUTH_JWKS_URL)');
  }

  return {
    yoga,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.PORT, listenHost, () => {
          const { port } = server.address() as AddressInfo;
          const host = listenHost === '0.0.0.0' || listenHost === '::' ? 'localhost' : listenHost;
          if (!metricsServer) return resolve(`http://${host}:${port}${yoga.graphqlEndpoint}`);
          metricsServer.once('error', reject);
          metricsServer.listen(config.METRICS_PORT, listenHost, () => {
            logger.info({ port: (metricsServer.address() as AddressInfo).port }, 'metrics and health on the internal port');
            resolve(`http://${host}:${port}${yoga.graphqlEndpoint}`);
          });
        });
      }),
    close: async () => {
      for (const client of wsServer.clients) client.terminate();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (metricsServer?.listening) await new Promise<void>((resolve) => metricsServer.close(() => resolve()));
    },
  };
}
