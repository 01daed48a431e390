import { generateApiKey } from '../auth/api-key-format.ts';
import type { Role } from '../auth/roles.ts';
import type { ApiKey } from '../db/api-keys.repository.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import { AppError, notFound } from '../pipeline/errors.ts';
import type { Scope } from './services.ts';
import { checkText } from './text-input.ts';

const DAY_MS = 86_400_000;
/** A key must live at least this long: one that has expired when it is stored is a mistake. */
const MIN_LIFETIME_MS = 1_000;

export interface CreatedApiKey {
  apiKey: ApiKey;
  /** The whole key: returned this once, never stored or logged. */
  secret: string;
}

/**
 * Creates a key for the caller's tenant with one role. It expires at `expiresAt` (default
 * API_KEY_DEFAULT_TTL_DAYS from now, at most API_KEY_MAX_TTL_DAYS). Only its SHA-256 and its visible
 * prefix are stored; the secret is in the answer and nowhere else.
 */
export async function createApiKey(scope: Scope, input: { name: string; role: Role; expiresAt?: Date | null | undefined }): Promise<CreatedApiKey> {
  const { services, tenantId, caller } = scope;
  const { config } = services;
  const name = checkText(input.name, 'name', config.MAX_STRING_LENGTH).trim();
  if (name.length === 0) throw new AppError('BAD_USER_INPUT', 'name may not be empty.', { argument: 'name' });
  const now = Date.now();
  const expiresAt = input.expiresAt ?? new Date(now + config.API_KEY_DEFAULT_TTL_DAYS * DAY_MS);
  if (expiresAt.getTime() < now + MIN_LIFETIME_MS) {
    throw new AppError('BAD_USER_INPUT', 'expiresAt must be in the future.', { argument: 'expiresAt' });
  }
  if (expiresAt.getTime() > now + config.API_KEY_MAX_TTL_DAYS * DAY_MS) {
    throw new AppError('BAD_USER_INPUT', `expiresAt may be at most ${config.API_KEY_MAX_TTL_DAYS} days ahead (API_KEY_MAX_TTL_DAYS).`, {
      argument: 'expiresAt',
      maxDays: config.API_KEY_MAX_TTL_DAYS,
    });
  }
  // A prefix collision (1 in 2^47 per pair) is refused by the unique index: draw again.
  for (let attempt = 0; ; attempt++) {
    const key = generateApiKey();
    try {
      const apiKey = await services.apiKeys.create({
        tenantId,
        name,
        role: input.role,
        prefix: key.prefix,
        hash: key.hash,
        createdBy: caller.subject,
        expiresAt,
      });
      return { apiKey, secret: key.secret };
    } catch (error) {
      if (attempt >= 2 || !isUniqueViolation(error)) throw error;
    }
  }
}

/** Revokes one of the tenant's keys: the next request with it is refused, and its sockets close within WS_CREDENTIAL_RECHECK_MS. */
export async function revokeApiKey(scope: Scope, id: string | null): Promise<ApiKey> {
  const revoked = id ? await scope.services.apiKeys.revoke(scope.tenantId, id, new Date()) : null;
  if (!revoked) throw notFound('API key');
  return revoked;
}
