import { basename } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { FaceSocialClient, Person } from '../../client/index.ts';
import { fileFromPath } from '../../client/node.ts';
import { fileErrorReason, FileReadError, isFileError } from '../errors.ts';
import { renderTable } from '../format.ts';
import { expandPaths } from '../inputs.ts';
import { ExitCode, writeLine, type CommandContext } from '../io.ts';

interface EnrollOptions {
  person: string;
  externalId?: string;
  checkLiveness?: boolean;
  json?: boolean;
}

interface Refusal {
  file: string;
  code: string;
  reason: string;
}

/** The person with exactly this name (the persons search matches parts of names), or a new one. */
async function findOrCreatePerson(
  client: FaceSocialClient,
  name: string,
  externalId: string | undefined,
  warn: (line: string) => void,
): Promise<{ person: Person; created: boolean }> {
  const matches: Person[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await client.persons({ search: name, first: 100, ...(after ? { after } : {}) });
    matches.push(...page.persons.filter((p) => p.name === name));
    if (!page.hasNextPage || !page.endCursor) break;
    after = page.endCursor;
  }
  const [first] = matches;
  if (first) {
    if (matches.length > 1) warn(`${matches.length} persons are named "${name}": enrolling to the first one listed (${first.id})`);
    return { person: first, created: false };
  }
  return { person: await client.createPerson(name, externalId), created: true };
}

export function registerEnroll(program: Command, context: () => CommandContext): void {
  program
    .command('enroll')
    .description(
      'enroll every image of a folder (or the files given) to a person, created if no person has that name; exit 0 if at least one image was enrolled',
    )
    .requiredOption('--person <name>', "the person's name")
    .option('--external-id <id>', 'your own ID for the person, when it is created')
    .option('--check-liveness', 'refuse faces not judged LIVE (LIVENESS_FAILED)')
    .option('--json', 'print the outcome as JSON only')
    .argument('<paths...>', 'a folder of photos of the person, or image files')
    .action(async (paths: string[], options: EnrollOptions) => {
      const ctx = context();
      const files = await expandPaths(paths);
      const client = ctx.client();
      const { person, created } = await findOrCreatePerson(client, options.person, options.externalId, (line) => writeLine(ctx.io.stderr, `warning: ${line}`));

      const bar =
        options.json || !ctx.io.stderr.isTTY
          ? null
          : new cliProgress.SingleBar(
              { stream: ctx.io.stderr, format: ' enrolling [{bar}] {value}/{total}  {file}', hideCursor: true },
              cliProgress.Presets.shades_classic,
            );
      bar?.start(files.length, 0, { file: '' });
      const enrolled: { file: string; faceId: string; quality: number | null }[] = [];
      const refused: Refusal[] = [];
      try {
        for (const path of files) {
          bar?.update({ file: basename(path) });
          try {
            const file = await fileFromPath(path).catch((error: unknown) => {
              throw new FileReadError(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
            });
            const face = await client.enrollFace(person.id, file, options.checkLiveness ? { checkLiveness: true } : {});
            enrolled.push({ file: path, faceId: face.id, quality: face.quality?.score ?? null });
          } catch (error) {
            if (!isFileError(error)) throw error;
            refused.push({ file: path, code: error.code, reason: fileErrorReason(error) });
          }
          bar?.increment();
        }
      } finally {
        bar?.stop();
      }

      if (options.json) {
        writeLine(ctx.io.stdout, JSON.stringify({ person: { ...person, created }, enrolled, refused }, null, 2));
      } else {
        writeLine(
          ctx.io.stdout,
          `${created ? 'Created' : 'Found'} person "${person.name}" (${person.id}). Enrolled ${enrolled.length} of ${files.length} image(s); refused ${refused.length}.`,
        );
        if (refused.length > 0) {
          writeLine(ctx.io.stdout, '');
          writeLine(
            ctx.io.stdout,
            renderTable(
              ['refused', 'code', 'reason'],
              refused.map((r) => [r.file, r.code, r.reason]),
            ),
          );
        }
      }
      if (enrolled.length === 0) throw new ExitCode(1);
    });
}
