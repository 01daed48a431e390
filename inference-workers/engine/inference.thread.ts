// Worker-thread entry: loads the models once and runs one image at a time, off the caller's event loop.
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../src/pipeline/errors.ts';
import type { EngineOptions } from './engine-options.ts';
import { loadModels, runFacePipeline } from './face-pipeline.ts';
import type { ThreadReply, ThreadRequest } from './thread-messages.ts';

const port = parentPort;
if (!port) throw new Error('inference.thread.ts must run as a worker thread');

const models = await loadModels(workerData as EngineOptions);
const reply = (message: ThreadReply): void => port.postMessage(message);

port.on('message', (request: ThreadRequest) => {
  runFacePipeline(models, request, (event) => reply({ id: request.id, kind: 'event', event }))
    .then(() => reply({ id: request.id, kind: 'done' }))
    .catch((error: unknown) => {
      const code = error instanceof AppError ? error.code : 'INTERNAL';
      const message = error instanceof Error ? error.message : String(error);
      reply({ id: request.id, kind: 'error', code, message, expected: error instanceof AppError });
    });
});
reply({ id: 0, kind: 'ready' });
