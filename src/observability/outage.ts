import type { Logger } from 'pino';

/** A dependency the API needs to answer: when it is down, clients get SERVICE_UNAVAILABLE (503), not INTERNAL. */
export type Dependency = 'database' | 'redis';

// Node's socket errors, PostgreSQL's connection-exception class (08) and shutdown codes (57P01-03),
// Prisma's "can't reach / closed / timed out" codes.
const socketCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const postgresCodes = new Set(['08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03', 'P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
const postgresMessages =
  /Can't reach database server|Connection terminated|terminating connection|the database system is (starting up|shutting down)|Client has encountered a connection error|DatabaseNotReachable|ConnectionClosed|connection refused/i;
const redisMessages = /Connection is closed|Command timed out|Stream isn't writeable|MaxRetriesPerRequest|Reached the max retries per request/i;

function* causes(error: unknown): Generator<unknown> {
  const seen = new Set<unknown>();
  for (
    let e: unknown = error;
    e !== null && e !== undefined && !seen.has(e);
    e = (e as { cause?: unknown; originalError?: unknown }).cause ?? (e as { originalError?: unknown }).originalError
  ) {
    seen.add(e);
    yield e;
  }
}

/** Which dependency an error says is unreachable, following `cause` chains (Prisma wraps the driver's error), or null. */
export function dependencyOutage(error: unknown): Dependency | null {
  for (const e of causes(error)) {
    if (typeof e !== 'object') continue;
    const { code, name, message, kind } = e as { code?: unknown; name?: unknown; message?: unknown; kind?: unknown };
    const text = typeof message === 'string' ? message : '';
    if (name === 'MaxRetriesPerRequestError' || redisMessages.test(text)) return 'redis';
    if ((typeof code === 'string' && postgresCodes.has(code)) || kind === 'DatabaseNotReachable' || kind === 'ConnectionClosed' || postgresMessages.test(text))
      return 'database';
    if (typeof code === 'string' && socketCodes.has(code)) {
      // ioredis queues commands while it reconnects (they fail as timeouts, above), so a socket error a
      // request sees comes from the database's driver.
      return 'database';
    }
  }
  return null;
}

/**
 * Logs a dependency's connection errors once per outage (not once per retry), and that it is back.
 * Every Redis connection and pg pool the project creates reports through one of these.
 */
export function outageReporter(logger: Logger, what: string): { error(error: unknown): void; ready(): void } {
  let down = false;
  let failures = 0;
  return {
    error(error) {
      failures++;
      if (down) return;
      down = true;
      logger.error({ err: error, dependency: what }, `${what}: connection lost; retrying`);
    },
    ready() {
      if (!down) return;
      logger.warn({ dependency: what, failedAttempts: failures }, `${what}: connection restored`);
      down = false;
      failures = 0;
    },
  };
}
