import { AppError } from '../pipeline/errors.ts';
import type { AppliedThreshold, ThresholdKind } from '../pipeline/thresholds.ts';
import type { Scope } from './services.ts';

/** Thresholds are cosine similarities; outside (0, 1) everything or nothing would match. */
export function checkThreshold(value: number, name: string): number {
  if (!(value > 0 && value < 1)) throw new AppError('BAD_USER_INPUT', `${name} must be between 0 and 1 (exclusive), got ${value}.`);
  return value;
}

/** The caller's threshold of one kind: the request's, else its tenant's, else the server default, with the measured error rates. */
export async function tenantThreshold(scope: Scope, kind: ThresholdKind, requested?: number | null): Promise<AppliedThreshold> {
  return scope.services.thresholds.apply(kind, await scope.services.gallery.tenantSettings(scope.tenantId), requested);
}
