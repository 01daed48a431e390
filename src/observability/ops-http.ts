import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { readiness, type HealthCheck } from './health.ts';

export interface OpsEndpointsOptions {
  registry: Registry;
  /** Readiness checks (database, Redis, models): /health/ready is 503 while one fails. */
  checks: () => Record<string, HealthCheck>;
  /** What /health/detailed shows. */
  detailed: () => Promise<Record<string, unknown>>;
  /** Whether this listener serves /metrics (the API port does unless METRICS_PORT is set). */
  metrics: boolean;
  /** Who may read /health/detailed here: resolves to an HTTP status to refuse with, or null to serve. */
  authorizeDetailed: (req: IncomingMessage) => Promise<number | null>;
  /** Whether /health/ready says why a check failed (internal ports); the public port says only which. */
  readyReasons: boolean;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * The operator's endpoints, answered before GraphQL (no parsing, no auth for probes):
 * - /health/live: the process serves requests (cheap; for liveness probes);
 * - /health/ready: every dependency answers (for readiness probes and load balancers);
 * - /health/detailed: versions, models, queue, workers, memory (admins, or the internal port);
 * - /metrics: Prometheus text.
 * Returns whether it answered the request.
 */
export function opsEndpoints(options: OpsEndpointsOptions): (req: IncomingMessage, res: ServerResponse) => boolean {
  const serve = async (path: string, req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (path === '/health/live') return json(res, 200, { status: 'ok' });
    if (path === '/health/ready') {
      const result = await readiness(options.checks());
      // A driver's message names hosts and ports: not for whoever can reach the public port.
      const checks = options.readyReasons ? result.checks : Object.fromEntries(Object.entries(result.checks).map(([name, c]) => [name, { ok: c.ok }]));
      return json(res, result.ready ? 200 : 503, { status: result.ready ? 'ready' : 'not_ready', checks });
    }
    if (path === '/health/detailed') {
      const refusal = await options.authorizeDetailed(req);
      if (refusal !== null) return json(res, refusal, { status: 'refused', reason: 'needs an admin credential, or the metrics port' });
      const result = await readiness(options.checks());
      return json(res, 200, { status: result.ready ? 'ready' : 'not_ready', checks: result.checks, ...(await options.detailed()) });
    }
    res.writeHead(200, { 'content-type': options.registry.contentType });
    res.end(await options.registry.metrics());
  };
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const known = path === '/health/live' || path === '/health/ready' || path === '/health/detailed' || (options.metrics && path === '/metrics');
    if (!known || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    serve(path, req, res).catch((error: unknown) => json(res, 500, { status: 'error', error: error instanceof Error ? error.message : String(error) }));
    return true;
  };
}

/**
 * An internal listener (METRICS_PORT, a worker's WORKER_METRICS_PORT): not published outside the
 * cluster, so every endpoint is open there, failed checks say why, and anything else is 404.
 */
export function internalOpsServer(options: Pick<OpsEndpointsOptions, 'registry' | 'checks' | 'detailed'>): Server {
  const handle = opsEndpoints({ ...options, metrics: true, authorizeDetailed: async () => null, readyReasons: true });
  return createServer((req, res) => {
    if (!handle(req, res)) res.writeHead(404).end();
  });
}

/** Process facts for /health/detailed. */
export function processFacts(startedAt: Date): Record<string, unknown> {
  const memory = process.memoryUsage();
  return {
    uptimeSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
    node: process.version,
    pid: process.pid,
    memory: { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, heapTotalBytes: memory.heapTotal, externalBytes: memory.external },
  };
}
