import type { DocumentNode, FieldNode, GraphQLError, OperationDefinitionNode, SelectionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import { graphqlRuntime } from './graphql-runtime.ts';
import type { AuditRepository } from '../db/audit.repository.ts';
import type { Context } from '../schema/context.ts';
import { errorCodeOf } from '../schema/errors.ts';

const { Kind } = graphqlRuntime;

/** Arguments whose values are the IDs an operation targets. Files, names and thresholds are never recorded. */
const idArguments = new Set(['id', 'personId', 'sessionId', 'batchId']);
const MAX_ID_LENGTH = 200;

/** The `id` of a mutation's answer and of the objects directly in it (createApiKey's `apiKey`), if selected. */
function createdIds(answer: unknown): string[] {
  if (typeof answer !== 'object' || answer === null) return [];
  const own = (answer as { id?: unknown }).id;
  const children = Object.values(answer).map((child) => (typeof child === 'object' && child !== null ? (child as { id?: unknown }).id : undefined));
  return [own, ...children].filter((id): id is string => typeof id === 'string');
}

/**
 * The audit log: every mutation, over HTTP or graphql-ws, writes one append-only row per root field
 * once it has run: the action (the field's name), who (actor kind and the token's subject, never a
 * credential), the request ID (`x-request-id` or a fresh one), the IDs it named or created, and how it
 * ended (OK, or ERROR with the code). Writing the row never fails the mutation: a failure is logged.
 */
export function useAuditLog(audit: AuditRepository, logger: Logger): Plugin {
  return {
    onExecute({ args }) {
      const document = args.document as DocumentNode;
      const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
      if (operation?.operation !== graphqlRuntime.OperationTypeNode.MUTATION) return;
      const ctx = args.contextValue as unknown as Context & { request?: Request };
      const variables = (args.variableValues ?? {}) as Record<string, unknown>;
      const fields = operation.selectionSet.selections.filter((s: SelectionNode): s is FieldNode => s.kind === Kind.FIELD);
      const { requestId } = ctx;
      return {
        async onExecuteDone({ result }) {
          if (!('data' in result) && !('errors' in result)) return;
          const errors = (result as { errors?: readonly GraphQLError[] }).errors ?? [];
          const data = (result as { data?: Record<string, unknown> | null }).data ?? {};
          for (const field of fields) {
            const key = field.alias?.value ?? field.name.value;
            const targets = new Set<string>();
            for (const argument of field.arguments ?? []) {
              if (!idArguments.has(argument.name.value)) continue;
              const value =
                argument.value.kind === Kind.VARIABLE
                  ? variables[argument.value.name.value]
                  : argument.value.kind === Kind.STRING
                    ? argument.value.value
                    : null;
              if (typeof value === 'string') targets.add(value.slice(0, MAX_ID_LENGTH));
            }
            for (const id of createdIds(data[key])) targets.add(id);
            const error = errors.find((e) => e.path?.[0] === key) ?? (data[key] === undefined ? errors[0] : undefined);
            await audit
              .record({
                tenantId: ctx.tenantId,
                action: field.name.value,
                actorKind: ctx.caller.kind,
                actorId: ctx.caller.subject,
                requestId,
                targetIds: [...targets],
                outcome: error ? 'ERROR' : 'OK',
                // Errors are not masked yet here: errorCodeOf reads the AppError inside.
                errorCode: error ? errorCodeOf(error) : null,
              })
              .catch((e: unknown) => logger.error({ err: e, action: field.name.value }, 'audit row not written'));
          }
        },
      };
    },
  };
}
