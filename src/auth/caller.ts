import { effectiveRoles, type Role } from './roles.ts';

const DEFAULT_TENANT = 'default';

/** Who sent a request, as the credential said: every query is scoped to `tenantId`. */
export interface Caller {
  tenantId: string;
  /** The token's `sub`, or the API key's prefix (recorded with changes and in the audit log); null without auth. */
  subject: string | null;
  /** How the caller proved it: no auth configured, a JWT, or an API key. */
  kind: 'anonymous' | 'token' | 'apiKey';
  /** Granted roles and what they include. */
  roles: ReadonlySet<Role>;
  /** A stable key for per-credential limits: `token:<tenant>:<sub>`, `key:<prefix>`, or `anonymous`. */
  credentialId: string;
  /** When the credential stops being valid (a token's `exp`); a WebSocket closes then. */
  expiresAt: Date | null;
}

export const isAdmin = (caller: Caller): boolean => caller.roles.has('admin');

/** Without auth every caller is an admin of the one default tenant (local use only). */
export const anonymousCaller: Caller = {
  tenantId: DEFAULT_TENANT,
  subject: null,
  kind: 'anonymous',
  roles: effectiveRoles(['admin']),
  credentialId: 'anonymous',
  expiresAt: null,
};
