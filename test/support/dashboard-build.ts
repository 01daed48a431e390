import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DASHBOARD = join(ROOT, 'dashboard');
/** The built dashboard's page (what src/http/dashboard.ts serves). */
const DIST_INDEX = join(DASHBOARD, 'dist', 'index.html');

/** Newest modification time under a path (the dashboard's sources). */
function newest(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(info.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/** `npm install` builds the dashboard; rebuild here when the sources are newer than the build, so a browser test sees this checkout's page. */
export function ensureDashboardBuilt(): void {
  const sources = Math.max(newest(join(DASHBOARD, 'src')), newest(join(DASHBOARD, 'index.html')), newest(join(DASHBOARD, 'vite.config.ts')));
  if (existsSync(DIST_INDEX) && statSync(DIST_INDEX).mtimeMs >= sources) return;
  execFileSync(join(ROOT, 'node_modules', '.bin', 'vite'), ['build', '--config', 'dashboard/vite.config.ts', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
    // Vitest sets NODE_ENV=test, which would give the development build of React.
    env: { ...process.env, NODE_ENV: 'production' },
  });
}
