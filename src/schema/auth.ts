import { jwtVerify } from 'jose';
import type { Config } from '../config/config.ts';
import { userError } from './errors.ts';

export const DEFAULT_TENANT = 'default';

/**
 * The caller's tenant. Without AUTH_JWT_SECRET every caller is the one default tenant. With it, the
 * bearer token must verify (HS256, and the configured issuer and audience) and name a `tenant`.
 */
export async function tenantOf(config: Pick<Config, 'AUTH_JWT_SECRET' | 'AUTH_JWT_ISSUER' | 'AUTH_JWT_AUDIENCE'>, authorization: string | null | undefined): Promise<string> {
  if (!config.AUTH_JWT_SECRET) return DEFAULT_TENANT;
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!token) throw userError('UNAUTHENTICATED', 'Send Authorization: Bearer <token>.');
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(config.AUTH_JWT_SECRET), {
      algorithms: ['HS256'],
      ...(config.AUTH_JWT_ISSUER ? { issuer: config.AUTH_JWT_ISSUER } : {}),
      ...(config.AUTH_JWT_AUDIENCE ? { audience: config.AUTH_JWT_AUDIENCE } : {}),
    }));
  } catch {
    throw userError('UNAUTHENTICATED', 'The token is invalid or has expired.');
  }
  const tenant = payload['tenant'];
  if (typeof tenant !== 'string' || tenant.length === 0) throw userError('FORBIDDEN', 'The token names no tenant.');
  return tenant;
}
