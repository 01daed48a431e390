import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

// A PostgreSQL cluster and a Redis server of a test's own, on free ports in temporary directories, for
// the fault tests that kill and restart them. The machine's own services are never stopped.

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until(what: string, ready: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await ready().catch(() => false)) return;
    await sleep(100);
  }
  throw new Error(`${what} not ready after ${timeoutMs} ms`);
}

export interface OwnRedis {
  url: string;
  /** kill -9 the server (what it acknowledged is in its append-only file). */
  kill(): Promise<void>;
  /** Starts it again on the same port and directory: it reloads its append-only file. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** redis-server on a free port, `noeviction`; with AOF (`appendfsync always`) unless `persistence: false` (it then keeps nothing across a restart). */
export async function startOwnRedis(options: { persistence?: boolean } = {}): Promise<OwnRedis> {
  const persistence = options.persistence ?? true;
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'facesocial-redis-'));
  let child: ChildProcess | null = null;
  const ping = async (): Promise<boolean> => {
    const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return (await client.ping()) === 'PONG';
    } finally {
      client.disconnect();
    }
  };
  const start = async (): Promise<void> => {
    const aof = persistence ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', ...aof, '--maxmemory-policy', 'noeviction'];
    child = spawn('redis-server', args, { stdio: 'ignore' });
    await until(`redis-server on ${port}`, ping);
  };
  const kill = async (): Promise<void> => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((r) => running.once('exit', r));
    running.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    kill,
    start,
    stop: async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface OwnPostgres {
  /** postgres://…/facesocial on this cluster (created, with pgvector available). */
  url: string;
  /** Stops the server at once (`pg_ctl stop -m immediate`: no checkpoint, as a crash). */
  stop(): void;
  /** Starts it again on the same port and data directory. */
  start(): void;
  destroy(): void;
}

const pgBin = (name: string): string => {
  const major = execFileSync('pg_config', ['--version']).toString().match(/(\d+)/)?.[1] ?? '15';
  return `/usr/lib/postgresql/${major}/bin/${name}`;
};

/** A PostgreSQL cluster of its own (initdb in a temporary directory, trust auth), run as the postgres user. */
export async function startOwnPostgres(): Promise<OwnPostgres> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'facesocial-pg-'));
  const data = join(dir, 'data');
  const asPostgres = (bin: string, args: string[]): void => {
    execFileSync('runuser', ['-u', 'postgres', '--', pgBin(bin), ...args], { stdio: 'pipe' });
  };
  chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), Number(execFileSync('id', ['-g', 'postgres']).toString().trim()));
  asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const start = (): void =>
    asPostgres('pg_ctl', ['-D', data, '-w', '-l', join(dir, 'log'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
  start();
  execFileSync(pgBin('createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'facesocial']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/facesocial`,
    stop: () => asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']),
    start,
    destroy: () => {
      try {
        asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
