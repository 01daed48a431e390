import type { Config } from '../config/config.ts';
import { loadCalibration, type Calibration, type OperatingPoint } from './calibration.ts';

/** Where the threshold of a decision came from. */
export type ThresholdSource = 'SERVER_DEFAULT' | 'TENANT' | 'REQUEST';

/** The threshold a decision used, with the error rates measured at it. */
export interface AppliedThreshold extends OperatingPoint {
  source: ThresholdSource;
}

/** A tenant's overrides (null: the server default). */
export interface TenantThresholds {
  verifyThreshold: number | null;
  identifyThreshold: number | null;
}

export type ThresholdKind = 'verification' | 'identification';

/**
 * Picks the threshold of a verify or identify decision: the request's own, else the tenant's, else the
 * server default (RECOGNITION_THRESHOLD / IDENTIFY_THRESHOLD), and attaches the calibrated error rates.
 */
export class ThresholdPolicy {
  constructor(
    private readonly defaults: { verification: number; identification: number },
    readonly calibration: Calibration,
  ) {}

  apply(kind: ThresholdKind, tenant: TenantThresholds | null, requested?: number | null): AppliedThreshold {
    const own = kind === 'verification' ? tenant?.verifyThreshold : tenant?.identifyThreshold;
    const [value, source]: [number, ThresholdSource] =
      requested !== null && requested !== undefined
        ? [requested, 'REQUEST']
        : own !== null && own !== undefined
          ? [own, 'TENANT']
          : [this.defaults[kind], 'SERVER_DEFAULT'];
    return { ...this.calibration[kind](value), source };
  }

  serverDefault(kind: ThresholdKind): number {
    return this.defaults[kind];
  }
}

/** The server's policy: RECOGNITION_THRESHOLD / IDENTIFY_THRESHOLD with the shipped LFW calibration. */
export function thresholdPolicyOf(config: Pick<Config, 'RECOGNITION_THRESHOLD' | 'IDENTIFY_THRESHOLD'>): ThresholdPolicy {
  return new ThresholdPolicy({ verification: config.RECOGNITION_THRESHOLD, identification: config.IDENTIFY_THRESHOLD }, loadCalibration());
}
