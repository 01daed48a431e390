import type { FaceSocialClient } from '../client/index.ts';

/** Where the CLI writes: stdout for results (a table or JSON), stderr for progress bars, warnings and errors. */
export interface CliIO {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

/** What main.ts reads from the process: the only place in src/cli that touches process.env and argv. */
export interface CliEnvironment {
  FACESOCIAL_URL?: string | undefined;
  FACESOCIAL_TOKEN?: string | undefined;
  FACESOCIAL_API_KEY?: string | undefined;
}

/** The connection every command gets from the global options. */
export interface CommandContext {
  io: CliIO;
  url: string;
  hasCredential: boolean;
  /** Aborted on Ctrl-C (SIGINT) or SIGTERM. */
  signal: AbortSignal;
  client(): FaceSocialClient;
}

/** A mistake in how the command was called (printed without "error:" detail, exit 1). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A failure the command already reported (rows, summary): only its exit code is left to set. */
export class ExitCode extends Error {
  override readonly name = 'ExitCode';
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

export const writeLine = (stream: NodeJS.WriteStream, line = ''): void => {
  stream.write(`${line}\n`);
};
