import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import type { Config } from '../config/config.ts';
import { AppError } from '../pipeline/errors.ts';
import type { Caller } from './caller.ts';
import { effectiveRoles, isRole, type Role } from './roles.ts';

/** HMAC with AUTH_JWT_SECRET; RSA and EC keys from AUTH_JWKS_URL. Each key kind accepts only its own algorithms. */
const HMAC_ALGORITHMS = ['HS256'];
const JWKS_ALGORITHMS = ['RS256', 'ES256'];
/** Tolerance for clocks that disagree (iat, nbf, exp). */
const CLOCK_TOLERANCE_S = 60;

export type JwtConfig = Pick<
  Config,
  | 'AUTH_JWT_SECRET'
  | 'AUTH_JWKS_URL'
  | 'AUTH_JWT_ISSUER'
  | 'AUTH_JWT_AUDIENCE'
  | 'AUTH_JWT_MAX_TTL_S'
  | 'AUTH_TENANT_CLAIM'
  | 'AUTH_ROLES_CLAIM'
  | 'AUTH_DEFAULT_ROLE'
>;

/** The caller of a bearer JWT, or UNAUTHENTICATED / FORBIDDEN. */
export type JwtVerifier = (token: string) => Promise<Caller>;

const unauthenticated = (): AppError => new AppError('UNAUTHENTICATED', 'The token is invalid or has expired.');

/**
 * Verifies bearer tokens: the algorithm is pinned to the key kind (HS256 only against the secret,
 * RS256/ES256 only against the JWKS, so an HMAC token "signed" with the RSA public key is refused),
 * `exp` and `iat` are required, the lifetime (exp - iat) is at most AUTH_JWT_MAX_TTL_S, `iat`/`nbf`
 * may not lie in the future beyond 60 s, and `iss` and `aud` must match. The JWKS is fetched with
 * jose's cache and cooldown, so unknown `kid`s cannot make it refetch on every request.
 */
export function createJwtVerifier(config: JwtConfig): JwtVerifier {
  const secret = config.AUTH_JWT_SECRET ? new TextEncoder().encode(config.AUTH_JWT_SECRET) : null;
  const jwks = config.AUTH_JWKS_URL ? createRemoteJWKSet(new URL(config.AUTH_JWKS_URL), { cooldownDuration: 30_000, cacheMaxAge: 600_000 }) : null;
  const common = {
    issuer: config.AUTH_JWT_ISSUER ?? '',
    audience: config.AUTH_JWT_AUDIENCE ?? '',
    clockTolerance: CLOCK_TOLERANCE_S,
    requiredClaims: ['exp', 'iat'],
    maxTokenAge: config.AUTH_JWT_MAX_TTL_S,
  };
  const verify = async (token: string): Promise<JWTPayload> => {
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw unauthenticated();
    }
    try {
      if (alg && HMAC_ALGORITHMS.includes(alg) && secret) return (await jwtVerify(token, secret, { ...common, algorithms: HMAC_ALGORITHMS })).payload;
      if (alg && JWKS_ALGORITHMS.includes(alg) && jwks) return (await jwtVerify(token, jwks, { ...common, algorithms: JWKS_ALGORITHMS })).payload;
    } catch {
      throw unauthenticated();
    }
    throw unauthenticated();
  };
  return async (token) => {
    const payload = await verify(token);
    const { exp, iat } = payload as { exp: number; iat: number };
    const now = Date.now() / 1000;
    // jose checks that iat is not too old; a token issued in the future, or living longer than allowed, is refused too.
    if (iat > now + CLOCK_TOLERANCE_S || exp - iat > config.AUTH_JWT_MAX_TTL_S) throw unauthenticated();
    const tenant = payload[config.AUTH_TENANT_CLAIM];
    if (typeof tenant !== 'string' || tenant.length === 0 || tenant.length > 128) throw new AppError('FORBIDDEN', 'The token names no tenant.');
    const claimed = payload[config.AUTH_ROLES_CLAIM] ?? payload['role'];
    const list: unknown[] = Array.isArray(claimed) ? claimed : claimed === undefined ? [] : [claimed];
    const granted: Role[] = list.filter(isRole);
    const subject = typeof payload.sub === 'string' ? payload.sub.slice(0, 200) : null;
    return {
      tenantId: tenant,
      subject,
      kind: 'token',
      roles: effectiveRoles(granted.length > 0 ? granted : [config.AUTH_DEFAULT_ROLE]),
      credentialId: `token:${tenant}:${subject ?? '?'}`,
      expiresAt: new Date(exp * 1000),
    };
  };
}
