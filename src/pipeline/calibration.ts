import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * Error rates of the recognition model at any threshold, from the similarity scores `npm run eval`
 * measured on the LFW developer folds (calibration.lfw.json, written by eval/calibration.ts). So every
 * verify/identify response can say what its threshold means, whichever threshold a tenant or a request set.
 */
const scores = z.array(z.number());
const calibrationFile = z.object({
  recognitionModel: z.string(),
  qualityGate: z.number(),
  date: z.string(),
  verification: z.object({ dataset: z.string(), genuine: scores, impostor: scores }),
  identification: z.object({ dataset: z.string(), galleryIdentities: z.number(), mated: z.number().int().positive(), matedCorrect: scores, nonMated: scores }),
});
export type CalibrationFile = z.infer<typeof calibrationFile>;

export interface OperatingPoint {
  threshold: number;
  /** Verification: impostor pairs at or above the threshold. Identification: never-enrolled probes matched (FPIR). */
  falseAcceptRate: number;
  /** Verification: genuine pairs below it. Identification: enrolled probes not matched to the right person (FNIR). */
  falseRejectRate: number;
  /** What the rates were measured on. */
  measuredOn: string;
}

export interface Calibration {
  recognitionModel: string;
  /** Verification's equal error rate (0..1) on the calibration pairs: the threshold-free summary. */
  verificationEer: number;
  verification(threshold: number): OperatingPoint;
  identification(threshold: number): OperatingPoint;
}

const share = (count: number, total: number): number => count / Math.max(1, total);
const atOrAbove = (values: readonly number[], threshold: number): number => values.filter((v) => v >= threshold).length;

export function calibrationFrom(file: CalibrationFile): Calibration {
  const { verification: v, identification: id } = file;
  return {
    recognitionModel: file.recognitionModel,
    verificationEer: equalErrorRate(v.genuine, v.impostor) ?? 0,
    verification: (threshold) => ({
      threshold,
      falseAcceptRate: share(atOrAbove(v.impostor, threshold), v.impostor.length),
      falseRejectRate: share(v.genuine.length - atOrAbove(v.genuine, threshold), v.genuine.length),
      measuredOn: `${v.dataset}, ${file.recognitionModel}`,
    }),
    identification: (threshold) => ({
      threshold,
      falseAcceptRate: share(atOrAbove(id.nonMated, threshold), id.nonMated.length),
      falseRejectRate: share(id.mated - atOrAbove(id.matedCorrect, threshold), id.mated),
      measuredOn: `${id.dataset}, ${file.recognitionModel}`,
    }),
  };
}

/**
 * Where FAR (impostors at or above the threshold) and FRR (genuine below it) meet: tried at every
 * score as the threshold; the mean of the two rates where they are closest. Null without both kinds.
 */
export function equalErrorRate(genuine: readonly number[], impostor: readonly number[]): number | null {
  if (genuine.length === 0 || impostor.length === 0) return null;
  let best = { gap: Infinity, rate: 0 };
  for (const threshold of [...genuine, ...impostor]) {
    const far = share(atOrAbove(impostor, threshold), impostor.length);
    const frr = share(genuine.length - atOrAbove(genuine, threshold), genuine.length);
    if (Math.abs(far - frr) < best.gap) best = { gap: Math.abs(far - frr), rate: (far + frr) / 2 };
  }
  return best.rate;
}

export const CALIBRATION_PATH = new URL('./calibration.lfw.json', import.meta.url);

/** The shipped calibration (read once; it is part of the source tree, so a missing file is a broken build). */
export function loadCalibration(path: URL | string = CALIBRATION_PATH): Calibration {
  return calibrationFrom(calibrationFile.parse(JSON.parse(readFileSync(path, 'utf8'))));
}
