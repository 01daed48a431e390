import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, type App } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config/config.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { copyPgliteTemplate } from './pglite-template.ts';

export interface TestApp {
  app: App;
  url: string;
  dataDir: string;
  stop(options?: { keepData?: boolean }): Promise<void>;
}

/** A real app (embedded mode, real models, PGlite in a temp dir copied from the migrated template) on a free port. */
export async function startTestApp(overrides: Partial<Record<keyof Config, string | number | boolean>> = {}): Promise<TestApp> {
  let dataDir = typeof overrides.DATA_DIR === 'string' ? overrides.DATA_DIR : '';
  if (!dataDir) {
    dataDir = mkdtempSync(join(tmpdir(), 'facesocial-test-'));
    await copyPgliteTemplate(dataDir);
  }
  const config = loadConfig({
    PORT: 0,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    DATABASE_URL: undefined,
    REDIS_URL: undefined,
    ...overrides,
    DATA_DIR: dataDir,
  });
  const app = await buildApp(config, createLogger(config));
  const url = await app.start();
  return {
    app,
    url,
    dataDir,
    async stop({ keepData = false } = {}) {
      await app.stop();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
