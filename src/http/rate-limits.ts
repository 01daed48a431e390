import type { ExecutionArgs, ExecutionResult, GraphQLError } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Caller } from '../auth/caller.ts';
import type { Config } from '../config/config.ts';
import { outageReporter } from '../observability/outage.ts';
import { AppError } from '../pipeline/errors.ts';

type RateLimitConfig = Pick<
  Config,
  | 'RATE_LIMIT_CREDENTIAL_PER_MINUTE'
  | 'RATE_LIMIT_TENANT_PER_MINUTE'
  | 'RATE_LIMIT_UPLOAD_COST'
  | 'RATE_LIMIT_AUTH_FAILURES_PER_MINUTE'
  | 'REDIS_PREFIX'
  | 'REDIS_COMMAND_TIMEOUT_MS'
>;

/** Which limit refused a request (`extensions.limit`). */
export type RateLimitName = 'credential' | 'tenant' | 'authFailures';

export interface RateLimits {
  /** Per-operation limits (per credential, per tenant), for yoga's HTTP operations and graphql-ws alike; 429 + Retry-After on HTTP. */
  plugin: Plugin;
  /**
   * Counts one failed authentication from `address`. Throws RATE_LIMITED (details: retryAfterSeconds)
   * when this failure is past RATE_LIMIT_AUTH_FAILURES_PER_MINUTE in the current minute.
   */
  consumeAuthFailure(address: string): Promise<void>;
  /** True once `address` has used up its failed authentications for the current minute: refuse it before checking its credentials. */
  isBlocked(address: string): Promise<boolean>;
  /** isBlocked, as the error to answer: throws RATE_LIMITED with retryAfterSeconds when the address is blocked. */
  refuseIfBlocked(address: string): Promise<void>;
  close(): Promise<void>;
}

const WINDOW_SECONDS = 60;
/**
 * A rate-limit check waits at most this long for Redis before the in-memory insurance limiter decides
 * (REDIS_COMMAND_TIMEOUT_MS when that is shorter): a hung Redis must not add seconds to every request.
 */
const LIMITER_REDIS_TIMEOUT_MS = 500;

const retryAfterSecondsOf = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

/** The error every limit here answers: RATE_LIMITED, which limit, and when to retry. */
function rateLimited(limit: RateLimitName, retryAfterSeconds: number, message: string): AppError {
  return new AppError('RATE_LIMITED', `${message} Retry in ${retryAfterSeconds} s.`, { retryAfterSeconds, limit });
}

/** Uploaded files in an operation's variables (yoga's multipart parser puts WHATWG Files there). */
function countFiles(value: unknown, depth = 0): number {
  if (value === null || typeof value !== 'object' || depth > 8) return 0;
  if (typeof (value as Blob).arrayBuffer === 'function' && typeof (value as Blob).size === 'number') return 1;
  const children = Array.isArray(value) ? (value as unknown[]) : Object.values(value);
  return children.reduce<number>((n, child) => n + countFiles(child, depth + 1), 0);
}

const callerOf = (contextValue: unknown): Caller | null => {
  const caller = (contextValue as { caller?: Caller } | null | undefined)?.caller;
  return caller && typeof caller.tenantId === 'string' && typeof caller.credentialId === 'string' ? caller : null;
};

/**
 * RATE_LIMITED errors answer HTTP 429 with Retry-After. The per-operation refusals, the queued-session
 * cap (a use case's AppError) and a blocked address (thrown by the context factory) all pass here on
 * HTTP; graphql-ws has no status to set and gets `extensions.retryAfterSeconds` alone.
 */
