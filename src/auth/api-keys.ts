import { AppError } from '../pipeline/errors.ts';
import { apiKeyMatches, parseApiKey } from './api-key-format.ts';
import type { Caller } from './caller.ts';
import { effectiveRoles, isRole } from './roles.ts';

/** A stored key as authentication needs it (the repository's rows have this shape). */
export interface StoredApiKey {
  id: string;
  tenantId: string;
  role: string;
  prefix: string;
  hash: string;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

/** Where keys are looked up: the database, through ApiKeysRepository. */
export interface ApiKeyStore {
  findByPrefix(prefix: string): Promise<StoredApiKey | null>;
  touch(key: StoredApiKey, at: Date): Promise<void>;
}

/** Malformed, unknown, revoked and expired keys get this same answer: a prober learns nothing about which. */
const refused = (): AppError => new AppError('UNAUTHENTICATED', 'The API key is invalid, expired or revoked.');

const usable = (key: StoredApiKey | null, now: Date): key is StoredApiKey => key !== null && !key.revokedAt && key.expiresAt > now;

export interface ApiKeyVerifier {
  /** The caller of a key, or UNAUTHENTICATED. */
  verify(secret: string): Promise<Caller>;
  /** Whether the key a caller authenticated with is still usable (a socket closes when it is not). */
  stillValid(caller: Caller): Promise<boolean>;
}

export function createApiKeyVerifier(store: ApiKeyStore): ApiKeyVerifier {
  return {
    async verify(secret) {
      const now = new Date();
      const prefix = parseApiKey(secret);
      if (!prefix) throw refused();
      const key = await store.findByPrefix(prefix);
      if (!usable(key, now) || !apiKeyMatches(secret, key.hash) || !isRole(key.role)) throw refused();
      await store.touch(key, now);
      const caller: Caller = {
        tenantId: key.tenantId,
        subject: key.prefix,
        kind: 'apiKey',
        roles: effectiveRoles([key.role]),
        credentialId: `key:${key.prefix}`,
        expiresAt: key.expiresAt,
      };
      return caller;
    },
    async stillValid(caller) {
      // The secret was checked when the caller authenticated; only revocation and expiry can change since.
      if (caller.kind !== 'apiKey' || !caller.subject) return true;
      return usable(await store.findByPrefix(caller.subject), new Date());
    },
  };
}
