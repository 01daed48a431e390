import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface ModelEntry {
  file: string;
  name: string;
  stage: string;
  sha256: string;
  bytes: number;
  license: string;
  optional: boolean;
}

export interface ModelManifest {
  models: ModelEntry[];
}

/** A missing or altered model file; startup-failure.ts tells it from a crash by its name. */
class ModelFileError extends Error {
  override name = 'ModelFileError';
}

export async function readManifest(modelsDir: string): Promise<ModelManifest> {
  const path = join(modelsDir, 'manifest.json');
  if (!existsSync(path)) throw new ModelFileError(`Model manifest not found: ${path}. Set MODELS_DIR to the folder holding manifest.json.`);
  return JSON.parse(await readFile(path, 'utf8')) as ModelManifest;
}

export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/**
 * Checks the model files a worker will load against the manifest, so a missing or altered file
 * stops start-up with a message naming it instead of failing later on the first image.
 */
export async function verifyModels(modelsDir: string, files: readonly string[]): Promise<ModelEntry[]> {
  const manifest = await readManifest(modelsDir);
  const problems: string[] = [];
  const entries: ModelEntry[] = [];
  for (const file of files) {
    const entry = manifest.models.find((m) => m.file === file);
    if (!entry) {
      problems.push(`${file}: not listed in manifest.json`);
      continue;
    }
    const path = join(modelsDir, file);
    if (!existsSync(path)) {
      problems.push(`${file}: missing from ${modelsDir}${entry.optional ? ' (optional model: npm run models:fetch)' : ''}`);
      continue;
    }
    const actual = await sha256File(path);
    if (actual !== entry.sha256) problems.push(`${file}: sha256 ${actual} does not match the manifest's ${entry.sha256} (altered or truncated file)`);
    entries.push(entry);
  }
  if (problems.length > 0) throw new ModelFileError(`Refusing to start: model files failed verification:\n  ${problems.join('\n  ')}`);
  return entries;
}

/** The files a plan loads with their manifest sha256 and licence (for /health/detailed). */
export async function modelFacts(modelsDir: string, files: readonly string[]): Promise<{ file: string; sha256: string | null; license: string | null }[]> {
  const manifest = await readManifest(modelsDir).catch(() => ({ models: [] as ModelEntry[] }));
  return files.map((file) => {
    const entry = manifest.models.find((m) => m.file === file);
    return { file, sha256: entry?.sha256 ?? null, license: entry?.license ?? null };
  });
}
