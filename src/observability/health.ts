/** One readiness check: resolves when its dependency answers, throws (or times out) when not. */
export type HealthCheck = () => Promise<void>;

export interface Readiness {
  ready: boolean;
  checks: Record<string, { ok: boolean; error?: string }>;
}

const CHECK_TIMEOUT_MS = 2000;

function withTimeout(check: HealthCheck): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer in ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
    check().then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/**
 * Runs every check at once, each with a 2 s limit: ready when all pass. The error is a short reason
 * for an operator (never a connection string: drivers' messages name hosts, not credentials).
 */
export async function readiness(checks: Record<string, HealthCheck>): Promise<Readiness> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]): Promise<[string, Readiness['checks'][string]]> => {
      try {
        await withTimeout(check);
        return [name, { ok: true }];
      } catch (error) {
        return [name, { ok: false, error: (error instanceof Error ? error.message : String(error)).slice(0, 200) }];
      }
    }),
  );
  const results: Readiness['checks'] = Object.fromEntries(entries);
  return { ready: entries.every(([, result]) => result.ok), checks: results };
}
