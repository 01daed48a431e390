import { startWorker, type Spawned } from './processes.ts';

/** Keeps `count` worker processes running, as a process manager would: each one that dies is started again. */
export interface WorkerSupervisor {
  /** The workers alive now, by slot. */
  current(): (Spawned | null)[];
  /** How many times a worker died (and was restarted). */
  deaths(): number;
  /** Every line and stderr text of every worker that ever ran in a slot. */
  all(): Spawned[];
  /** The longest time a worker took from spawn to ready (loading its models). */
  slowestStartMs(): number;
  stop(): Promise<void>;
}

export async function superviseWorkers(count: number, env: Record<string, string>): Promise<WorkerSupervisor> {
  const slots: (Spawned | null)[] = Array.from({ length: count }, () => null);
  const everyone: Spawned[] = [];
  let deaths = 0;
  let slowestStartMs = 0;
  let stopping = false;
  const run = async (slot: number): Promise<void> => {
    const spawnedAt = Date.now();
    const worker = await startWorker(env);
    slowestStartMs = Math.max(slowestStartMs, Date.now() - spawnedAt);
    everyone.push(worker);
    slots[slot] = worker;
    void worker.exited.then(() => {
      slots[slot] = null;
      if (stopping) return;
      deaths++;
      void run(slot).catch(() => undefined);
    });
  };
  await Promise.all(slots.map((_, slot) => run(slot)));
  return {
    current: () => [...slots],
    deaths: () => deaths,
    all: () => [...everyone],
    slowestStartMs: () => slowestStartMs,
    async stop() {
      stopping = true;
      const alive = slots.filter((w): w is Spawned => w !== null);
      for (const w of alive) w.kill('SIGKILL');
      await Promise.all(alive.map((w) => w.exited));
    },
  };
}
