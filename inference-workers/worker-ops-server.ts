import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '../src/config/config.ts';
import type { Metrics } from '../src/observability/metrics.ts';
import { opsEndpoints, processFacts, type OpsEndpointsOptions } from '../src/observability/ops-http.ts';

/**
 * A worker's small HTTP listener on WORKER_METRICS_PORT: /health/live, /health/ready (models loaded
 * and warmed, database and Redis answering), /health/detailed and /metrics, for probes and Prometheus.
 * It listens on every interface (a scraper in another container must reach it) and serves nothing else.
 */
export async function startWorkerOpsServer(
  config: Pick<Config, 'WORKER_METRICS_PORT'>,
  metrics: Metrics,
  sources: Pick<OpsEndpointsOptions, 'checks' | 'detailed'>,
): Promise<{ url: string; close(): Promise<void> }> {
  const startedAt = new Date();
  const handle = opsEndpoints({
    registry: metrics.registry,
    metrics: true,
    checks: sources.checks,
    detailed: async () => ({ ...(await sources.detailed()), process: processFacts(startedAt) }),
    authorizeDetailed: async () => null,
    // The worker's port is internal (probes and Prometheus only).
    readyReasons: true,
  });
  const server = createServer((req, res) => {
    if (!handle(req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.WORKER_METRICS_PORT, '0.0.0.0', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
