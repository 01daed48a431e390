// `npm run worker`: tracing (when configured) starts before the modules it instruments are imported.
import { loadConfig } from '../src/config/config.ts';
import { exitOnStartupFailure } from '../src/observability/startup-failure.ts';
import { startTracing } from '../src/observability/tracing.ts';

try {
  const config = loadConfig();
  const tracing = await startTracing(config, 'worker');
  const { runWorker } = await import('./worker-process.ts');
  await runWorker(config, tracing);
} catch (error) {
  exitOnStartupFailure(error);
}
