import { encodeGlobalID, resolveCursorConnection } from '@pothos/plugin-relay';
import { createApiKey, revokeApiKey, type CreatedApiKey } from '../analysis/api-keys.ts';
import { roles, type Role } from '../auth/roles.ts';
import type { ApiKey } from '../db/api-keys.repository.ts';
import { AppError } from '../pipeline/errors.ts';
import { builder } from './builder.ts';
import { parseId } from './ids.ts';
import { decodeTimeCursor, encodeTimeCursor } from './time-cursor.ts';

const RoleEnum = builder.enumType('Role', {
  description: 'What a credential may do; each role includes the ones after it.',
  values: {
    ADMIN: { value: 'admin', description: 'API keys, settings, deletions, the audit log, embeddings; and all an operator may do.' },
    OPERATOR: { value: 'operator', description: 'Analyse, enroll, identify and verify; and all a viewer may do.' },
    VIEWER: { value: 'viewer', description: 'Read results and subscribe.' },
  } satisfies Record<string, { value: Role; description: string }>,
});

const ApiKeyRef = builder.objectRef<ApiKey>('ApiKey').implement({
  description:
    'A credential for servers and scripts (send it as `x-api-key: <key>` or `Authorization: Bearer <key>`). The secret is shown once, by createApiKey.',
  fields: (t) => ({
    id: t.id({ resolve: (k) => encodeGlobalID('ApiKey', k.id) }),
    name: t.exposeString('name'),
    role: t.field({ type: RoleEnum, resolve: (k) => roles.find((r) => r === k.role) ?? 'viewer' }),
    prefix: t.exposeString('prefix', { description: 'The first 12 characters of the key: how to recognise it in listings and logs.' }),
    createdBy: t.exposeString('createdBy', { nullable: true, description: 'The subject of the credential that created it.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true, description: 'To the minute.' }),
  }),
});

const CreatedApiKeyRef = builder.objectRef<CreatedApiKey>('CreatedApiKey').implement({
  fields: (t) => ({
    apiKey: t.field({ type: ApiKeyRef, resolve: (c) => c.apiKey }),
    secret: t.exposeString('secret', { description: 'The whole key. It is not stored and cannot be shown again: keep it now.' }),
  }),
});

const encodeCursor = (k: ApiKey): string => encodeTimeCursor(k.createdAt, k.id);
function decodeCursor(cursor: string | undefined): { createdAt: Date; id: string } | null {
  const decoded = decodeTimeCursor(cursor);
  return decoded && { createdAt: decoded.at, id: decoded.id };
}

builder.queryField('apiKeys', (t) =>
  t.connection({
    type: ApiKeyRef,
    authScopes: { admin: true },
    description: "The tenant's API keys, newest first (admins only); revoked ones with `includeRevoked`.",
    args: { includeRevoked: t.arg.boolean({ required: false, defaultValue: false }) },
    resolve: (_, args, ctx) =>
      resolveCursorConnection<Promise<ApiKey[]>>({ args, toCursor: encodeCursor, defaultSize: 20, maxSize: 100 }, async ({ after, limit, inverted }) => {
        if (inverted) throw new AppError('BAD_USER_INPUT', 'apiKeys pages forward only: use first/after.');
        return ctx.services.apiKeys.page({ tenantId: ctx.tenantId, includeRevoked: args.includeRevoked ?? false, after: decodeCursor(after), limit });
      }),
  }),
);

builder.mutationField('createApiKey', (t) =>
  t.field({
    type: CreatedApiKeyRef,
    authScopes: { admin: true },
    description:
      "Creates an API key for the caller's tenant (admins only). `expiresAt` defaults to API_KEY_DEFAULT_TTL_DAYS ahead and may be at most API_KEY_MAX_TTL_DAYS ahead. " +
      'The answer holds the secret, once; only its SHA-256 and prefix are stored. To rotate a key, create its successor, deploy it, then revoke the old one.',
    args: {
      name: t.arg.string({ required: true, description: 'What the key is for (shown in listings).' }),
      role: t.arg({ type: RoleEnum, required: true }),
      expiresAt: t.arg({ type: 'DateTime', required: false }),
    },
    resolve: (_, args, ctx) => createApiKey(ctx, args),
  }),
);

builder.mutationField('revokeApiKey', (t) =>
  t.field({
    type: ApiKeyRef,
    authScopes: { admin: true },
    description:
      'Revokes a key (admins only): the next request with it is refused, and its open sockets close within WS_CREDENTIAL_RECHECK_MS. Revoking twice keeps the first time.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_, { id }, ctx) => revokeApiKey(ctx, parseId(id, 'ApiKey')),
  }),
);
