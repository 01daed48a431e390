import type { Command } from 'commander';
import { fileFromPath } from '../../client/node.ts';
import { fixed, formatBox, NONE, percent, renderTable } from '../format.ts';
import { ExitCode, UsageError, writeLine, type CommandContext } from '../io.ts';

/** verify's exit code when the two faces are not the same person (0: match, 1: an error). */
export const EXIT_NO_MATCH = 2;

const readImage = (path: string): Promise<File> =>
  fileFromPath(path).catch((error: unknown) => {
    throw new UsageError(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  });

function numberOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new UsageError(`${name} must be a number`);
  return n;
}

export function registerIdentify(program: Command, context: () => CommandContext): void {
  program
    .command('identify')
    .description("who is in the image: each face's best matches in the gallery, MATCH or UNKNOWN at the threshold (exit 0 either way)")
    .argument('<file>', 'an image')
    .option('--top-k <n>', 'candidates per face', '3')
    .option('--threshold <t>', "this request's threshold (default: the tenant's, else the server's)")
    .option('--json', 'print the answer as JSON only')
    .action(async (path: string, options: { topK: string; threshold?: string; json?: boolean }) => {
      const ctx = context();
      const topK = numberOption(options.topK, '--top-k');
      const threshold = numberOption(options.threshold, '--threshold');
      const image = await readImage(path);
      const answer = await ctx.client().identifyFaces(image, { ...(topK === undefined ? {} : { topK }), ...(threshold === undefined ? {} : { threshold }) });
      if (options.json) {
        writeLine(ctx.io.stdout, JSON.stringify(answer, null, 2));
        return;
      }
      writeLine(
        ctx.io.stdout,
        `threshold ${fixed(answer.threshold, 3)} (${answer.thresholdSource}): never-enrolled people matched ${percent(answer.falseAcceptRate)}, enrolled people missed ${percent(answer.falseRejectRate)} (${answer.measuredOn})`,
      );
      if (answer.faces.length === 0) {
        writeLine(ctx.io.stdout, 'no face found');
        return;
      }
      const rows = answer.faces.map((f, i) => [
        String(i + 1),
        formatBox(f.face.box),
        f.decision,
        f.decision === 'MATCH' && f.person ? f.person.name : NONE,
        fixed(f.similarity, 3),
        fixed(f.margin, 3),
        f.candidates.map((c) => `${c.person.name} ${fixed(c.similarity, 3)}`).join('; ') || NONE,
      ]);
      writeLine(ctx.io.stdout, renderTable(['face', 'box', 'decision', 'person', 'similarity', 'margin', 'candidates'], rows));
    });
}

export function registerVerify(program: Command, context: () => CommandContext): void {
  program
    .command('verify')
    .description(`are the main faces of two images the same person? exit 0: match, ${EXIT_NO_MATCH}: no match, 1: error`)
    .argument('<a>', 'an image')
    .argument('<b>', 'another image')
    .option('--json', 'print the answer as JSON only')
    .action(async (a: string, b: string, options: { json?: boolean }) => {
      const ctx = context();
      const [imageA, imageB] = await Promise.all([readImage(a), readImage(b)]);
      const answer = await ctx.client().verifyFaces(imageA, imageB);
      if (options.json) writeLine(ctx.io.stdout, JSON.stringify(answer, null, 2));
      else
        writeLine(
          ctx.io.stdout,
          `${answer.match ? 'MATCH' : 'NO MATCH'}: similarity ${fixed(answer.similarity, 3)}, threshold ${fixed(answer.threshold, 3)} (${answer.thresholdSource}; ` +
            `false accepts ${percent(answer.falseAcceptRate)}, false rejects ${percent(answer.falseRejectRate)} at it)`,
        );
      if (!answer.match) throw new ExitCode(EXIT_NO_MATCH);
    });
}
