import type { IncomingMessage, Server } from 'node:http';
import type { DocumentNode, ExecutionArgs, GraphQLError as GraphQLErrorType, GraphQLSchema, execute, subscribe } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import { paramsSource, type Authenticator } from '../auth/authenticate.ts';
import type { Caller } from '../auth/caller.ts';
import type { Config } from '../config/config.ts';
import { AppError } from '../pipeline/errors.ts';
import type { Context } from '../schema/context.ts';
import { authenticateGuarded, type AuthFailureGuard } from './authentication.plugin.ts';
import { graphqlRuntime } from './graphql-runtime.ts';

const { GraphQLError } = graphqlRuntime;

/** What yoga's envelop hands graphql-ws per operation (its own typings leave these `any`). */
interface Enveloped {
  schema: GraphQLSchema;
  execute: (args: ExecutionArgs) => ReturnType<typeof execute>;
  subscribe: (args: ExecutionArgs) => ReturnType<typeof subscribe>;
  contextFactory: () => unknown;
  parse: (source: string) => DocumentNode;
  validate: (schema: GraphQLSchema, document: DocumentNode) => readonly GraphQLErrorType[];
}

/** What each socket carries: the caller its connection authenticated as. */
export type SocketExtra = {
  socket: WebSocket;
  request: IncomingMessage;
  caller?: Caller;
};

/** graphql-ws close codes: refused credentials and expired tokens (4403), too many sockets for a tenant (4429). */
const CLOSE_FORBIDDEN = 4403;
const CLOSE_TOO_MANY = 4429;
/** setTimeout's longest delay (about 24.8 days); a key that expires later is closed by the re-check. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

const operationError = (code: string, message: string): GraphQLErrorType => new GraphQLError(message, { extensions: { code } });

/**
 * Errors for graphql-ws, which checks `instanceof GraphQLError` against its own copy of graphql: the
 * schema's validation may have built them with the other copy (CommonJS vs ESM), so they are rebuilt.
 */
const forWs = (errors: readonly unknown[]): GraphQLErrorType[] =>
  errors.map((e) => {
    const { message, extensions, locations } = e as { message?: unknown; extensions?: Record<string, unknown>; locations?: unknown };
    const error = new GraphQLError(typeof message === 'string' ? message : 'Invalid operation.', { extensions: extensions ?? {} });
    return Object.assign(error, { locations });
  });

/**
 * graphql-ws on the yoga endpoint. Credentials are checked once, in `onConnect` (the `authorization`
 * or `x-api-key` connection parameter): a refused connection closes with 4403 and never runs an
 * operation. A socket closes (4403) when its token or key expires or its key is revoked (re-checked every WS_CREDENTIAL_RECHECK_MS), at most WS_MAX_SOCKETS_PER_TENANT sockets
 * per tenant are open (4429) and each carries at most WS_MAX_SUBSCRIPTIONS_PER_SOCKET operations.
 * Operations go through the same envelop as HTTP (query limits, masking, rate limits); a parse or
 * validation rejection is an `error` message for that operation and the socket stays open.
 */
export function attachGraphqlWs(deps: {
  server: Server;
  yoga: YogaServerInstance<Record<string, unknown>, Context>;
  authenticator: Authenticator;
  guard: AuthFailureGuard | null;
  config: Config;
  logger: Logger;
}): WebSocketServer {
  const { yoga, authenticator, guard, config, logger } = deps;
  const wsServer = new WebSocketServer({ server: deps.server, path: yoga.graphqlEndpoint });
  const socketsPerTenant = new Map<string, number>();
  useServer<Record<string, unknown> | undefined, SocketExtra>(
    {
      execute: (args) => (args.rootValue as Pick<Enveloped, 'execute'>).execute(args),
      subscribe: (args) => (args.rootValue as Pick<Enveloped, 'subscribe'>).subscribe(args),
      onConnect: async (ctx) => {
        const { socket, request } = ctx.extra;
        const address = request.socket.remoteAddress ?? 'unknown';
        let caller: Caller;
        try {
          caller = await authenticateGuarded(authenticator, guard, paramsSource(ctx.connectionParams), address);
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          logger.info({ code: error.code, address }, 'graphql-ws connection refused');
          return false;
        }
        const open = socketsPerTenant.get(caller.tenantId) ?? 0;
        if (open >= config.WS_MAX_SOCKETS_PER_TENANT) {
          socket.close(CLOSE_TOO_MANY, 'Too many connections for this tenant');
          return false;
        }
        socketsPerTenant.set(caller.tenantId, open + 1);
        ctx.extra.caller = caller;
        const untilExpiry = caller.expiresAt ? Math.max(0, caller.expiresAt.getTime() - Date.now()) : null;
        const expiry =
          untilExpiry !== null && untilExpiry <= MAX_TIMEOUT_MS ? setTimeout(() => socket.close(CLOSE_FORBIDDEN, 'Credentials expired'), untilExpiry) : null;
        expiry?.unref();
        // An API key can be revoked at any time: re-check it, and close the socket once it no longer holds.
        const recheck =
          caller.kind === 'apiKey'
            ? setInterval(() => {
                authenticator
                  .stillValid(caller)
                  .then((valid) => {
                    if (!valid) socket.close(CLOSE_FORBIDDEN, 'API key revoked or expired');
                  })
                  .catch((error: unknown) => logger.warn({ err: error }, 'could not re-check an API key; the socket stays open until the next check'));
              }, config.WS_CREDENTIAL_RECHECK_MS)
            : null;
        recheck?.unref();
        socket.once('close', () => {
          if (expiry) clearTimeout(expiry);
          if (recheck) clearInterval(recheck);
          const left = (socketsPerTenant.get(caller.tenantId) ?? 1) - 1;
          if (left > 0) socketsPerTenant.set(caller.tenantId, left);
          else socketsPerTenant.delete(caller.tenantId);
        });
        return true;
      },
      onSubscribe: async (ctx, _id, payload) => {
        // graphql-ws has already registered this operation's ID when onSubscribe runs: it counts itself.
        if (Object.keys(ctx.subscriptions).length > config.WS_MAX_SUBSCRIPTIONS_PER_SOCKET) {
          return [operationError('RATE_LIMITED', `At most ${config.WS_MAX_SUBSCRIPTIONS_PER_SOCKET} operations per socket at once.`)];
        }
        const enveloped: Enveloped = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          connectionParams: ctx.connectionParams,
          params: payload,
        });
        const { schema: envelopedSchema, execute, subscribe, contextFactory, parse, validate } = enveloped;
        let document: DocumentNode;
        try {
          document = parse(payload.query);
        } catch (error) {
          // A syntax error or an over-long operation (token limit): an error for it, not a dropped socket.
          return error instanceof Error ? forWs([error]) : [operationError('GRAPHQL_PARSE_FAILED', 'The operation could not be parsed.')];
        }
        let errors: readonly GraphQLErrorType[];
        try {
          errors = validate(envelopedSchema, document);
        } catch (error) {
          return error instanceof Error ? forWs([error]) : [operationError('GRAPHQL_VALIDATION_FAILED', 'The operation could not be validated.')];
        }
        if (errors.length > 0) return forWs(errors);
        let contextValue: unknown;
        try {
          contextValue = await contextFactory();
        } catch (error) {
          return error instanceof Error && 'extensions' in error ? forWs([error]) : [operationError('INTERNAL', 'Unexpected error.')];
        }
        return {
          schema: envelopedSchema,
          operationName: payload.operationName,
          document,
          variableValues: payload.variables,
          contextValue,
          rootValue: { execute, subscribe },
        };
      },
    },
    wsServer,
  );
  return wsServer;
}
