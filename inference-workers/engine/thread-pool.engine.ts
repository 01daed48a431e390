import { Worker } from 'node:worker_threads';
import { AppError } from '../../src/pipeline/errors.ts';
import type { AnalyzeRequest, EngineEvent, InferenceEngine } from '../../src/pipeline/results.ts';
import { verifyModels } from '../models/manifest.ts';
import type { EngineOptions } from './engine-options.ts';
import type { ThreadReply, ThreadRequest } from './thread-messages.ts';

interface Pending {
  request: ThreadRequest;
  onEvent: (event: EngineEvent) => void;
  resolve: () => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  current: Pending | null;
  /** Died and is being replaced: takes no work. */
  dead: boolean;
}

const runningFromTypeScript = import.meta.url.endsWith('.ts');
const threadUrl = new URL(runningFromTypeScript ? './inference.thread.ts' : './inference.thread.js', import.meta.url);

/**
 * Under tsx or vitest the thread is TypeScript too. Node 20 does not pass loader hooks to worker
 * threads, so the thread registers tsx itself before importing its entry.
 */
function spawnThread(options: EngineOptions): Worker {
  if (!runningFromTypeScript) return new Worker(threadUrl, { workerData: options });
  const bootstrap = `const { register } = await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))});
register();
await import(${JSON.stringify(threadUrl.href)});`;
  return new Worker(bootstrap, { eval: true, workerData: options });
}

function startThread(options: EngineOptions): Promise<Worker> {
  return new Promise((resolve, reject) => {
    const worker = spawnThread(options);
    const onError = (error: Error): void => reject(error);
    worker.once('error', onError);
    worker.once('message', (message: ThreadReply) => {
      worker.off('error', onError);
      if (message.kind === 'ready') resolve(worker);
      else reject(new Error(`inference thread sent ${message.kind} before ready`));
    });
  });
}

/** An image whose inference thread died under it (native abort, out of memory): the pool replaced the thread. */
class InferenceThreadDied extends Error {
  override name = 'InferenceThreadDied';
}

/** Lifecycle callbacks: logging a thread's death, and tests that stop a thread on purpose. */
export interface ThreadPoolHooks {
  /** Each thread once its models are loaded, the replacements of dead ones included. */
  onThreadReady?(worker: Worker): void;
  /** A thread died (its image fails with `error`); a replacement is being started. */
  onThreadDeath?(error: Error): void;
}

/**
 * Inference on a pool of worker threads, each holding every model once. One image per thread at a
 * time; further images wait in FIFO order. Verifies model files before any thread starts.
 */
export async function createThreadPoolEngine(options: EngineOptions, threads: number, hooks: ThreadPoolHooks = {}): Promise<InferenceEngine> {
  await verifyModels(options.modelsDir, options.files);
  const started = async (): Promise<Worker> => {
    const worker = await startThread(options);
    hooks.onThreadReady?.(worker);
    return worker;
  };
  const slots: Slot[] = (await Promise.all(Array.from({ length: threads }, started))).map((worker) => ({ worker, current: null, dead: false }));
  const waiting: Pending[] = [];
  let nextId = 1;
  let closed = false;

  const dispatch = (): void => {
    for (const slot of slots) {
      if (slot.dead || slot.current || waiting.length === 0) continue;
      slot.current = waiting.shift() as Pending;
      slot.worker.postMessage(slot.current.request, [slot.current.request.image.buffer as ArrayBuffer]);
    }
  };

  const attach = (slot: Slot): void => {
    slot.worker.on('message', (message: ThreadReply) => {
      const pending = slot.current;
      if (!pending || message.id !== pending.request.id) return;
      if (message.kind === 'event') {
        pending.onEvent(message.event);
        return;
      }
      slot.current = null;
      if (message.kind === 'done') pending.resolve();
      else if (message.kind === 'error') {
        pending.reject(message.expected ? new AppError(message.code, message.message) : new Error(message.message));
      }
      dispatch();
    });
    // A thread that dies (native abort, out of memory) fails its image and is replaced, so the pool keeps its size.
    const onDeath = (error: Error): void => {
      if (closed || slot.dead) return;
      slot.dead = true;
      hooks.onThreadDeath?.(error);
      slot.current?.reject(new InferenceThreadDied(`the inference thread died while running this image (${error.message})`, { cause: error }));
      slot.current = null;
      void respawn(slot);
    };
    slot.worker.once('error', onDeath);
    slot.worker.once('exit', (code) => onDeath(new Error(`inference thread exited with code ${code}`)));
  };

  const respawn = async (slot: Slot): Promise<void> => {
    for (let attempt = 1; !closed; attempt++) {
      try {
        const worker = await started();
        if (closed) {
          await worker.terminate();
          return;
        }
        Object.assign(slot, { worker, current: null, dead: false });
        attach(slot);
        dispatch();
        return;
      } catch {
        await new Promise((r) => setTimeout(r, Math.min(30_000, 500 * 2 ** attempt)));
      }
    }
  };

  for (const slot of slots) attach(slot);

  return {
    analyze(request: AnalyzeRequest, onEvent: (event: EngineEvent) => void): Promise<void> {
      if (closed) return Promise.reject(new Error('inference engine is closed'));
      return new Promise((resolve, reject) => {
        // Copy: the caller keeps its buffer; the copy's memory moves to the thread without a second copy.
        const image = new Uint8Array(request.image);
        waiting.push({ request: { id: nextId++, image, stages: request.stages }, onEvent, resolve, reject });
        dispatch();
      });
    },
    async close() {
      closed = true;
      for (const pending of waiting.splice(0)) pending.reject(new Error('inference engine is closed'));
      for (const slot of slots) slot.current?.reject(new Error('inference engine is closed'));
      await Promise.all(slots.map((slot) => slot.worker.terminate()));
    },
  };
}
