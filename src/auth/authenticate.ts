import type { Config } from '../config/config.ts';
import { AppError } from '../pipeline/errors.ts';
import { looksLikeApiKey } from './api-key-format.ts';
import { createApiKeyVerifier, type ApiKeyStore } from './api-keys.ts';
import { anonymousCaller, type Caller } from './caller.ts';
import { createJwtVerifier } from './jwt.ts';

/** Where a request's credentials are: HTTP headers, or graphql-ws connection parameters. */
export type CredentialSource = (name: 'authorization' | 'x-api-key') => string | null;

export interface Authenticator {
  /** Whether requests must carry credentials (AUTH_JWT_SECRET or AUTH_JWKS_URL set). */
  readonly enabled: boolean;
  /** The caller, or UNAUTHENTICATED / FORBIDDEN. */
  authenticate(source: CredentialSource): Promise<Caller>;
  /** Whether a caller's credential still holds (an API key not revoked or expired since); sockets re-check it. */
  stillValid(caller: Caller): Promise<boolean>;
}

/**
 * Who is calling. Without auth configured every caller is the anonymous admin of the default tenant;
 * with it, a request carries an API key (`x-api-key: fsk_...`, or `Authorization: Bearer fsk_...`)
 * or a bearer JWT (see jwt.ts), and must verify.
 */
export function createAuthenticator(config: Config, apiKeyStore: ApiKeyStore): Authenticator {
  const enabled = Boolean(config.AUTH_JWT_SECRET || config.AUTH_JWKS_URL);
  const verifyJwt = enabled ? createJwtVerifier(config) : null;
  const apiKeys = createApiKeyVerifier(apiKeyStore);
  return {
    enabled,
    async authenticate(source) {
      if (!verifyJwt) return anonymousCaller;
      const key = source('x-api-key');
      if (key !== null) return apiKeys.verify(key.trim());
      const token = /^Bearer\s+(\S+)$/i.exec(source('authorization') ?? '')?.[1];
      if (!token) throw new AppError('UNAUTHENTICATED', 'Send Authorization: Bearer <token> or x-api-key: <key>.');
      return looksLikeApiKey(token) ? apiKeys.verify(token) : verifyJwt(token);
    },
    stillValid: (caller) => apiKeys.stillValid(caller),
  };
}

/** Credentials from graphql-ws connection parameters (`authorization`, `x-api-key`, case as sent). */
export function paramsSource(params: Readonly<Record<string, unknown>> | undefined): CredentialSource {
  return (name) => {
    const value = params?.[name] ?? params?.[name === 'authorization' ? 'Authorization' : 'X-Api-Key'];
    return typeof value === 'string' ? value : null;
  };
}
