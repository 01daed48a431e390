import { ConfigError } from '../config/config.ts';

/**
 * Ends a process (API or worker) that could not start. A failure a person fixes by hand (bad
 * configuration, missing or mismatched model files) prints its message alone; anything else its stack.
 */
export function exitOnStartupFailure(error: unknown): never {
  const expected = error instanceof ConfigError || (error instanceof Error && ['ModelFileError', 'ModelProfileError'].includes(error.name));
  console.error(expected ? error.message : error);
  process.exit(1);
}
