import { resolveCursorConnection } from '@pothos/plugin-relay';
import type { AuditEvent } from '../db/audit.repository.ts';
import { AppError } from '../pipeline/errors.ts';
import { builder } from './builder.ts';
import { decodeTimeCursor, encodeTimeCursor } from './time-cursor.ts';

const AuditEventRef = builder.objectRef<AuditEvent>('AuditEvent').implement({
  description: 'One row of the append-only audit log: a mutation (or an erasure) of the tenant, who made it and how it ended.',
  fields: (t) => ({
    action: t.exposeString('action', { description: 'The mutation (createPerson, enrollFace, ...) or PERSON_DELETED for the erasure itself.' }),
    actorKind: t.exposeString('actorKind', { description: 'anonymous (no auth), token, apiKey or system.' }),
    actorId: t.exposeString('actorId', { nullable: true, description: "The token's subject or the API key's prefix; never a credential." }),
    requestId: t.exposeString('requestId', { nullable: true, description: 'The x-request-id of the request, or one the server made.' }),
    targetIds: t.exposeStringList('targetIds', { description: 'IDs the operation named or created.' }),
    outcome: t.exposeString('outcome', { description: 'OK or ERROR.' }),
    errorCode: t.exposeString('errorCode', { nullable: true }),
    at: t.expose('at', { type: 'DateTime' }),
  }),
});

const encodeCursor = (e: AuditEvent): string => encodeTimeCursor(e.at, e.id);

builder.queryField('auditEvents', (t) =>
  t.connection({
    type: AuditEventRef,
    authScopes: { admin: true },
    description: "The tenant's audit log, newest first (admins only); `action` keeps one kind.",
    args: { action: t.arg.string({ required: false }) },
    resolve: (_, args, ctx) =>
      resolveCursorConnection<Promise<AuditEvent[]>>({ args, toCursor: encodeCursor, defaultSize: 20, maxSize: 100 }, async ({ after, limit, inverted }) => {
        if (inverted) throw new AppError('BAD_USER_INPUT', 'auditEvents pages forward only: use first/after.');
        return ctx.services.audit.page({ tenantId: ctx.tenantId, action: args.action?.slice(0, 100) ?? null, after: decodeTimeCursor(after), limit });
      }),
  }),
);
