import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface Spawned {
  child: ChildProcess;
  /** Every log line (pino JSON) the process printed so far. */
  lines: string[];
  /** Everything it printed on stderr so far. */
  stderr(): string;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): void;
}

/**
 * Runs one of the project's entry points as a separate OS process (as `npm start` / `npm run worker`
 * would) and resolves once a log line matches `ready`.
 */
async function spawnEntry(
  entry: 'src/main.ts' | 'inference-workers/worker.main.ts',
  env: Record<string, string>,
  ready: (line: Record<string, unknown>) => boolean,
  timeoutMs = 120_000,
): Promise<Spawned & { readyLine: Record<string, unknown> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: root,
    // Queue mode refuses to start without auth; the tests that want auth set it themselves.
    // Several workers on one machine: each takes a free port for its probes and metrics (logged in 'worker ready').
    env: { ...process.env, LOG_LEVEL: 'info', AUTH_DISABLED: '1', WORKER_METRICS_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const readyLine = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} not ready after ${timeoutMs} ms:\n${lines.join('\n')}\n${stderr}`)), timeoutMs);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with ${code} before it was ready:\n${lines.join('\n')}\n${stderr}`));
    });
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      lines.push(line);
      try {
        const parsed = JSON.parse(line) as Record<string, unknown>;
        if (ready(parsed)) {
          clearTimeout(timer);
          resolve(parsed);
        }
      } catch {
        // not a log line
      }
    });
  });
  return { child, lines, stderr: () => stderr, exited, readyLine, kill: (signal = 'SIGTERM') => void child.kill(signal) };
}

export const startApi = async (env: Record<string, string>) => {
  const api = await spawnEntry('src/main.ts', { PORT: '0', HOST: '127.0.0.1', ...env }, (l) => typeof l.url === 'string');
  return { ...api, url: api.readyLine.url as string };
};

export const startWorker = (env: Record<string, string>) => spawnEntry('inference-workers/worker.main.ts', env, (l) => l.msg === 'worker ready');

/** SIGTERM to each, and wait until all have exited. */
export async function stopAll(processes: readonly Spawned[]): Promise<void> {
  for (const p of processes) p.kill('SIGTERM');
  await Promise.all(processes.map((p) => p.exited));
}
