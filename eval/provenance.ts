/** What results.json records so a figure can be traced to code, models and machine. */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readManifest, sha256File } from '../inference-workers/models/manifest.ts';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8' }).trim();
  } catch {
    return null; // not a checkout (e.g. a copied tree): record null rather than fail the eval
  }
}

export function gitState(): { commit: string | null; uncommittedChanges: boolean | null } {
  const status = git(['status', '--porcelain']);
  return { commit: git(['rev-parse', 'HEAD']), uncommittedChanges: status === null ? null : status.length > 0 };
}

export async function machine(): Promise<{ cpu: string; cpus: number; os: string; node: string; onnxruntimeNode: string }> {
  // Resolved like the engine resolves it, so a hoisted or nested copy reports the version actually loaded.
  const ortPackage = createRequire(import.meta.url).resolve('onnxruntime-node/package.json');
  const { version } = JSON.parse(await readFile(ortPackage, 'utf8')) as { version: string };
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cpus: os.cpus().length,
    os: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    onnxruntimeNode: version,
  };
}

/** Each model file used, with the manifest's sha256 and whether the file on disk still has it. */
export async function modelFiles(
  modelsDir: string,
  files: readonly string[],
): Promise<{ file: string; name: string | null; sha256: string | null; matchesManifest: boolean }[]> {
  const manifest = await readManifest(modelsDir);
  return Promise.all(
    [...new Set(files)].sort().map(async (file) => {
      const entry = manifest.models.find((m) => m.file === file);
      const actual = await sha256File(join(modelsDir, file));
      return { file, name: entry?.name ?? null, sha256: entry?.sha256 ?? null, matchesManifest: entry?.sha256 === actual };
    }),
  );
}
