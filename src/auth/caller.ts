import { jwtVerify } from 'jose';
import type { Config } from '../config/config.ts';
import { AppError } from '../pipeline/errors.ts';

const DEFAULT_TENANT = 'default';

export interface Caller {
  tenantId: string;
  /** The token's `sub`, recorded with changes to settings (null without auth). */
  subject: string | null;
  /** May change the tenant's settings: a token with role "admin" (or "admin" in `roles`); everyone without auth. */
  admin: boolean;
}

/**
 * The caller. Without AUTH_JWT_SECRET every caller is an admin of the one default tenant. With it, the
 * bearer token must verify (HS256, and the configured issuer and audience) and name a `tenant`.
 */
export async function callerOf(
  config: Pick<Config, 'AUTH_JWT_SECRET' | 'AUTH_JWT_ISSUER' | 'AUTH_JWT_AUDIENCE'>,
  authorization: string | null | undefined,
): Promise<Caller> {
  if (!config.AUTH_JWT_SECRET) return { tenantId: DEFAULT_TENANT, subject: null, admin: true };
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!token) throw new AppError('UNAUTHENTICATED', 'Send Authorization: Bearer <token>.');
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(config.AUTH_JWT_SECRET), {
      algorithms: ['HS256'],
      ...(config.AUTH_JWT_ISSUER ? { issuer: config.AUTH_JWT_ISSUER } : {}),
      ...(config.AUTH_JWT_AUDIENCE ? { audience: config.AUTH_JWT_AUDIENCE } : {}),
    }));
  } catch {
    throw new AppError('UNAUTHENTICATED', 'The token is invalid or has expired.');
  }
  const tenant = payload['tenant'];
  if (typeof tenant !== 'string' || tenant.length === 0) throw new AppError('FORBIDDEN', 'The token names no tenant.');
  const roles = Array.isArray(payload['roles']) ? payload['roles'] : [payload['role']];
  return { tenantId: tenant, subject: typeof payload.sub === 'string' ? payload.sub : null, admin: roles.includes('admin') };
}
