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
  if (options.executionProvider === 'cuda') {
    try {
      return await create(modelPath, options, ['cuda', 'cpu']);
    } catch (error) {
      // A CPU-only onnxruntime-node build, or no usable GPU: run on the CPU rather than not at all, and say so.
      if (!cudaFallbackReported) {
        cudaFallbackReported = true;
        console.warn(
          `ORT_EXECUTION_PROVIDER=cuda, but the CUDA execution provider did not load (${(error as Error).message.slice(0, 200)}): running on the CPU.`,
        );
      }
    }
  }
  return create(modelPath, options, ['cpu']);
}

let cudaFallbackReported = false;

function create(modelPath: string, options: SessionOptions, executionProviders: string[]): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(modelPath, {
    executionProviders,
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