function withHttpStatus(result: ExecutionResult): ExecutionResult {
  const refusals = (result.errors ?? []).filter((e) => e.extensions?.['code'] === 'RATE_LIMITED' && e.extensions['http'] === undefined);
  if (refusals.length === 0 || !result.errors) return result;
  // Several refusals in one response: the header says the longest wait.
  const retryAfter = Math.max(...refusals.map((e) => (typeof e.extensions['retryAfterSeconds'] === 'number' ? e.extensions['retryAfterSeconds'] : 1)));
  const errors = result.errors.map((error: GraphQLError) =>
    refusals.includes(error)
      ? createGraphQLError(error.message, {
          nodes: error.nodes,
          source: error.source,
          positions: error.positions,
          path: error.path,
          originalError: error.originalError ?? undefined,
          extensions: { ...error.extensions, http: { status: 429, headers: { 'Retry-After': String(retryAfter) } } },
        })
      : error,
  );
  return { ...result, errors };
}

const isExecutionResult = (value: unknown): value is ExecutionResult =>
  typeof value === 'object' && value !== null && !(Symbol.asyncIterator in value) && ('errors' in value || 'data' in value);

/**
 * Rate limits with rate-limiter-flexible. Queue mode (`redisUrl`): counters in Redis, shared by every API
 * replica, on a connection of their own that never queues commands while Redis is away
 * (`enableOfflineQueue: false`), so during an outage each replica falls back at once to an in-memory
 * insurance limiter with the same limits instead of failing or stalling requests. Embedded mode: in memory.
 *
 * Each GraphQL operation costs 1 point; one that carries files costs RATE_LIMIT_UPLOAD_COST per file
 * (at most a whole minute's budget, so a large batch can pass on a fresh window). Points are counted
 * per credential (`caller.credentialId`) and per tenant in all; a refused operation is given its points
 * back, so refusals do not lengthen the wait. Windows are fixed minutes from a key's first point.
 */
