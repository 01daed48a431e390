import type { Command } from 'commander';
import { fixed, formatBox } from '../format.ts';
import { writeLine, type CommandContext } from '../io.ts';

export function registerWatch(program: Command, context: () => CommandContext): void {
  const watch = program.command('watch').description('follow a live stream of the server');
  watch
    .command('liveness')
    .description('print every liveness verdict of the tenant as it is decided, until Ctrl-C (live only: nothing from before)')
    .option('--json', 'one JSON object per line')
    .action(async (options: { json?: boolean }) => {
      const ctx = context();
      const client = ctx.client();
      // The subscription retries forever while the server is away: check first that it answers at all.
      const info = await client.serverInfo();
      if (!options.json) writeLine(ctx.io.stderr, `watching liveness verdicts on ${ctx.url} (${info.mode} mode); Ctrl-C to stop`);
      const verdicts = client.watchLiveness();
      const stop = (): void => void verdicts.return?.();
      ctx.signal.addEventListener('abort', stop, { once: true });
      try {
        for await (const v of verdicts) {
          if (options.json) writeLine(ctx.io.stdout, JSON.stringify(v));
          else
            writeLine(
              ctx.io.stdout,
              `${v.at}  ${v.verdict.padEnd(9)} ${fixed(v.score)}  face #${v.faceIndex + 1} ${formatBox(v.face.box)}  session ${v.sessionId}`,
            );
        }
      } finally {
        ctx.signal.removeEventListener('abort', stop);
      }
    });
}
