/** UTKFace age / gender: age MAE and gender accuracy, overall, on adults and per age bin. */
import { join } from 'node:path';
import { column, datasetDir, readCsv, spread } from './dataset-files.ts';
import { meanAbsoluteError } from './metrics.ts';
import { largestFace, withPipeline, type SectionContext } from './pipeline.ts';
import { fixed, percent, printTable } from './table.ts';

interface UtkPrediction {
  path: string;
  age: number;
  gender: 'MALE' | 'FEMALE';
  ageBin: string;
  /** null: no face found (even on the padded retry) or the image failed. */
  predictedAge: number | null;
  predictedGender: 'MALE' | 'FEMALE' | null;
  padded: boolean;
}

interface UtkGroup {
  group: string;
  images: number;
  noFace: number;
  ageMae: number;
  genderAccuracy: number;
}

export interface UtkReport {
  model: string;
  detectorModel: string;
  images: number;
  noFace: number;
  paddedRetry: number;
  groups: UtkGroup[];
  predictions: UtkPrediction[];
}

/** Images without a face are left out of MAE and accuracy and counted in `noFace` instead. */
function groupOf(group: string, items: readonly UtkPrediction[]): UtkGroup {
  const found = items.filter((p) => p.predictedAge !== null && p.predictedGender !== null);
  return {
    group,
    images: items.length,
    noFace: items.length - found.length,
    ageMae: meanAbsoluteError(
      found.map((p) => p.predictedAge ?? 0),
      found.map((p) => p.age),
    ),
    genderAccuracy: found.length ? found.filter((p) => p.predictedGender === p.gender).length / found.length : Number.NaN,
  };
}

export async function evaluateUtkface(ctx: SectionContext): Promise<UtkReport> {
  const dir = datasetDir(ctx.datasetsDir, 'utkface');
  const rows = spread(await readCsv(join(dir, 'labels.csv')), ctx.limit);
  console.log(`UTKFace: ${rows.length} images...`);
  return withPipeline(ctx, 'utkface', {}, async (pipeline) => {
    let model = '?';
    let detectorModel = '?';
    const predictions: UtkPrediction[] = [];
    for (const row of rows) {
      const path = column(row, 'path');
      const label = {
        path,
        age: Number(column(row, 'age')),
        gender: column(row, 'gender') === 'male' ? ('MALE' as const) : ('FEMALE' as const),
        ageBin: column(row, 'age_bin'),
      };
      try {
        const run = await pipeline.analyze(join(dir, path), ['AGE_GENDER']);
        model = run.models.AGE_GENDER ?? model;
        detectorModel = run.models.DETECTION ?? detectorModel;
        // Face-filling crops: the largest face is the subject.
        const i = largestFace(run.results.DETECTION?.faces ?? []);
        const result = i >= 0 ? run.results.AGE_GENDER?.faces[i] : undefined;
        predictions.push({
          ...label,
          predictedAge: result?.age ?? null,
          predictedGender: result?.gender ?? null,
          padded: run.results.DETECTION?.padded ?? false,
        });
      } catch (error) {
        console.warn(`  ${path}: ${error instanceof Error ? error.message : String(error)}`);
        predictions.push({ ...label, predictedAge: null, predictedGender: null, padded: false });
      }
    }
    const bins = [...new Set(predictions.map((p) => p.ageBin))].sort((a, b) => parseInt(a, 10) - parseInt(b, 10));
    const groups = [
      groupOf('all', predictions),
      groupOf(
        'adults (age >= 18)',
        predictions.filter((p) => p.age >= 18),
      ),
      ...bins.map((bin) =>
        groupOf(
          `age ${bin}`,
          predictions.filter((p) => p.ageBin === bin),
        ),
      ),
    ];
    const report: UtkReport = {
      model,
      detectorModel,
      images: predictions.length,
      noFace: predictions.filter((p) => p.predictedAge === null).length,
      paddedRetry: predictions.filter((p) => p.padded && p.predictedAge !== null).length,
      groups,
      predictions,
    };
    printTable(
      `UTKFace age/gender (${report.images} images, 200x200 crops), ${model}, detector ${detectorModel}; no face: ${report.noFace}, found only on the padded retry: ${report.paddedRetry}`,
      ['group', 'images', 'no face', 'age MAE (years)', 'gender accuracy'],
      groups.map((g) => [g.group, g.images, g.noFace, fixed(g.ageMae, 2), percent(g.genderAccuracy)]),
    );
    return report;
  });
}
