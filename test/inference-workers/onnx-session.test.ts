import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createOnnxSession, ort } from '../../inference-workers/onnx/session.ts';
import { MODELS_DIR } from '../support/model-paths.ts';

// ORT_EXECUTION_PROVIDER=cuda on a machine without the CUDA provider (a CPU-only onnxruntime-node
// build, as here): the session falls back to the CPU, says so once, and still runs the model.
const ortDir = dirname(createRequire(import.meta.url).resolve('onnxruntime-node/package.json'));
const hasCuda = existsSync(join(ortDir, 'bin/napi-v6/linux/x64/libonnxruntime_providers_cuda.so'));

describe.skipIf(hasCuda)('ONNX sessions: CUDA requested, no CUDA provider', () => {
  it('falls back to the CPU with one warning and runs the model', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const file = join(MODELS_DIR, 'antispoof_minifasnet_v2_80.onnx');
    const first = await createOnnxSession(file, { intraOpThreads: 1, executionProvider: 'cuda' });
    await createOnnxSession(file, { intraOpThreads: 1, executionProvider: 'cuda' });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/CUDA execution provider did not load.*running on the CPU/);
    warn.mockRestore();
    const input = new ort.Tensor('float32', new Float32Array(3 * 80 * 80).fill(128), [1, 3, 80, 80]);
    const output = await first.run({ [first.inputNames[0] as string]: input });
    expect(output[first.outputNames[0] as string]?.dims).toEqual([1, 3]);
  });
});
