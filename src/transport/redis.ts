import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { outageReporter } from '../observability/outage.ts';

export interface RedisOptions {
  /** Fail a command that gets no answer in this time (the API's connection, so a request answers SERVICE_UNAVAILABLE instead of hanging); never for blocking workers. */
  commandTimeoutMs?: number;
}

/**
 * A Redis connection. `maxRetriesPerRequest: null` is what BullMQ requires for blocking connections
 * (and keeps commands queued while Redis restarts instead of failing them); ioredis reconnects on its
 * own, backing off to 2 s. Its errors are logged once per outage through pino: an ioredis client
 * without an `error` listener prints raw lines and is one change away from crashing the process.
 */
export function createRedis(url: string, name: string, logger: Logger, options: RedisOptions = {}): Redis {
  const redis = new Redis(url, {
    connectionName: name,
    maxRetriesPerRequest: null,
    retryStrategy: (times) => Math.min(times * 200, 2000),
    ...(options.commandTimeoutMs ? { commandTimeout: options.commandTimeoutMs } : {}),
  });
  const report = outageReporter(logger, `redis ${name}`);
  redis.on('error', (error) => report.error(error));
  redis.on('ready', () => report.ready());
  return redis;
}
