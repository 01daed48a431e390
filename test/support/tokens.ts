import { SignJWT } from 'jose';

/** The auth settings the API tests run with (HS256; issuer and audience are required whenever auth is on). */
export const TEST_SECRET = 'test-secret-that-is-at-least-32-characters-long';
export const AUTH_ENV = { AUTH_JWT_SECRET: TEST_SECRET, AUTH_JWT_ISSUER: 'https://issuer.test', AUTH_JWT_AUDIENCE: 'facesocial-test' } as const;

/** A token as the test issuer signs it: iat now, 10 minutes, the test issuer and audience, unless `options` say otherwise. */
export async function signToken(claims: Record<string, unknown>, options: { secret?: string; expiresIn?: string } = {}): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setIssuer(AUTH_ENV.AUTH_JWT_ISSUER)
    .setAudience(AUTH_ENV.AUTH_JWT_AUDIENCE)
    .setExpirationTime(options.expiresIn ?? '10m')
    .sign(new TextEncoder().encode(options.secret ?? TEST_SECRET));
}

export const bearer = async (claims: Record<string, unknown>): Promise<Record<string, string>> => ({ authorization: `Bearer ${await signToken(claims)}` });
