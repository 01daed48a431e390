import type { AppServices } from './services.ts';

/** Sessions handled per pass: a backlog drains over a few passes instead of one long query. */
const BATCH = 200;
/** An abandoned session is decided this long after its expiry, so a finish racing the expiry wins. */
const GRACE_MS = 5000;
/** A session still DECIDING this long after its expiry lost its decision job (the queue was down when it was finished). */
const STUCK_MS = 10 * 60_000;

/**
 * Liveness housekeeping, every RECONCILE_INTERVAL_MS on each API replica (every step is conditional, so
 * replicas may overlap): a session left OPEN past its expiry is decided INCONCLUSIVE with TIMEOUT, so
 * abandoning sessions counts against the credential's attempts like failing them; a session whose
 * decision job was lost (DECIDING long after its expiry) is decided again, failing closed with TIMEOUT
 * (INCONCLUSIVE: whether it was finished in time is no longer known); sessions older than
 * LIVENESS_RETENTION_DAYS are erased with their frames, audit images and reference faces.
 */
export async function sweepLivenessSessions(services: Pick<AppServices, 'liveness' | 'decisions' | 'config' | 'logger'>, now = new Date()): Promise<void> {
  const { liveness, decisions, config, logger } = services;
  for (const { id, tenantId } of await liveness.abandoned(new Date(now.getTime() - GRACE_MS), BATCH)) {
    if (await liveness.startDeciding(tenantId, id)) await decisions.enqueue({ livenessSessionId: id, tenantId, requestId: null, timedOut: true });
  }
  for (const { id, tenantId } of await liveness.stuckDeciding(new Date(now.getTime() - STUCK_MS), BATCH)) {
    await decisions.enqueue({ livenessSessionId: id, tenantId, requestId: null, timedOut: true });
  }
  let erased = 0;
  for (const { id, tenantId } of await liveness.pastRetention(new Date(now.getTime() - config.LIVENESS_RETENTION_DAYS * 86_400_000), BATCH)) {
    if (await liveness.erase(tenantId, id)) erased++;
  }
  if (erased) logger.info({ erased, retentionDays: config.LIVENESS_RETENTION_DAYS }, 'liveness sessions past their retention erased');
}
