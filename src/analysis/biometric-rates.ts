import { equalErrorRate } from '../pipeline/calibration.ts';
import type { RateSample } from '../observability/metrics.ts';
import type { AppServices } from './services.ts';

/** Tenants whose own thresholds get their own calibration series (more share the server default's). */
const MAX_TENANT_SERIES = 200;
const percent = (share: number | null): number | null => (share === null ? null : Math.round(share * 1e6) / 1e4);

/**
 * The FAR/FRR/EER gauges, in percent, by source:
 * - calibration: the LFW pairs of `npm run eval` at each tenant's verification threshold (tenant "*":
 *   the server default, which every tenant without its own uses); EER is the threshold-free summary.
 * - live: the outcomes clients reported (reportVerificationOutcome) within VERIFICATION_OUTCOME_WINDOW_HOURS.
 *   A wrong match is a false accept of an impostor pair, a wrong no-match a false reject of a genuine
 *   one; FAR = false accepts / impostor pairs, FRR = false rejects / genuine pairs, EER from their
 *   similarity scores. Null (no series) until a tenant has reports of that kind.
 */
export async function biometricRates(services: AppServices): Promise<RateSample[]> {
  const { thresholds, gallery, verifications, config } = services;
  const eer = percent(thresholds.calibration.verificationEer);
  const calibration = (tenant: string, row: Parameters<typeof thresholds.apply>[1]): RateSample => {
    const point = thresholds.apply('verification', row);
    return { source: 'calibration', tenant, far: percent(point.falseAcceptRate), frr: percent(point.falseRejectRate), eer };
  };
  const samples = [calibration('*', null), ...(await gallery.allTenantSettings(MAX_TENANT_SERIES)).map((row) => calibration(row.tenantId, row))];

  const since = new Date(Date.now() - config.VERIFICATION_OUTCOME_WINDOW_HOURS * 3_600_000);
  const byTenant = new Map<string, { genuine: number[]; impostor: number[]; falseAccepts: number; falseRejects: number }>();
  for (const row of await verifications.reportedSince(since)) {
    const tally = byTenant.get(row.tenantId) ?? { genuine: [], impostor: [], falseAccepts: 0, falseRejects: 0 };
    // The truth: the same person when a match was right or a no-match was wrong.
    const samePerson = row.match === row.correct;
    (samePerson ? tally.genuine : tally.impostor).push(row.similarity);
    if (row.match && !row.correct) tally.falseAccepts++;
    if (!row.match && !row.correct) tally.falseRejects++;
    byTenant.set(row.tenantId, tally);
  }
  for (const [tenant, t] of byTenant) {
    samples.push({
      source: 'live',
      tenant,
      far: percent(t.impostor.length ? t.falseAccepts / t.impostor.length : null),
      frr: percent(t.genuine.length ? t.falseRejects / t.genuine.length : null),
      eer: percent(equalErrorRate(t.genuine, t.impostor)),
    });
  }
  return samples;
}
