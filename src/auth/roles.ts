/** What a caller may do; each role includes the ones after it. */
export const roles = ['admin', 'operator', 'viewer'] as const;
export type Role = (typeof roles)[number];

/**
 * admin: API keys, settings, deletions, the audit log, embeddings; operator: analyse, enroll, identify,
 * verify; viewer: read results and subscribe.
 */
const includes: Readonly<Record<Role, readonly Role[]>> = {
  admin: ['admin', 'operator', 'viewer'],
  operator: ['operator', 'viewer'],
  viewer: ['viewer'],
};

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (roles as readonly string[]).includes(value);

/** Every role a set of granted roles amounts to. */
export function effectiveRoles(granted: readonly Role[]): Set<Role> {
  return new Set(granted.flatMap((role) => includes[role]));
}
