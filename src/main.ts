// `npm start`: the API. Tracing (when configured) starts first, so that the modules it instruments
// (http, pg, ioredis) are imported after its hooks are in place; a bad configuration or a missing
// model stops start-up with a readable message.
import { loadConfig } from './config/config.ts';
import { exitOnStartupFailure } from './observability/startup-failure.ts';
import { startTracing } from './observability/tracing.ts';

try {
  const config = loadConfig();
  const tracing = await startTracing(config, 'api');
  const { runApi } = await import('./api-process.ts');
  await runApi(config, tracing);
} catch (error) {
  exitOnStartupFailure(error);
}
