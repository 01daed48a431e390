import { isAdmin } from '../auth/caller.ts';
import type { TenantSettings } from '../db/gallery.repository.ts';
import { AppError } from '../pipeline/errors.ts';
import type { AppliedThreshold, ThresholdKind } from '../pipeline/thresholds.ts';
import type { Scope } from './services.ts';
import { checkThreshold } from './thresholds.ts';

export interface ThresholdSetting {
  applied: AppliedThreshold;
  serverDefault: number;
}

/** A tenant's recognition thresholds as verify and identify apply them, with the error rates measured at each. */
export interface RecognitionSettings {
  verification: ThresholdSetting;
  identification: ThresholdSetting;
  row: TenantSettings | null;
}

function settingsOf(scope: Scope, row: TenantSettings | null): RecognitionSettings {
  const { thresholds } = scope.services;
  const setting = (kind: ThresholdKind): ThresholdSetting => ({ applied: thresholds.apply(kind, row), serverDefault: thresholds.serverDefault(kind) });
  return { verification: setting('verification'), identification: setting('identification'), row };
}

export async function recognitionSettings(scope: Scope): Promise<RecognitionSettings> {
  return settingsOf(scope, await scope.services.gallery.tenantSettings(scope.tenantId));
}

/**
 * Sets the tenant's own thresholds: a number sets one, null goes back to the server default, undefined
 * leaves it. Tenant admins only (FORBIDDEN otherwise); the change is logged with who made it.
 */
export async function updateRecognitionSettings(
  scope: Scope,
  patch: { verifyThreshold?: number | null; identifyThreshold?: number | null },
): Promise<RecognitionSettings> {
  const { caller, tenantId, services } = scope;
  if (!isAdmin(caller)) throw new AppError('FORBIDDEN', 'Changing the tenant\'s thresholds needs a token with role "admin".');
  if (typeof patch.verifyThreshold === 'number') checkThreshold(patch.verifyThreshold, 'verifyThreshold');
  if (typeof patch.identifyThreshold === 'number') checkThreshold(patch.identifyThreshold, 'identifyThreshold');
  const row = await services.gallery.updateTenantSettings(tenantId, { ...patch, updatedBy: caller.subject });
  services.logger.info(
    { tenantId, by: caller.subject, verifyThreshold: row.verifyThreshold, identifyThreshold: row.identifyThreshold },
    'recognition thresholds changed',
  );
  return settingsOf(scope, row);
}
