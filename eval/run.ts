/**
 * `npm run eval [-- --only lfw,utkface,detection,antispoofing,deepfake] [--limit N]`
 * Accuracy of the face pipeline on the shared data sets, run in-process (no HTTP, no worker threads).
 * Prints markdown tables and writes eval/results.json (the committed figures) after a full run; a partial run
 * (--limit, or --only leaving out a set) writes eval/results.local.json instead (git-ignored), so it never
 * replaces them. Figures, not assertions: nothing here fails on a low number.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/config.ts';
import { evaluateDetection } from './detection.ts';
import { evalSets, missingSets, type EvalSet } from './dataset-files.ts';
import { evaluateLfw } from './lfw.ts';
import { evaluateLivenessClips } from './liveness-clips.ts';
import { evaluateAntiSpoofing, evaluateDeepfake } from './liveness-deepfake.ts';
import { reportedConfig, StageTimer, type SectionContext } from './pipeline.ts';
import { gitState, machine, modelFiles, repoRoot } from './provenance.ts';
import { fixed, printTable } from './table.ts';
import { evaluateUtkface } from './utkface.ts';
import { evaluateVideoTracks } from './video-tracks.ts';

const sections: Record<EvalSet, (ctx: SectionContext) => Promise<unknown>> = {
  lfw: evaluateLfw,
  utkface: evaluateUtkface,
  detection: evaluateDetection,
  antispoofing: evaluateAntiSpoofing,
  deepfake: evaluateDeepfake,
  'liveness-videos': evaluateLivenessClips,
  'video-tracks': evaluateVideoTracks,
};

/** A bad command line: its message is the whole story, no stack. */
class UsageError extends Error {}

function parseCli(): { sets: EvalSet[]; limit: number | undefined; partial: boolean } {
  let values: { only?: string | undefined; limit?: string | undefined };
  try {
    ({ values } = parseArgs({ options: { only: { type: 'string' }, limit: { type: 'string' } } }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const requested = values.only
    ? values.only
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : evalSets;
  const unknown = requested.filter((s) => !(evalSets as string[]).includes(s));
  if (unknown.length) throw new UsageError(`--only: unknown set(s) ${unknown.join(', ')}; known: ${evalSets.join(', ')}`);
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new UsageError(`--limit must be a positive integer, got ${values.limit}`);
  const partial = limit !== undefined || evalSets.some((s) => !requested.includes(s));
  return { sets: requested as EvalSet[], limit, partial };
}

async function main(): Promise<number> {
  const started = performance.now();
  const { sets, limit, partial } = parseCli();
  const config = loadConfig();
  const missing = missingSets(config.DATASETS_DIR, sets);
  if (missing.length) {
    if (!existsSync(config.DATASETS_DIR)) console.error(`DATASETS_DIR ${config.DATASETS_DIR} does not exist.`);
    for (const set of missing) console.error(`Missing data set: ${set} (no README.md under ${config.DATASETS_DIR})`);
    return 1;
  }
  console.log(`Evaluating ${sets.join(', ')}${limit ? ` (at most ${limit} images per set)` : ''} from ${config.DATASETS_DIR}`);

  const ctx: SectionContext = { datasetsDir: config.DATASETS_DIR, limit, timer: new StageTimer(), setups: [] };
  const results: Partial<Record<EvalSet, unknown>> = {};
  // One set after another: the pipeline already uses ORT_INTRA_OP_THREADS cores per run.
  for (const set of sets) results[set] = await sections[set](ctx);

  const timing = ctx.timer.summary();
  printTable(
    'Timing: median per stage across this run (ms; per face = stage time / faces in the image, images with faces only)',
    ['stage', 'model', 'runs', 'ms per image', 'faces timed', 'ms per face'],
    timing.map((t) => [t.stage, t.model, t.runs, fixed(t.medianMsPerImage, 1), t.facesTimed, fixed(t.medianMsPerFace, 1)]),
  );

  const report = {
    date: new Date().toISOString(),
    git: gitState(),
    machine: await machine(),
    models: await modelFiles(
      config.MODELS_DIR,
      ctx.setups.flatMap((s) => s.engine.files),
    ),
    args: { only: sets, limit: limit ?? null },
    config: reportedConfig(config),
    pipelines: ctx.setups,
    results,
    timing,
    durationS: Math.round((performance.now() - started) / 1000),
  };
  const out = join(repoRoot, 'eval', partial ? 'results.local.json' : 'results.json');
  await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nWrote ${out} (${report.durationS} s)${partial ? '; a partial run (--only or --limit): eval/results.json is left as it was' : ''}.`);
  const altered = report.models.filter((m) => !m.matchesManifest);
  if (altered.length) {
    console.error(`Model files that do not match models/manifest.json: ${altered.map((m) => m.file).join(', ')}`);
    return 1;
  }
  return 0;
}

process.exitCode = await main().catch((error: unknown) => {
  if (error instanceof UsageError) console.error(`${error.message}\nUsage: npm run eval -- [--only ${evalSets.join(',')}] [--limit N]`);
  else console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  return 1;
});
