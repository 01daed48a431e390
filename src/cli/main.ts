/**
 * `facesocial`: the command line (bin/facesocial.js runs this file through tsx). The one module of
 * src/cli that reads the process: its argv, its environment (FACESOCIAL_URL, FACESOCIAL_TOKEN,
 * FACESOCIAL_API_KEY), its streams and its signals.
 */
import { runCli } from './program.ts';

const controller = new AbortController();
let interrupted = false;
const onSignal = (): void => {
  // A second Ctrl-C leaves at once.
  if (interrupted) process.exit(130);
  interrupted = true;
  controller.abort();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const { FACESOCIAL_URL, FACESOCIAL_TOKEN, FACESOCIAL_API_KEY } = process.env;
const code = await runCli(
  process.argv.slice(2),
  { FACESOCIAL_URL, FACESOCIAL_TOKEN, FACESOCIAL_API_KEY },
  { stdout: process.stdout, stderr: process.stderr },
  controller.signal,
);
// Ctrl-C ends `watch liveness` normally (exit 0); elsewhere it is an interruption.
process.exitCode = code;
process.off('SIGINT', onSignal);
process.off('SIGTERM', onSignal);
