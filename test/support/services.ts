import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { loadConfig } from '../../src/config/config.ts';

export interface QueueServices {
  /** A fresh database of its own on the test PostgreSQL server. */
  databaseUrl: string;
  redisUrl: string;
  /** A Redis key prefix of its own (REDIS_PREFIX), so test files never see each other's jobs. */
  prefix: string;
  redis: Redis;
  cleanup(): Promise<void>;
}

const config = loadConfig();

async function reachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: config.TEST_POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_available_extensions WHERE name = 'vector'`);
    if (rows[0]?.n !== 1) return `PostgreSQL at ${config.TEST_POSTGRES_URL} has no pgvector (run scripts/install-pgvector.sh)`;
  } catch (error) {
    return `PostgreSQL not reachable at ${config.TEST_POSTGRES_URL} (${(error as Error).message})`;
  } finally {
    await client.end().catch(() => undefined);
  }
  const redis = new Redis(config.TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 3000 });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    return `Redis not reachable at ${config.TEST_REDIS_URL} (${(error as Error).message})`;
  } finally {
    redis.disconnect();
  }
  return null;
}

/**
 * PostgreSQL (with pgvector) and Redis for a queue-mode test file, or null when they are not
 * reachable: the suite then skips with a visible reason. CI sets REQUIRE_SERVICES=1, which turns
 * that skip into a failure.
 */
export async function queueServices(name: string): Promise<QueueServices | null> {
  const problem = await reachable();
  if (problem) {
    if (config.REQUIRE_SERVICES) throw new Error(`${problem} (REQUIRE_SERVICES is set)`);
    console.warn(`SKIPPED: ${name}: ${problem}.`);
    return null;
  }
  const suffix = randomBytes(4).toString('hex');
  const database = `facesocial_test_${name.replace(/\W/g, '_')}_${suffix}`;
  const admin = new pg.Client({ connectionString: config.TEST_POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  await admin.end();
  const url = new URL(config.TEST_POSTGRES_URL);
  url.pathname = `/${database}`;
  const prefix = `fstest-${suffix}`;
  const redis = new Redis(config.TEST_REDIS_URL, { maxRetriesPerRequest: null });
  return {
    databaseUrl: url.toString(),
    redisUrl: config.TEST_REDIS_URL,
    prefix,
    redis,
    async cleanup() {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
      const client = new pg.Client({ connectionString: config.TEST_POSTGRES_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await client.end();
    },
  };
}
