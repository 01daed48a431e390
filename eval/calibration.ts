/**
 * Writes src/pipeline/calibration.lfw.json from a full LFW run: the genuine and impostor pair scores and
 * the open-set probes' best scores. The API reads it to report the error rates of whatever threshold
 * applies (src/pipeline/calibration.ts). Only a full run (no --limit) may replace it.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { CALIBRATION_PATH, type CalibrationFile } from '../src/pipeline/calibration.ts';
import type { OpenSetScores } from './open-set.ts';

const round = (v: number): number => Math.round(v * 1e5) / 1e5;
const sorted = (values: readonly number[]): number[] => values.map(round).sort((a, b) => a - b);

export async function writeCalibration(input: {
  recognitionModel: string;
  qualityGate: number;
  pairs: readonly { same: boolean; score: number }[];
  pairsDataset: string;
  openSet: OpenSetScores;
  openSetDataset: string;
}): Promise<string> {
  const file: CalibrationFile = {
    recognitionModel: input.recognitionModel,
    qualityGate: input.qualityGate,
    date: new Date().toISOString().slice(0, 10),
    verification: {
      dataset: input.pairsDataset,
      genuine: sorted(input.pairs.filter((p) => p.same).map((p) => p.score)),
      impostor: sorted(input.pairs.filter((p) => !p.same).map((p) => p.score)),
    },
    identification: {
      dataset: input.openSetDataset,
      galleryIdentities: input.openSet.galleryIdentities,
      mated: input.openSet.mated,
      matedCorrect: sorted(input.openSet.matedCorrect),
      nonMated: sorted(input.openSet.nonMated),
    },
  };
  const path = fileURLToPath(CALIBRATION_PATH);
  await writeFile(path, `${JSON.stringify(file)}\n`);
  return path;
}
