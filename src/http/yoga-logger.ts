import type { YogaLogger } from 'graphql-yoga';
import type { Logger } from '../observability/logger.ts';
import { innermostError, isAppError } from '../schema/errors.ts';

/**
 * yoga's logging on our logger. yoga logs every error its masking rebuilt at level error, the caller's
 * own mistakes included (a NUL in a name, a bad ID): those are expected refusals, logged at debug with
 * their code and no stack, so a client cannot fill the error log and operators see real faults only.
 */
export function yogaLogger(logger: Logger): YogaLogger {
  return {
    debug: (...args: unknown[]) => logger.debug(args.map(String).join(' ')),
    info: (...args: unknown[]) => logger.info(args.map(String).join(' ')),
    warn: (...args: unknown[]) => logger.warn(args.map(String).join(' ')),
    error: (...args: unknown[]) => {
      const [first] = args;
      const inner = innermostError(first);
      if (isAppError(inner)) logger.debug({ code: inner.code }, `request refused: ${inner.message}`);
      else if (first instanceof Error) logger.error({ err: first }, 'request failed unexpectedly');
      else logger.error(args.map(String).join(' '));
    },
  };
}
