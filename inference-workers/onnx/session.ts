import * as ort from 'onnxruntime-node';

export interface SessionOptions {
  /** Threads one session.run may use. */
  intraOpThreads: number;
  /** 'cpu' or 'cuda'; CUDA needs an onnxruntime-node build with the CUDA provider (docs/gpu.md). */
  executionProvider: 'cpu' | 'cuda';
}

/**
 * Creates an ONNX Runtime session with the settings measured on a 2-core CPU:
 * - set_denormal_as_zero: MobileFaceNet runs ~69 ms per face without it and ~12 ms with it (same outputs);
 *   ORT applies it per calling thread from the first session, so every session sets it.
 * - allow_spinning=0: idle intra-op threads otherwise spin and slow the next model in a chain.
 */
export async function createOnnxSession(modelPath: string, options: SessionOptions): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(modelPath, {
    executionProviders: options.executionProvider === 'cuda' ? ['cuda', 'cpu'] : ['cpu'],
    intraOpNumThreads: options.intraOpThreads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    extra: {
      session: {
        set_denormal_as_zero: '1',
        intra_op: { allow_spinning: '0' },
      },
    },
  });
}

export { ort };