export function createRateLimits(config: RateLimitConfig, options: { redisUrl?: string | undefined }, logger: Logger): RateLimits {
  const prefix = `${config.REDIS_PREFIX}:rl`;
  let redis: Redis | null = null;

  const limiter = (name: string, points: number): RateLimiterAbstract => {
    const opts = { keyPrefix: `${prefix}:${name}`, points, duration: WINDOW_SECONDS };
    if (!redis) return new RateLimiterMemory(opts);
    return new RateLimiterRedis({ ...opts, storeClient: redis, rejectIfRedisNotReady: true, insuranceLimiter: new RateLimiterMemory(opts) });
  };

  if (options.redisUrl) {
    const name = `${config.REDIS_PREFIX}:api:rate-limits`;
    redis = new Redis(options.redisUrl, {
      connectionName: name,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: Math.min(LIMITER_REDIS_TIMEOUT_MS, config.REDIS_COMMAND_TIMEOUT_MS),
      retryStrategy: (times) => Math.min(times * 200, 2000),
    });
    const report = outageReporter(logger, `redis ${name}`);
    redis.on('error', (error) => report.error(error));
    redis.on('ready', () => report.ready());
  }

  const perOperation: { name: Exclude<RateLimitName, 'authFailures'>; points: number; limiter: RateLimiterAbstract; key: (caller: Caller) => string }[] = [
    {
      name: 'credential',
      points: config.RATE_LIMIT_CREDENTIAL_PER_MINUTE,
      limiter: limiter('credential', config.RATE_LIMIT_CREDENTIAL_PER_MINUTE),
      key: (c) => c.credentialId,
    },
    { name: 'tenant', points: config.RATE_LIMIT_TENANT_PER_MINUTE, limiter: limiter('tenant', config.RATE_LIMIT_TENANT_PER_MINUTE), key: (c) => c.tenantId },
  ];
  const authFailures = limiter('auth-failures', config.RATE_LIMIT_AUTH_FAILURES_PER_MINUTE);

  /** Consumes an operation's points on every limit; the error to answer when one refuses, else null. */
  async function admit(caller: Caller, cost: number): Promise<AppError | null> {
    const taken = perOperation.map(({ limiter: l, points, key }) => ({ l, key: key(caller), points: Math.min(cost, points) }));
    const outcomes = await Promise.allSettled(taken.map(({ l, key, points }) => l.consume(key, points)));
    let refused: { name: Exclude<RateLimitName, 'authFailures'>; ms: number } | null = null;
    outcomes.forEach((outcome, i) => {
      if (outcome.status === 'fulfilled') return;
      const limit = perOperation[i];
      if (!limit) return;
      if (outcome.reason instanceof RateLimiterRes) {
        if (!refused || outcome.reason.msBeforeNext > refused.ms) refused = { name: limit.name, ms: outcome.reason.msBeforeNext };
      } else {
        // Neither Redis nor the insurance limiter answered (not expected): let the request through.
        logger.warn({ err: outcome.reason, limit: limit.name }, 'rate limit check failed; request let through');
      }
    });
    if (!refused) return null;
    const { name, ms } = refused;
    // The refused operation does nothing: its points go back wherever they were counted (a refusal counts them too).
    const counted = taken.filter((_, i) => outcomes[i]?.status === 'fulfilled' || (outcomes[i] as PromiseRejectedResult).reason instanceof RateLimiterRes);
    await Promise.allSettled(counted.map(({ l, key, points }) => l.reward(key, points)));
    const subject = name === 'credential' ? 'this credential' : 'this tenant';
    const points = name === 'credential' ? config.RATE_LIMIT_CREDENTIAL_PER_MINUTE : config.RATE_LIMIT_TENANT_PER_MINUTE;
    return rateLimited(
      name,
      retryAfterSecondsOf(ms),
      `Too many requests for ${subject}: at most ${points} points a minute (an operation costs 1, an uploaded image ${config.RATE_LIMIT_UPLOAD_COST}).`,
    );
  }

  /** One hook for execute and subscribe: refuse before the operation runs. */
  const limitOperation = async (args: ExecutionArgs, stop: (result: ExecutionResult) => void): Promise<void> => {
    const caller = callerOf(args.contextValue);
    if (!caller) return;
    const files = countFiles(args.variableValues);
    const error = await admit(caller, files > 0 ? files * config.RATE_LIMIT_UPLOAD_COST : 1);
    if (error) stop({ errors: [createGraphQLError(error.message, { extensions: { ...error.details, code: error.code }, originalError: error })] });
  };

  const plugin: Plugin = {
    onExecute: (payload) => limitOperation(payload.args, (result) => payload.setResultAndStopExecution(result)),
    onSubscribe: (payload) => limitOperation(payload.args, (result) => payload.setResultAndStopExecution(result)),
    onResultProcess(payload) {
      const { result } = payload;
      if (Array.isArray(result)) {
        if (result.some(isExecutionResult)) payload.setResult(result.map((r: unknown) => (isExecutionResult(r) ? withHttpStatus(r) : r)) as typeof result);
      } else if (isExecutionResult(result)) {
        payload.setResult(withHttpStatus(result));
      }
    },
  };

  const blockedFor = async (address: string): Promise<number | null> => {
    const res = await authFailures.get(address).catch((error: unknown) => {
      logger.warn({ err: error }, 'auth failure limit check failed; address not blocked');
      return null;
    });
    return res && res.consumedPoints >= config.RATE_LIMIT_AUTH_FAILURES_PER_MINUTE ? res.msBeforeNext : null;
  };
  const authMessage = `Too many failed authentications from this address: at most ${config.RATE_LIMIT_AUTH_FAILURES_PER_MINUTE} a minute.`;

  return {
    plugin,
    async consumeAuthFailure(address) {
      try {
        await authFailures.consume(address, 1);
      } catch (error) {
        if (error instanceof RateLimiterRes) throw rateLimited('authFailures', retryAfterSecondsOf(error.msBeforeNext), authMessage);
        logger.warn({ err: error }, 'auth failure not counted');
      }
    },
    isBlocked: async (address) => (await blockedFor(address)) !== null,
    async refuseIfBlocked(address) {
      const ms = await blockedFor(address);
      if (ms !== null) throw rateLimited('authFailures', retryAfterSecondsOf(ms), authMessage);
    },
    async close() {
      if (!redis) return;
      const connection = redis;
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}
