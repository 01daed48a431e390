import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/logger.ts';
import { dependencyOutage, outageReporter } from '../../src/observability/outage.ts';
import { AppError } from '../../src/pipeline/errors.ts';

// Outages are told from bugs by the errors the real drivers raise when nothing listens on their port.
async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
    });
  });
}

describe('dependencyOutage', () => {
  it('a refused PostgreSQL connection is a database outage, also wrapped as a cause', async () => {
    const client = new pg.Client({ host: '127.0.0.1', port: await closedPort(), connectionTimeoutMillis: 2000 });
    const error = await client.connect().then(
      () => null,
      (e: unknown) => e,
    );
    expect(dependencyOutage(error)).toBe('database');
    expect(dependencyOutage(new Error('query failed', { cause: error }))).toBe('database');
  });

  it('a Redis command that cannot be delivered is a Redis outage', async () => {
    const redis = new Redis({ host: '127.0.0.1', port: await closedPort(), maxRetriesPerRequest: 1, retryStrategy: () => 50, lazyConnect: false });
    redis.on('error', () => undefined);
    const error = await redis.get('k').then(
      () => null,
      (e: unknown) => e,
    );
    redis.disconnect();
    expect(dependencyOutage(error)).toBe('redis');
  });

  it('anything else is not an outage: bugs and the caller mistakes stay what they are', () => {
    expect(dependencyOutage(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBeNull();
    expect(dependencyOutage(new AppError('BAD_IMAGE', 'not an image'))).toBeNull();
    expect(dependencyOutage(null)).toBeNull();
  });
});

describe('outageReporter', () => {
  it('logs a lost connection once per outage, and its return once', () => {
    const lines: string[] = [];
    const logger = createLogger({ LOG_LEVEL: 'info' });
    const spy = {
      ...logger,
      error: (_: unknown, msg: string) => lines.push(`error ${msg}`),
      warn: (_: unknown, msg: string) => lines.push(`warn ${msg}`),
    } as unknown as typeof logger;
    const report = outageReporter(spy, 'redis api');
    for (let i = 0; i < 20; i++) report.error(new Error('ECONNREFUSED'));
    report.ready();
    report.ready();
    report.error(new Error('ECONNRESET'));
    expect(lines).toEqual(['error redis api: connection lost; retrying', 'warn redis api: connection restored', 'error redis api: connection lost; retrying']);
  });
});
