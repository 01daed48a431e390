import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config/config.ts';

const fixturesDir = fileURLToPath(new URL('../fixtures', import.meta.url));
export const fixture = (name: string): string => join(fixturesDir, name);

const config = loadConfig();

/**
 * A labelled data set from DATASETS_DIR, or null when it is absent (a fresh clone has no
 * ../shared): the suite then skips with a visible reason. CI sets REQUIRE_DATASETS=1, which
 * turns that skip into a failure so the suite always runs there.
 */
export function dataset(name: string): string | null {
  const dir = join(config.DATASETS_DIR, name);
  if (existsSync(dir)) return dir;
  const message = `data set ${name} not found under DATASETS_DIR=${config.DATASETS_DIR}`;
  if (config.REQUIRE_DATASETS) throw new Error(`${message} (REQUIRE_DATASETS is set)`);
  console.warn(`SKIPPED: ${message}; set DATASETS_DIR to run these tests.`);
  return null;
}
