/** Where the runner tests find models and photos. Not a test itself. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config/config.ts';

/** The configured models (the repo's committed ones by default; the optional emotion model after `npm run models:fetch`). */
export const MODELS_DIR = loadConfig().MODELS_DIR;

/** Sample photos copied from ../shared/models/samples (test/fixtures/README.md). */
const SAMPLES_DIR = fileURLToPath(new URL('../fixtures', import.meta.url));
export const samplePath = (name: string): string => join(SAMPLES_DIR, name);

/** The model supplier's sanity-check values for a model file (copied from ../shared/models/MANIFEST.json). */
export function referenceSanity<T>(file: string): Record<string, T> {
  const all = JSON.parse(readFileSync(samplePath('reference-sanity.json'), 'utf8')) as { models: Record<string, Record<string, T>> };
  const entry = all.models[file];
  if (!entry) throw new Error(`reference-sanity.json has no entry for ${file}`);
  return entry;
}
