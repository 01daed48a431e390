// `npm run models:fetch`: brings the optional models listed in models/manifest.json (e.g. emotion)
// from MODELS_FETCH_FROM (a directory or an http(s) base URL) into MODELS_DIR, verifying sha256.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readManifest, sha256File } from '../inference-workers/models/manifest.ts';
import { loadConfig } from '../src/config/config.ts';

const config = loadConfig();
const source = config.MODELS_FETCH_FROM;
if (!source) {
  console.error('Set MODELS_FETCH_FROM to a directory or an http(s) base URL holding the optional model files.');
  process.exit(1);
}

async function download(file: string): Promise<Buffer> {
  if (/^https?:\/\//.test(source as string)) {
    const response = await fetch(new URL(file, (source as string).endsWith('/') ? source : `${source}/`));
    if (!response.ok) throw new Error(`${file}: HTTP ${response.status}`);
    return Buffer.from(await response.arrayBuffer());
  }
  return readFile(join(source as string, file));
}

const manifest = await readManifest(config.MODELS_DIR);
let failed = false;
for (const model of manifest.models.filter((m) => m.optional)) {
  const target = join(config.MODELS_DIR, model.file);
  if (existsSync(target) && (await sha256File(target)) === model.sha256) {
    console.log(`${model.file}: present`);
    continue;
  }
  try {
    const bytes = await download(model.file);
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== model.sha256) throw new Error(`${model.file}: sha256 ${actual} does not match the manifest's ${model.sha256}`);
    await writeFile(`${target}.part`, bytes);
    await rename(`${target}.part`, target);
    console.log(`${model.file}: fetched and verified (${bytes.length} bytes)`);
  } catch (error) {
    failed = true;
    console.error(error instanceof Error ? error.message : error);
  }
}
process.exit(failed ? 1 : 0);
