import type { AddressInfo } from 'node:net';
import type { Config } from '../src/config/config.ts';
import type { Metrics } from '../src/observability/metrics.ts';
import { internalOpsServer, processFacts, type OpsEndpointsOptions } from '../src/observability/ops-http.ts';

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
  const server = internalOpsServer({
    registry: metrics.registry,
    checks: sources.checks,
    detailed: async () => ({ ...(await sources.detailed()), process: processFacts(startedAt) }),
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
