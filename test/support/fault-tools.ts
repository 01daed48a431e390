import { execFileSync } from 'node:child_process';
import { loadConfig } from '../../src/config/config.ts';

/**
 * The fault tests start a PostgreSQL cluster and a Redis of their own: they need initdb/pg_ctl (run as
 * the postgres user) and redis-server. Where they are missing the suite skips visibly; with
 * REQUIRE_SERVICES=1 (CI) it fails instead.
 */
export function requireFaultTools(suite: string): boolean {
  const missing: string[] = [];
  for (const [what, command, args] of [
    ['redis-server', 'redis-server', ['--version']],
    ['pg_config', 'pg_config', ['--version']],
    ['runuser as postgres', 'runuser', ['-u', 'postgres', '--', 'true']],
  ] as const) {
    try {
      execFileSync(command, [...args], { stdio: 'ignore' });
    } catch {
      missing.push(what);
    }
  }
  if (missing.length === 0) return true;
  const message = `${suite}: needs ${missing.join(', ')}`;
  if (loadConfig().REQUIRE_SERVICES) throw new Error(`${message} (REQUIRE_SERVICES is set)`);
  console.warn(`SKIPPED: ${message}.`);
  return false;
}
