import { pino, type Logger } from 'pino';
import type { Config } from '../config/config.ts';

export type { Logger };

/**
 * Credentials and biometric templates never reach a log line, whatever a caller logs by mistake:
 * these paths are censored by pino before a line is written (test/queue/no-secrets-in-logs.test.ts
 * checks whole runs for tokens, keys and embeddings).
 */
const redact = {
  paths: [
    'authorization',
    '*.authorization',
    '*.headers.authorization',
    '["x-api-key"]',
    '*["x-api-key"]',
    '*.headers["x-api-key"]',
    'connectionParams',
    '*.connectionParams',
    'secret',
    '*.secret',
    'embedding',
    '*.embedding',
  ],
  censor: '[redacted]',
};

export function createLogger(config: Pick<Config, 'LOG_LEVEL'>): Logger {
  return pino({ level: config.LOG_LEVEL, base: { service: 'facesocial' }, redact });
}
