import { basename } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { AnalysisSession, FaceSocialClient, Stage } from '../../client/index.ts';
import { fileFromPath } from '../../client/node.ts';
import { fileErrorReason, FileReadError, isFileError } from '../errors.ts';
import { faceCells, renderTable } from '../format.ts';
import { expandPaths, mapLimit } from '../inputs.ts';
import { ExitCode, UsageError, writeLine, type CommandContext } from '../io.ts';

/** What the table shows, when the server runs it (EMOTION is optional; AGE_GENDER is not in the permissive profile). */
const DEFAULT_STAGES: readonly Stage[] = ['ANTI_SPOOFING', 'QUALITY', 'AGE_GENDER', 'DEEPFAKE', 'IDENTIFICATION'];

interface AnalyzeOptions {
  stages?: string;
  json?: boolean;
  concurrency: string;
}

/** One file's outcome. */
interface FileResult {
  file: string;
  sessionId: string | null;
  status: string;
  error: { code: string; message: string } | null;
  session: AnalysisSession | null;
}

/** `--stages` as the server names them; the server's own list (serverInfo) is the one that counts. */
function parseStages(value: string, available: readonly Stage[]): Stage[] {
  const stages = value
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((s) => s.toUpperCase().replace(/-/g, '_'));
  const unknown = stages.filter((s) => !(available as readonly string[]).includes(s));
  if (unknown.length > 0) throw new UsageError(`unknown stage ${unknown.join(', ')} (stages this server runs: ${available.join(', ')})`);
  return stages as Stage[];
}

async function analyzeOne(
  client: FaceSocialClient,
  path: string,
  stages: readonly Stage[],
  onProgress: (done: number, total: number) => void,
): Promise<FileResult> {
  const file = await fileFromPath(path).catch((error: unknown) => {
    throw new FileReadError(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  });
  const queued = await client.analyzeImage(file, stages);
  let done = 0;
  onProgress(0, queued.stages.length);
  for await (const event of client.watchSession(queued.id)) {
    if (event.type === 'STAGE_FINISHED') onProgress(++done, queued.stages.length);
  }
  const session = await client.session(queued.id);
  return { file: path, sessionId: session.id, status: session.status, error: session.error, session };
}

export function registerAnalyze(program: Command, context: () => CommandContext): void {
  program
    .command('analyze')
    .description('analyse images (files, or the .jpg/.png/.webp images in folders) and print their faces')
    .argument('<paths...>', 'image files or folders')
    .option('--stages <stages>', `comma-separated stages (default: ${DEFAULT_STAGES.join(',')}, those the server runs)`)
    .option('--json', 'print the results as JSON only')
    .option('--concurrency <n>', 'images in flight at once', '3')
    .action(async (paths: string[], options: AnalyzeOptions) => {
      const ctx = context();
      const concurrency = Number(options.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError('--concurrency must be a positive integer');
      const files = await expandPaths(paths);
      const client = ctx.client();
      // Also checks early that the server answers and takes the credentials.
      const info = await client.serverInfo();
      const stages = options.stages === undefined ? DEFAULT_STAGES.filter((stage) => info.stages.includes(stage)) : parseStages(options.stages, info.stages);

      // Bars only on a terminal: piped or redirected output gets the table alone.
      const bars =
        options.json || !ctx.io.stderr.isTTY
          ? null
          : new cliProgress.MultiBar(
              { stream: ctx.io.stderr, format: ' {file} [{bar}] {value}/{total} stages  {state}', hideCursor: true, clearOnComplete: false, autopadding: true },
              cliProgress.Presets.shades_classic,
            );
      const width = Math.max(...files.map((f) => basename(f).length));
      let results: FileResult[];
      try {
        results = await mapLimit(files, concurrency, async (path) => {
          const name = basename(path).padEnd(width);
          const bar = bars?.create(1, 0, { file: name, state: 'uploading' });
          try {
            const result = await analyzeOne(client, path, stages, (done, total) => {
              bar?.setTotal(total);
              bar?.update(done, { state: done === total ? 'done' : 'running' });
            });
            bar?.update({ state: result.status === 'COMPLETED' ? 'done' : `${result.status} ${result.error?.code ?? ''}`.trim() });
            return result;
          } catch (error) {
            if (!isFileError(error)) throw error;
            bar?.update({ state: error.code });
            return { file: path, sessionId: null, status: 'REFUSED', error: { code: error.code, message: fileErrorReason(error) }, session: null };
          }
        });
      } finally {
        bars?.stop();
      }

      if (options.json) {
        writeLine(
          ctx.io.stdout,
          JSON.stringify(
            results.map((r) => ({ file: r.file, sessionId: r.sessionId, status: r.status, error: r.error, faces: r.session?.faces ?? [] })),
            null,
            2,
          ),
        );
      } else {
        const rows: string[][] = [];
        for (const result of results) {
          const faces = result.session?.faces ?? [];
          if (result.error) rows.push([result.file, '-', `error: ${result.error.code}: ${result.error.message}`]);
          else if (faces.length === 0) rows.push([result.file, '-', 'no face found']);
          else faces.forEach((face, i) => rows.push([result.file, String(i + 1), ...faceCells(face)]));
        }
        writeLine(ctx.io.stdout, renderTable(['file', 'face', 'box', 'liveness', 'quality', 'age/gender', 'deepfake', 'identity'], rows));
        const failed = results.filter((r) => r.error).length;
        const faceCount = results.reduce((n, r) => n + (r.session?.faces.length ?? 0), 0);
        writeLine(
          ctx.io.stdout,
          `\n${results.length} image(s), ${faceCount} face(s)${failed ? `, ${failed} failed` : ''}; stages: ${stages.join(', ') || 'DETECTION'}`,
        );
      }
      if (results.some((r) => r.error)) throw new ExitCode(1);
    });
}
