import { Command, CommanderError } from 'commander';
import { createClient, type FaceSocialClient } from '../client/index.ts';
import { registerAnalyze } from './commands/analyze.ts';
import { registerEnroll } from './commands/enroll.ts';
import { EXIT_NO_MATCH, registerIdentify, registerVerify } from './commands/recognize.ts';
import { registerVideo } from './commands/video.ts';
import { registerWatch } from './commands/watch.ts';
import { describeError } from './errors.ts';
import { ExitCode, UsageError, writeLine, type CliEnvironment, type CliIO, type CommandContext } from './io.ts';

const DEFAULT_URL = 'http://127.0.0.1:4000/graphql';

interface GlobalOptions {
  url?: string;
  token?: string;
  apiKey?: string;
}

function checkUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--url is not a URL: ${url}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new UsageError(`--url must be http:// or https://: ${url}`);
  return url;
}

/**
 * Runs the `facesocial` command line and resolves with its exit code: 0 done, 1 a failure (a readable
 * message on stderr, never a stack), 2 `verify` said the faces do not match. Everything it reads from
 * the process comes in as arguments (main.ts is the one module that touches process).
 */
export async function runCli(argv: readonly string[], env: CliEnvironment, io: CliIO, signal: AbortSignal): Promise<number> {
  const program = new Command('facesocial')
    .description('FaceSocial from the command line: analyse images and videos, enroll persons, identify and verify faces, watch live verdicts.')
    .option('--url <url>', `the GraphQL endpoint (env FACESOCIAL_URL, default ${DEFAULT_URL})`)
    .option('--token <jwt>', 'a JWT (env FACESOCIAL_TOKEN)')
    .option('--api-key <key>', 'an API key (env FACESOCIAL_API_KEY)')
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', `\nExit codes: 0 done, 1 failure (a file that failed, nothing enrolled, server or usage errors), ${EXIT_NO_MATCH} verify: no match.`)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  let client: FaceSocialClient | undefined;
  let url = DEFAULT_URL;
  let hasCredential = false;
  const context = (): CommandContext => {
    const options = program.opts<GlobalOptions>();
    url = checkUrl(options.url ?? env.FACESOCIAL_URL ?? DEFAULT_URL);
    const token = options.token ?? env.FACESOCIAL_TOKEN;
    const apiKey = options.apiKey ?? env.FACESOCIAL_API_KEY;
    hasCredential = Boolean(token || apiKey);
    return {
      io,
      url,
      hasCredential,
      signal,
      client: () => (client ??= createClient({ url, token, apiKey })),
    };
  };
  registerAnalyze(program, context);
  registerEnroll(program, context);
  registerIdentify(program, context);
  registerVerify(program, context);
  registerVideo(program, context);
  registerWatch(program, context);
  for (const command of program.commands) command.exitOverride();

  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof ExitCode) return error.code;
    // Ctrl-C while waiting for the server: not an error.
    if (signal.aborted) return 130;
    writeLine(io.stderr, `facesocial: ${describeError(error, { url, hasCredential })}`);
    return 1;
  } finally {
    await client?.close();
  }
}
