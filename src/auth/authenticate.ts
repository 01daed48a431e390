import type { Config } from '../config/config.ts';
import { AppError } from '../pipeline/errors.ts';
import { anonymousCaller, type Caller } from './caller.ts';
import { createJwtVerifier } from './jwt.ts';

/** Where a request's credentials are: HTTP headers, or graphql-ws connection parameters. */
export type CredentialSource = (name: 'authorization' | 'x-api-key') => string | null;

export interface Authenticator {
  /** Whether requests must carry credentials (AUTH_JWT_SECRET or AUTH_JWKS_URL set). */
  readonly enabled: boolean;
  /** The caller, or UNAUTHENTICATED / FORBIDDEN. */
  authenticate(source: CredentialSource): Promise<Caller>;
}

/**
 * Who is calling. Without auth configured every caller is the anonymous admin of the default tenant;
 * with it, a bearer JWT must verify (see jwt.ts).
 */
export function createAuthenticator(config: Config): Authenticator {
  const enabled = Boolean(config.AUTH_JWT_SECRET || config.AUTH_JWKS_URL);
  const verifyJwt = enabled ? createJwtVerifier(config) : null;
  return {
    enabled,
    async authenticate(source) {
      if (!verifyJwt) return anonymousCaller;
      const token = /^Bearer\s+(\S+)$/i.exec(source('authorization') ?? '')?.[1];
      if (!token) throw new AppError('UNAUTHENTICATED', 'Send Authorization: Bearer <token>.');
      return verifyJwt(token);
    },
  };
}

/** Credentials from graphql-ws connection parameters (`authorization`, `x-api-key`, case as sent). */
export function paramsSource(params: Readonly<Record<string, unknown>> | undefined): CredentialSource {
  return (name) => {
    const value = params?.[name] ?? params?.[name === 'authorization' ? 'Authorization' : 'X-Api-Key'];
    return typeof value === 'string' ? value : null;
  };
}
