/** The two small presentation-attack sets: per-image scores and verdicts, and deepfake ROC AUC per kind. */
import { join } from 'node:path';
import type { Stage } from '../src/pipeline/stages.ts';
import { column, datasetDir, readCsv, spread } from './dataset-files.ts';
import { rocAuc } from './metrics.ts';
import { largestFace, withPipeline, type EvalPipeline, type ImageRun, type SectionContext } from './pipeline.ts';
import { fixed, printTable, shortName } from './table.ts';

interface Scored {
  path: string;
  label: string;
  kind: string;
  faces: number;
  /** null: no face found, or the image failed. */
  score: number | null;
  verdict: string | null;
}

/** Runs `stage` on every image and reads the largest face's score (each photo shows one subject up close). */
async function scoreImages(
  pipeline: EvalPipeline,
  dir: string,
  rows: readonly { path: string; label: string; kind: string }[],
  stage: Stage,
  read: (run: ImageRun, face: number) => { score: number; verdict: string } | undefined,
): Promise<{ model: string; detectorModel: string; items: Scored[] }> {
  let model = '?';
  let detectorModel = '?';
  const items: Scored[] = [];
  for (const row of rows) {
    try {
      const run = await pipeline.analyze(join(dir, row.path), [stage]);
      model = run.models[stage] ?? model;
      detectorModel = run.models.DETECTION ?? detectorModel;
      const faces = run.results.DETECTION?.faces ?? [];
      const i = largestFace(faces);
      const r = i >= 0 ? read(run, i) : undefined;
      items.push({ ...row, faces: faces.length, score: r?.score ?? null, verdict: r?.verdict ?? null });
    } catch (error) {
      console.warn(`  ${row.path}: ${error instanceof Error ? error.message : String(error)}`);
      items.push({ ...row, faces: 0, score: null, verdict: null });
    }
  }
  return { model, detectorModel, items };
}

export interface AntiSpoofingReport {
  model: string;
  detectorModel: string;
  liveAt: number;
  spoofBelow: number;
  items: Scored[];
}

export async function evaluateAntiSpoofing(ctx: SectionContext): Promise<AntiSpoofingReport> {
  const dir = datasetDir(ctx.datasetsDir, 'antispoofing');
  const rows = spread(await readCsv(join(dir, 'labels.csv')), ctx.limit).map((r) => ({
    path: column(r, 'path'),
    label: column(r, 'label'),
    kind: column(r, 'attack_type'),
  }));
  return withPipeline(ctx, 'anti-spoofing', {}, async (pipeline) => {
    const { model, detectorModel, items } = await scoreImages(pipeline, dir, rows, 'ANTI_SPOOFING', (run, i) => {
      const r = run.results.ANTI_SPOOFING?.faces[i];
      return r && { score: r.liveScore, verdict: r.verdict };
    });
    const { LIVENESS_LIVE_AT: liveAt, LIVENESS_SPOOF_BELOW: spoofBelow } = pipeline.config;
    printTable(
      `anti-spoofing-samples (${items.length} images), ${model}, detector ${detectorModel}; LIVE >= ${liveAt}, SPOOF < ${spoofBelow}`,
      ['image', 'label', 'attack type', 'faces', 'liveScore', 'verdict'],
      items.map((s) => [shortName(s.path), s.label, s.kind || '-', s.faces, s.score === null ? 'no face' : fixed(s.score), s.verdict ?? '-']),
    );
    return { model, detectorModel, liveAt, spoofBelow, items };
  });
}

export interface DeepfakeReport {
  model: string;
  detectorModel: string;
  fakeAt: number;
  realBelow: number;
  items: Scored[];
  auc: { fakes: string; fakeImages: number; realImages: number; rocAuc: number }[];
  noFace: number;
}

/** Composite kinds differ only by region code ("...; region code 0110)"); grouping by difficulty keeps groups large enough to mean something. */
function kindGroup(kind: string): string {
  return kind.replace(/; region code \d+\)/, ')');
}

export async function evaluateDeepfake(ctx: SectionContext): Promise<DeepfakeReport> {
  const dir = datasetDir(ctx.datasetsDir, 'deepfake');
  const rows = spread(await readCsv(join(dir, 'labels.csv')), ctx.limit).map((r) => ({
    path: column(r, 'path'),
    label: column(r, 'label'),
    kind: column(r, 'kind'),
  }));
  return withPipeline(ctx, 'deepfake', {}, async (pipeline) => {
    const { model, detectorModel, items } = await scoreImages(pipeline, dir, rows, 'DEEPFAKE', (run, i) => {
      const r = run.results.DEEPFAKE?.faces[i];
      return r && { score: r.fakeScore, verdict: r.verdict };
    });
    const { DEEPFAKE_FAKE_AT: fakeAt, DEEPFAKE_REAL_BELOW: realBelow } = pipeline.config;
    // Images without a face have no score and are left out of the AUC (counted in noFace).
    const reals = items.filter((s) => s.label === 'real' && s.score !== null);
    const fakes = items.filter((s) => s.label === 'fake' && s.score !== null);
    const aucOf = (name: string, group: readonly Scored[]) => ({
      fakes: name,
      fakeImages: group.length,
      realImages: reals.length,
      rocAuc: rocAuc([...group, ...reals].map((s) => ({ score: s.score ?? 0, positive: s.label === 'fake' }))),
    });
    const groups = [...new Set(fakes.map((s) => kindGroup(s.kind)))].sort();
    const auc = [
      aucOf('all fakes', fakes),
      ...groups.map((g) =>
        aucOf(
          g,
          fakes.filter((s) => kindGroup(s.kind) === g),
        ),
      ),
    ];
    const noFace = items.filter((s) => s.score === null).length;
    const heading = `deepfake-samples (${items.length} images), ${model}, detector ${detectorModel}`;
    printTable(
      `${heading}; FAKE >= ${fakeAt}, REAL < ${realBelow}`,
      ['image', 'label', 'kind', 'faces', 'fakeScore', 'verdict'],
      items.map((s) => [shortName(s.path), s.label, s.kind, s.faces, s.score === null ? 'no face' : fixed(s.score), s.verdict ?? '-']),
    );
    printTable(
      `${heading}: ROC AUC, each fake kind vs all ${reals.length} reals (${noFace} images without a face left out)`,
      ['fakes', 'fake images', 'ROC AUC'],
      auc.map((a) => [a.fakes, a.fakeImages, fixed(a.rocAuc)]),
    );
    return { model, detectorModel, fakeAt, realBelow, items, auc, noFace };
  });
}
